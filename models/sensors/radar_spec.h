#pragma once
/// Notional radar type (catalog entry) and radar site (scenario placement). SI units,
/// angles in radians. All values are notional, from public-textbook classes.
#include <cstdint>
#include <string>

#include "models/earth/earth_model.h"
#include "models/sensors/detection.h"
#include "models/sensors/site_path.h"

namespace bmd::sensors {

/// A radar class. Sensitivity follows the radar equation scaled from one reference point:
///   SNR_dB(R, sigma) = reference_snr_db + 10 log10(sigma / 1 m^2) + 40 log10(R_ref / R).
struct RadarSpec {
  std::string name;
  std::string band;                    ///< "X", "S", "L", "C" (informational)
  double frequency_hz = 10e9;
  double reference_snr_db = 20.0;      ///< single-dwell SNR on a 1 m^2 target at reference_range_m
  double reference_range_m = 1000e3;
  double pfa = 1e-6;                   ///< per-cell false-alarm probability (sets the threshold)
  Swerling swerling = Swerling::kCase1;
  /// Mean number of false alarms per search frame over the whole field of regard (what the
  /// post-detection CFAR/clutter map lets through; set independently of pfa).
  double false_alarms_per_frame = 0.1;
  double beamwidth_rad = 0.6 * earth::kDeg;  ///< 3 dB beamwidth theta_3dB
  double bandwidth_hz = 5e6;           ///< waveform bandwidth B (range accuracy)
  double coherent_dwell_s = 5e-3;      ///< coherent processing interval (range-rate accuracy)
  double min_range_sigma_m = 1.0;      ///< floors on the SNR-dependent accuracies
  double min_angle_sigma_rad = 5e-5;
  double min_range_rate_sigma_mps = 0.1;
  double min_range_m = 1e3;            ///< blind zone (and lower bound for false alarms)
  double max_range_m = 2000e3;         ///< instrumented range
  double max_range_rate_mps = 8e3;     ///< unambiguous |range rate| (false-alarm placement)
  double min_elevation_rad = 0.5 * earth::kDeg;
  /// Field of regard about the site's boresight: |az - boresight_az| <= az_half_width and
  /// |el - boresight_el| <= el_half_width. az_half_width >= pi means all round (rotating).
  double for_az_half_width_rad = 60.0 * earth::kDeg;
  double for_el_half_width_rad = 45.0 * earth::kDeg;
  double search_frame_s = 10.0;        ///< whole field of regard revisited every search_frame_s
  double track_revisit_s = 1.0;        ///< revisit of tracked objects and of cued sectors
  int track_capacity = 100;            ///< objects the radar can hold in track at once
  bool measures_range_rate = true;
  /// Effective-Earth-radius factor for the horizon (4/3 standard atmosphere); 1 = the exact
  /// WGS-84 straight-line test (LineOfSightClear).
  double refraction_k = 1.0;
};

/// Fixed measurement bias of one radar (registration error): added to every measurement.
struct RadarBias {
  double range_m = 0.0;
  double az_rad = 0.0;
  double el_rad = 0.0;
};

/// One radar placed in the scenario.
struct RadarSite {
  std::string name;
  std::string nation;                  ///< owner nation id, e.g. "ROK"
  int node_index = -1;                 ///< C2 node the radar reports to
  std::int32_t sensor_index = -1;      ///< index in the scenario's sensor list (Measurement::sensor)
  SitePath path;                       ///< fixed or waypoint (ship) position
  double boresight_az_rad = 0.0;       ///< clockwise from north
  double boresight_el_rad = 45.0 * earth::kDeg;
  RadarBias bias;
};

}  // namespace bmd::sensors
