#include "models/sensors/radar.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <utility>

#include "models/common/angles.h"
#include "models/sensors/earth_blockage.h"

namespace bmd::sensors {
namespace {
constexpr double kC = 299792458.0;  // m/s
constexpr double kPi = std::numbers::pi;
}  // namespace

Radar::Radar(RadarSpec spec, RadarSite site)
    : spec_(std::move(spec)),
      site_(std::move(site)),
      wavelength_m_(kC / spec_.frequency_hz),
      all_round_(spec_.for_az_half_width_rad >= kPi) {}

RadarLook Radar::Look(const SiteState& site, const Eigen::Vector3d& r_ecef) const {
  RadarLook look;
  look.d_ecef = r_ecef - site.r_ecef;
  const Eigen::Vector3d enu = site.R_ecef_from_enu.transpose() * look.d_ecef;
  // Plain square roots (std::hypot's overflow guard is not needed at Earth scales).
  const double horiz2 = enu.x() * enu.x() + enu.y() * enu.y();
  look.range_m = std::sqrt(horiz2 + enu.z() * enu.z());
  // The angles only as far as the visibility tests need them (most objects of a scenario
  // are out of a radar's range most of the time): the same values, in the same tests.
  if (look.range_m > spec_.max_range_m || look.range_m < spec_.min_range_m) {
    look.visibility = Visibility::kOutOfRange;
    return look;
  }
  look.el_rad = std::atan2(enu.z(), std::sqrt(horiz2));
  if (look.el_rad < spec_.min_elevation_rad) {
    look.visibility = Visibility::kBelowMinElevation;
    return look;
  }
  look.az_rad = std::atan2(enu.x(), enu.y());
  if ((!all_round_ &&
       std::abs(WrapPi(look.az_rad - site_.boresight_az_rad)) >
           spec_.for_az_half_width_rad) ||
      std::abs(look.el_rad - site_.boresight_el_rad) > spec_.for_el_half_width_rad) {
    look.visibility = Visibility::kOutsideFieldOfRegard;
  } else if (spec_.refraction_k == 1.0 ? !LineOfSightClear(site.r_ecef, r_ecef)
                                       : !LineOfSightClearRefracted(site.r_ecef, r_ecef,
                                                                    spec_.refraction_k)) {
    look.visibility = Visibility::kEarthBlocked;
  } else {
    look.visibility = Visibility::kVisible;
  }
  return look;
}

double Radar::SnrDb(double range_m, double rcs_m2) const {
  return spec_.reference_snr_db + 10.0 * std::log10(rcs_m2) +
         40.0 * std::log10(spec_.reference_range_m / range_m);
}

double Radar::ProbabilityOfDetection(double snr_db) const {
  return PdRadar(DbToLinear(snr_db), spec_.pfa, spec_.swerling);
}

RadarAccuracy Radar::Accuracy(double snr_db, double el_rad) const {
  return AccuracyLinear(DbToLinear(snr_db), el_rad);
}

RadarAccuracy Radar::AccuracyLinear(double snr, double el_rad) const {
  const double root = std::sqrt(2.0 * snr);
  RadarAccuracy a;
  a.range_m = std::max(kC / (2.0 * spec_.bandwidth_hz * root), spec_.min_range_sigma_m);
  a.el_rad = std::max(spec_.beamwidth_rad / (1.6 * root), spec_.min_angle_sigma_rad);
  a.az_rad = a.el_rad / std::max(std::cos(el_rad), 0.05);
  a.range_rate_mps = std::max(wavelength_m_ / (2.0 * spec_.coherent_dwell_s * root),
                              spec_.min_range_rate_sigma_mps);
  return a;
}

void Radar::FillHeader(const SiteState& site, double snr_db, std::int64_t truth_id,
                       Measurement* m) const {
  m->t_s = site.t_s;
  m->sensor = site_.sensor_index;
  m->truth_id = truth_id;
  m->kind = spec_.measures_range_rate ? MeasurementKind::kRangeAzElRate
                                      : MeasurementKind::kRangeAzEl;
  m->site_pos = site.r_ecef;
  m->site_vel = site.v_ecef;
  m->R_frame_from_enu = site.R_ecef_from_enu;
  m->snr_db = snr_db;
}

bool Radar::Dwell(const SiteState& site, const RadarLook& look, const RadarTarget& target,
                  RandomStream& detection, RandomStream& noise, Measurement* out) const {
  if (!look.visible()) return false;
  const double snr_db = SnrDb(look.range_m, target.rcs_m2);
  // The linear SNR once, for Pd and the accuracies (the same value both computed before).
  const double snr = DbToLinear(snr_db);
  if (!detection.Bernoulli(PdRadar(snr, spec_.pfa, spec_.swerling))) return false;
  const RadarAccuracy acc = AccuracyLinear(snr, look.el_rad);
  FillHeader(site, snr_db, target.truth_id, out);
  out->sigma = Eigen::Vector4d(acc.range_m, acc.az_rad, acc.el_rad,
                               spec_.measures_range_rate ? acc.range_rate_mps : 1.0);
  out->z[0] = look.range_m + site_.bias.range_m + acc.range_m * noise.Normal();
  out->z[1] = WrapPi(look.az_rad + site_.bias.az_rad + acc.az_rad * noise.Normal());
  out->z[2] = look.el_rad + site_.bias.el_rad + acc.el_rad * noise.Normal();
  if (spec_.measures_range_rate) {
    const double rdot = look.d_ecef.dot(target.v_ecef - site.v_ecef) / look.range_m;
    out->z[3] = rdot + acc.range_rate_mps * noise.Normal();
  } else {
    out->z[3] = 0.0;
  }
  return true;
}

bool Radar::Dwell(const SiteState& site, const RadarTarget& target, RandomStream& detection,
                  RandomStream& noise, Measurement* out) const {
  return Dwell(site, Look(site, target.r_ecef), target, detection, noise, out);
}

int Radar::FalseAlarms(const SiteState& site, double t_s, double dt_s, RandomStream& rng,
                       std::vector<Measurement>* out) const {
  const double mean = spec_.false_alarms_per_frame * dt_s / spec_.search_frame_s;
  const int count = static_cast<int>(rng.Poisson(mean));
  const double threshold = -std::log(spec_.pfa);
  const double el_lo = std::max(spec_.min_elevation_rad,
                                site_.boresight_el_rad - spec_.for_el_half_width_rad);
  const double el_hi =
      std::min(kPi / 2.0, site_.boresight_el_rad + spec_.for_el_half_width_rad);
  const double az_half = std::min(spec_.for_az_half_width_rad, kPi);
  for (int k = 0; k < count; ++k) {
    Measurement m;
    const double snr_db = LinearToDb(threshold + rng.Exponential(1.0));
    FillHeader(site, snr_db, -1, &m);
    m.t_s = t_s;
    const double el = rng.Uniform(el_lo, el_hi);
    const RadarAccuracy acc = Accuracy(snr_db, el);
    m.sigma = Eigen::Vector4d(acc.range_m, acc.az_rad, acc.el_rad,
                              spec_.measures_range_rate ? acc.range_rate_mps : 1.0);
    m.z[0] = rng.Uniform(spec_.min_range_m, spec_.max_range_m);
    m.z[1] = WrapPi(site_.boresight_az_rad + rng.Uniform(-az_half, az_half));
    m.z[2] = el;
    m.z[3] = spec_.measures_range_rate
                 ? rng.Uniform(-spec_.max_range_rate_mps, spec_.max_range_rate_mps)
                 : 0.0;
    out->push_back(m);
  }
  return count;
}

}  // namespace bmd::sensors
