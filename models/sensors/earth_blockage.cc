#include "models/sensors/earth_blockage.h"

#include <Eigen/Geometry>

#include <algorithm>
#include <cmath>

#include "models/earth/earth_model.h"
#include "models/earth/geodesy.h"

namespace bmd::sensors {

bool LineOfSightClear(const Eigen::Vector3d& a, const Eigen::Vector3d& b, double margin_m) {
  const double inv_ax = 1.0 / (earth::kWgs84A + margin_m);
  const double inv_bz = 1.0 / (earth::kWgs84B + margin_m);
  const Eigen::Vector3d p0(a.x() * inv_ax, a.y() * inv_ax, a.z() * inv_bz);
  const Eigen::Vector3d p1(b.x() * inv_ax, b.y() * inv_ax, b.z() * inv_bz);
  const Eigen::Vector3d d = p1 - p0;
  const double dd = d.squaredNorm();
  double s = 0.0;
  if (dd > 0.0) s = std::clamp(-p0.dot(d) / dd, 0.0, 1.0);
  const double min_r2 = (p0 + s * d).squaredNorm();
  return min_r2 >= 1.0 - 1e-12;
}

bool LineOfSightClearRefracted(const Eigen::Vector3d& a, const Eigen::Vector3d& b,
                               double k_factor) {
  // Local radius of curvature at the midpoint's geocentric latitude (Gaussian mean radius
  // sqrt(M N)); heights from the fast WGS-84 altitude.
  const Eigen::Vector3d mid = 0.5 * (a + b);
  const double rho = std::hypot(mid.x(), mid.y());
  const double lat = std::atan2(mid.z(), rho * (1.0 - earth::kWgs84E2));  // geodetic approx
  const double sl = std::sin(lat);
  const double w2 = 1.0 - earth::kWgs84E2 * sl * sl;
  const double r_local = earth::kWgs84A * std::sqrt(1.0 - earth::kWgs84E2) / w2;
  const double ha = earth::FastAltitude(a, earth::Shape::kWgs84);
  const double hb = earth::FastAltitude(b, earth::Shape::kWgs84);
  const double theta = std::atan2(a.cross(b).norm(), a.dot(b));
  const double r_eff = k_factor * r_local;
  const double theta_eff = theta / k_factor;  // same ground arc on the larger sphere
  // Plane picture: A on the y axis, B at angle theta_eff.
  const Eigen::Vector2d pa(0.0, r_eff + ha);
  const Eigen::Vector2d pb((r_eff + hb) * std::sin(theta_eff), (r_eff + hb) * std::cos(theta_eff));
  const Eigen::Vector2d d = pb - pa;
  const double dd = d.squaredNorm();
  double s = 0.0;
  if (dd > 0.0) s = std::clamp(-pa.dot(d) / dd, 0.0, 1.0);
  const double min_r = (pa + s * d).norm();
  return min_r >= r_eff * (1.0 - 1e-12);
}

}  // namespace bmd::sensors
