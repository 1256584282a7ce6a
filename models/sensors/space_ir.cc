#include "models/sensors/space_ir.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <utility>

#include "models/common/angles.h"
#include "models/earth/geodesy.h"
#include "models/sensors/detection.h"
#include "models/sensors/earth_blockage.h"

namespace bmd::sensors {

SpaceIrSensor::SpaceIrSensor(SpaceIrSpec spec, SpaceIrSite site)
    : spec_(std::move(spec)), site_(std::move(site)) {}

bool SpaceIrSensor::ScanDue(double t_s, double dt_s, double* scan_t_s) const {
  // Smallest k with phase + k T >= t_s (tolerating tick rounding), then test < t_s + dt_s.
  const double k = std::ceil((t_s - site_.scan_phase_s) / spec_.revisit_s - 1e-9);
  const double ts = site_.scan_phase_s + k * spec_.revisit_s;
  if (ts < t_s + dt_s - 1e-9) {
    if (scan_t_s) *scan_t_s = ts;
    return true;
  }
  return false;
}

IrVisibility SpaceIrSensor::Visible(const SatelliteState& sat, const IrTarget& target) const {
  if (!target.burning || !(target.intensity_w_sr > 0.0)) return IrVisibility::kNotBurning;
  if (earth::FastAltitude(target.r_ecef, earth::Shape::kWgs84) < spec_.min_plume_altitude_m) {
    return IrVisibility::kBelowPlumeAltitude;
  }
  if (!LineOfSightClear(sat.r_ecef, target.r_ecef, spec_.los_min_altitude_m)) {
    return IrVisibility::kBelowLimb;
  }
  return IrVisibility::kVisible;
}

double SpaceIrSensor::Snr(double range_m, double intensity_w_sr) const {
  return intensity_w_sr / (range_m * range_m * spec_.nei_w_m2);
}

double SpaceIrSensor::ProbabilityOfDetection(double snr) const {
  return PdGaussian(snr, spec_.pfa);
}

bool SpaceIrSensor::Detect(const SatelliteState& sat, const IrTarget& target,
                           RandomStream& detection, RandomStream& noise,
                           Measurement* out) const {
  if (Visible(sat, target) != IrVisibility::kVisible) return false;
  const Eigen::Vector3d d = target.r_ecef - sat.r_ecef;
  const double range = d.norm();
  const double snr = Snr(range, target.intensity_w_sr);
  if (!detection.Bernoulli(ProbabilityOfDetection(snr))) return false;
  const Eigen::Vector3d e = sat.R_ecef_from_sensor.transpose() * d;
  const double horiz = std::hypot(e.x(), e.y());
  const double az = std::atan2(e.x(), e.y());
  const double el = std::atan2(e.z(), horiz);
  const double sigma_az = spec_.los_sigma_rad / std::max(std::cos(el), 0.05);
  out->t_s = sat.t_s;
  out->sensor = site_.sensor_index;
  out->truth_id = target.truth_id;
  out->kind = MeasurementKind::kAngles;
  out->z = Eigen::Vector4d(WrapPi(az + sigma_az * noise.Normal()),
                           el + spec_.los_sigma_rad * noise.Normal(), 0.0, 0.0);
  out->sigma = Eigen::Vector4d(sigma_az, spec_.los_sigma_rad, 1.0, 1.0);
  out->site_pos = sat.r_ecef;
  out->site_vel = sat.v_ecef;
  out->R_frame_from_enu = sat.R_ecef_from_sensor;
  out->snr_db = LinearToDb(snr);
  return true;
}

}  // namespace bmd::sensors
