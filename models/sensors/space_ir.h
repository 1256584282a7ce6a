#pragma once
/// Space-based infrared sensor: detects boost plumes from a satellite, measures the line of
/// sight (MeasurementKind::kAngles). SI units; irradiance W/m^2, radiant intensity W/sr.
///
/// Notional visibility rule (documented model, not a system's): a plume is seen when
///  - the motor burns (the engine passes the object's burning flag and plume intensity),
///  - the plume is above min_plume_altitude_m (clear of cloud and water vapour; below it the
///    plume is taken as hidden: no detection), and
///  - the line of sight satellite -> target stays above los_min_altitude_m everywhere
///    (Earth limb plus the absorbing lower atmosphere; LineOfSightClear with a margin).
/// Detection: irradiance E = I / R^2 (no atmospheric loss above the plume altitude), pixel
/// SNR S = E / NEI, Pd = Q(Qinv(Pfa) - S) (PdGaussian), drawn per scan.
/// Measurement: azimuth/elevation in the satellite sensor frame (see SatelliteState) with
/// 1-sigma los_sigma_rad on each axis (azimuth sigma / cos(el)), no range.
///
/// Engine use: at each scan instant (ScanDue) compute s = StateAt(t) once, then Detect for
/// each burning object; feed detections to a LaunchEstimator to build Cues.
#include <Eigen/Core>

#include <cstdint>
#include <string>

#include "models/common/random.h"
#include "models/sensors/measurement.h"
#include "models/sensors/orbit.h"

namespace bmd::sensors {

struct SpaceIrSpec {
  std::string name;
  double revisit_s = 10.0;             ///< scan period (whole field of view)
  double los_sigma_rad = 50e-6;        ///< line-of-sight noise, 1 sigma per axis
  double nei_w_m2 = 5e-12;             ///< noise-equivalent irradiance
  double pfa = 1e-6;                   ///< per-pixel false-alarm probability (threshold)
  double min_plume_altitude_m = 12e3;  ///< plume hidden below this altitude
  double los_min_altitude_m = 10e3;    ///< line of sight must stay above this altitude
};

struct SpaceIrSite {
  std::string name;
  std::string nation;
  int node_index = -1;
  std::int32_t sensor_index = -1;
  OrbitSpec orbit;
  double scan_phase_s = 0.0;           ///< scans at scan_phase_s + k * revisit_s
};

enum class IrVisibility : std::uint8_t {
  kVisible = 0,
  kNotBurning,
  kBelowPlumeAltitude,
  kBelowLimb,          ///< line of sight passes through the Earth or lower atmosphere
};

struct IrTarget {
  std::int64_t truth_id = -1;
  Eigen::Vector3d r_ecef = Eigen::Vector3d::Zero();
  bool burning = false;
  double intensity_w_sr = 0.0;         ///< plume radiant intensity in the sensor's band
};

class SpaceIrSensor {
 public:
  SpaceIrSensor(SpaceIrSpec spec, SpaceIrSite site);

  const SpaceIrSpec& spec() const { return spec_; }
  const SpaceIrSite& site() const { return site_; }

  SatelliteState StateAt(double t_s) const { return OrbitState(site_.orbit, t_s); }
  /// True when a scan instant scan_phase_s + k * revisit_s lies in [t_s, t_s + dt_s); the
  /// instant is written to *scan_t_s.
  bool ScanDue(double t_s, double dt_s, double* scan_t_s) const;

  IrVisibility Visible(const SatelliteState& sat, const IrTarget& target) const;
  /// Pixel SNR of a plume of the given intensity at range_m: I / (R^2 NEI).
  double Snr(double range_m, double intensity_w_sr) const;
  double ProbabilityOfDetection(double snr) const;

  /// One look at one object during a scan: visibility, Pd draw (one uniform from
  /// `detection`), then the noisy line of sight (two normals from `noise`) into *out.
  bool Detect(const SatelliteState& sat, const IrTarget& target, RandomStream& detection,
              RandomStream& noise, Measurement* out) const;

 private:
  SpaceIrSpec spec_;
  SpaceIrSite site_;
};

}  // namespace bmd::sensors
