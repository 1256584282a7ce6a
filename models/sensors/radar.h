#pragma once
/// Radar sensor model: visibility (range, field of regard, minimum elevation, Earth
/// blockage), detection (radar equation + Swerling Pd, drawn per dwell), measurement
/// (range, azimuth, elevation and optionally range rate with SNR-dependent noise and the
/// site's bias) and false alarms. ECEF in, sensors::Measurement out; no allocation per dwell.
///
/// Engine use per tick t (see RadarScheduler for who gets a dwell):
///   SiteState s = radar.SiteAt(t);                       // once per radar per tick
///   for each object i: looks[i] = radar.Look(s, r_i);     // geometry + visibility
///   scheduler.Plan(t, dt, looks, dwell_kinds);
///   for each i with a dwell: detected = radar.Dwell(s, looks[i], target_i, det_rng, noise_rng, &m);
///                            scheduler.Report(i, t, detected);
///   radar.FalseAlarms(s, dt, fa_rng, &measurements);      // once per radar per tick
#include <Eigen/Core>

#include <cstdint>
#include <vector>

#include "models/common/random.h"
#include "models/sensors/measurement.h"
#include "models/sensors/radar_spec.h"
#include "models/sensors/site_path.h"

namespace bmd::sensors {

/// Why an object is or is not visible to a radar (first failing test, in this order).
enum class Visibility : std::uint8_t {
  kVisible = 0,
  kOutOfRange,            ///< beyond max_range_m or inside min_range_m
  kBelowMinElevation,     ///< elevation below min_elevation_rad
  kOutsideFieldOfRegard,  ///< outside the boresight az/el half-widths
  kEarthBlocked,          ///< line of sight passes below the ellipsoid
};

/// Geometry of one object seen from a radar site (true values, no noise or bias). The angles
/// are computed only as far as the visibility tests need them: both stay 0 for kOutOfRange,
/// az_rad stays 0 for kBelowMinElevation.
struct RadarLook {
  Visibility visibility = Visibility::kOutOfRange;
  double range_m = 0.0;
  double az_rad = 0.0;   ///< clockwise from north, (-pi, pi]
  double el_rad = 0.0;
  Eigen::Vector3d d_ecef = Eigen::Vector3d::Zero();  ///< target minus site
  bool visible() const { return visibility == Visibility::kVisible; }
};

/// What the engine knows about a truth object for a radar dwell.
struct RadarTarget {
  std::int64_t truth_id = -1;
  Eigen::Vector3d r_ecef = Eigen::Vector3d::Zero();
  Eigen::Vector3d v_ecef = Eigen::Vector3d::Zero();
  double rcs_m2 = 1.0;   ///< radar cross-section at this radar's band and aspect
};

/// 1-sigma measurement accuracies at a given SNR (Skolnik, Introduction to Radar Systems):
///   sigma_R     = c / (2 B sqrt(2 SNR)),
///   sigma_theta = theta_3dB / (1.6 sqrt(2 SNR))        (beam-space angle),
///   sigma_az    = sigma_theta / max(cos el, 0.05)      (azimuth coordinate),
///   sigma_Rdot  = lambda / (2 T_cpi sqrt(2 SNR)),
/// each floored at the spec's minimum.
struct RadarAccuracy {
  double range_m = 0.0;
  double az_rad = 0.0;
  double el_rad = 0.0;
  double range_rate_mps = 0.0;
};

class Radar {
 public:
  Radar(RadarSpec spec, RadarSite site);

  const RadarSpec& spec() const { return spec_; }
  const RadarSite& site() const { return site_; }

  /// Site position, velocity and ENU axes at t_s; compute once per tick and reuse.
  SiteState SiteAt(double t_s) const { return site_.path.StateAt(t_s); }

  /// True range/az/el of r_ecef and whether it is visible: inside [min_range, max_range],
  /// el >= min_elevation, inside the field of regard, and the line of sight clear of the
  /// Earth (exact ellipsoid, or the effective-Earth model when refraction_k != 1).
  RadarLook Look(const SiteState& site, const Eigen::Vector3d& r_ecef) const;

  /// SNR_dB = reference_snr_db + 10 log10(rcs / 1 m^2) + 40 log10(R_ref / R).
  double SnrDb(double range_m, double rcs_m2) const;
  /// Single-dwell probability of detection at this SNR for the spec's Pfa and Swerling case.
  double ProbabilityOfDetection(double snr_db) const;
  RadarAccuracy Accuracy(double snr_db, double el_rad) const;

  /// One dwell on a target whose look was computed at this tick. Returns false when the
  /// object is not visible or the detection draw fails (one uniform from `detection`).
  /// On detection fills *out completely (sigma, site, ENU axes, snr_db, truth_id, kind) with
  /// z = truth + N(0, sigma^2) + bias (normals from `noise`).
  bool Dwell(const SiteState& site, const RadarLook& look, const RadarTarget& target,
             RandomStream& detection, RandomStream& noise, Measurement* out) const;
  /// Convenience: Look + Dwell.
  bool Dwell(const SiteState& site, const RadarTarget& target, RandomStream& detection,
             RandomStream& noise, Measurement* out) const;

  /// False alarms over a time step dt_s: count ~ Poisson(false_alarms_per_frame * dt_s /
  /// search_frame_s), each uniform in azimuth and elevation over the field of regard (above
  /// the minimum elevation), uniform in range over [min_range, max_range] (range cells are
  /// uniform in range) and in range rate over +-max_range_rate. Its apparent SNR is that of
  /// a noise sample given it crossed the square-law threshold T = -ln(Pfa): T + Exp(1).
  /// Appends to *out (truth_id = -1); returns the number appended. Reuse *out across ticks
  /// so that no allocation happens after warm-up.
  int FalseAlarms(const SiteState& site, double t_s, double dt_s, RandomStream& rng,
                  std::vector<Measurement>* out) const;

 private:
  /// Accuracy for a linear SNR (Accuracy(snr_db, el) = AccuracyLinear(DbToLinear(snr_db), el)).
  RadarAccuracy AccuracyLinear(double snr, double el_rad) const;
  void FillHeader(const SiteState& site, double snr_db, std::int64_t truth_id,
                  Measurement* m) const;

  RadarSpec spec_;
  RadarSite site_;
  double wavelength_m_;
  bool all_round_;
};

}  // namespace bmd::sensors
