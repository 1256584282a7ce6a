#include "models/sensors/cue.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "models/common/angles.h"

namespace bmd::sensors {
namespace {
constexpr double kPi = std::numbers::pi;
}  // namespace

bool CueSector::Contains(double t_s, double az_rad, double el_rad) const {
  if (t_s < t_start_s || t_s >= t_end_s) return false;
  if (el_rad < el_min_rad || el_rad > el_max_rad) return false;
  return std::abs(WrapPi(az_rad - az_center_rad)) <= az_half_width_rad;
}

CueSector SectorFromCue(const Cue& cue, const SiteState& site, double t_start_s, double valid_s,
                        double lookahead_s, double n_sigma, double beamwidth_rad) {
  const double sigma_m = std::sqrt(std::max(cue.P_r.trace(), 0.0) / 3.0);
  const Eigen::Vector3d launch_ecef = earth::GeodeticToEcef(cue.launch);
  // Azimuth offsets are accumulated relative to the first point so that sectors crossing
  // north (+-pi) stay contiguous.
  double az_ref = 0.0, az_lo = 0.0, az_hi = 0.0;
  double el_lo = 0.0, el_hi = 0.0;
  bool first = true;
  auto add = [&](const Eigen::Vector3d& r_ecef) {
    const Eigen::Vector3d e = site.R_ecef_from_enu.transpose() * (r_ecef - site.r_ecef);
    const double horiz = std::hypot(e.x(), e.y());
    const double range = std::max(e.norm(), 1.0);
    const double az = std::atan2(e.x(), e.y());
    const double el = std::atan2(e.z(), horiz);
    const double pad = n_sigma * sigma_m / range + beamwidth_rad;
    if (first) {
      az_ref = az;
      first = false;
      az_lo = -pad;
      az_hi = pad;
      el_lo = el - pad;
      el_hi = el + pad;
      return;
    }
    const double rel = WrapPi(az - az_ref);
    az_lo = std::min(az_lo, rel - pad);
    az_hi = std::max(az_hi, rel + pad);
    el_lo = std::min(el_lo, el - pad);
    el_hi = std::max(el_hi, el + pad);
  };
  add(launch_ecef);
  for (int k = 0; k <= 8; ++k) {
    add(cue.r_ecef + cue.v_ecef * (lookahead_s * k / 8.0));
  }
  CueSector s;
  s.az_center_rad = WrapPi(az_ref + 0.5 * (az_lo + az_hi));
  s.az_half_width_rad = std::min(0.5 * (az_hi - az_lo), kPi);
  s.el_min_rad = std::min(el_lo, 0.0);
  s.el_max_rad = std::min(el_hi, kPi / 2.0);
  s.t_start_s = t_start_s;
  s.t_end_s = t_start_s + valid_s;
  return s;
}

}  // namespace bmd::sensors
