#pragma once
/// Geodetic <-> ECEF <-> local ENU conversions and geodesics, on the WGS-84 ellipsoid
/// (via GeographicLib) or on a sphere of radius kSphereRadius.
#include <Eigen/Core>

#include "models/earth/earth_model.h"

namespace bmd::earth {

/// Geodetic position: latitude and longitude in radians, height above the surface in metres.
struct Geodetic {
  double lat_rad = 0.0;
  double lon_rad = 0.0;
  double alt_m = 0.0;
};

Eigen::Vector3d GeodeticToEcef(const Geodetic& g, Shape shape = Shape::kWgs84);
Geodetic EcefToGeodetic(const Eigen::Vector3d& r_ecef, Shape shape = Shape::kWgs84);

/// Rotation whose columns are the local east, north and up unit vectors in ECEF
/// (geodetic vertical for WGS-84, radial for the sphere).
Eigen::Matrix3d REcefFromEnu(double lat_rad, double lon_rad);

/// Local tangent frame at an origin: position conversions ECEF <-> ENU.
struct EnuFrame {
  Eigen::Vector3d origin_ecef = Eigen::Vector3d::Zero();
  Eigen::Matrix3d R_ecef_from_enu = Eigen::Matrix3d::Identity();

  static EnuFrame At(const Geodetic& origin, Shape shape = Shape::kWgs84);
  Eigen::Vector3d ToEnu(const Eigen::Vector3d& r_ecef) const {
    return R_ecef_from_enu.transpose() * (r_ecef - origin_ecef);
  }
  Eigen::Vector3d ToEcef(const Eigen::Vector3d& r_enu) const {
    return origin_ecef + R_ecef_from_enu * r_enu;
  }
};

/// Height above the surface, fast (one sqrt, no iteration), for force models.
/// WGS-84: |r| minus the ellipsoid radius at the geocentric latitude of r; differs from the
/// exact geodetic height by at most ~5.6e-6 x height (the normal and radial directions differ
/// by at most ~0.19 deg): < 1 m below 150 km, where drag matters. Sphere: exact.
double FastAltitude(const Eigen::Vector3d& r_ecef, Shape shape);

/// FastAltitude for the drag hot loop, given r_norm = |r| (the caller has it): the inverse
/// square root of the ellipsoid radius b / sqrt(1 - x), x = e^2 cos^2(phi_c) <= e^2, is
/// expanded as 1 + x/2 + 3x^2/8 + 5x^3/16 (no sqrt, no division by a root): truncation
/// 35 x^4 / 128 * b < 4 mm from FastAltitude. Sphere: r_norm - R (exact).
inline double FastAltitudeSeries(const Eigen::Vector3d& r_ecef, double r_norm, Shape shape) {
  if (shape == Shape::kSphere) return r_norm - kSphereRadius;
  const double x =
      kWgs84E2 * (r_ecef.x() * r_ecef.x() + r_ecef.y() * r_ecef.y()) / (r_norm * r_norm);
  return r_norm - kWgs84B * (1.0 + x * (0.5 + x * (0.375 + x * 0.3125)));
}

/// Surface geodesic between two points (WGS-84: GeographicLib; sphere: great circle).
struct GeodesicResult {
  double distance_m = 0.0;
  double azimuth1_rad = 0.0;  ///< initial azimuth at point 1, clockwise from north
  double azimuth2_rad = 0.0;  ///< forward azimuth at point 2
};
GeodesicResult GeodesicInverse(double lat1_rad, double lon1_rad, double lat2_rad,
                               double lon2_rad, Shape shape = Shape::kWgs84);
/// Point reached from (lat1, lon1) after distance_m along initial azimuth.
Geodetic GeodesicDirect(double lat1_rad, double lon1_rad, double azimuth_rad, double distance_m,
                        Shape shape = Shape::kWgs84);

}  // namespace bmd::earth
