#include "models/earth/geodesy.h"

#include <GeographicLib/Geocentric.hpp>
#include <GeographicLib/Geodesic.hpp>

#include <cmath>

namespace bmd::earth {
namespace {


const GeographicLib::Geocentric& GeocentricFor(Shape shape) {
  static const GeographicLib::Geocentric wgs84(kWgs84A, kWgs84F);
  static const GeographicLib::Geocentric sphere(kSphereRadius, 0.0);
  return shape == Shape::kWgs84 ? wgs84 : sphere;
}

const GeographicLib::Geodesic& GeodesicFor(Shape shape) {
  static const GeographicLib::Geodesic wgs84(kWgs84A, kWgs84F);
  static const GeographicLib::Geodesic sphere(kSphereRadius, 0.0);
  return shape == Shape::kWgs84 ? wgs84 : sphere;
}

}  // namespace

Eigen::Vector3d GeodeticToEcef(const Geodetic& g, Shape shape) {
  double x, y, z;
  GeocentricFor(shape).Forward(g.lat_rad * kRadToDeg, g.lon_rad * kRadToDeg, g.alt_m, x, y, z);
  return {x, y, z};
}

Geodetic EcefToGeodetic(const Eigen::Vector3d& r, Shape shape) {
  double lat, lon, h;
  GeocentricFor(shape).Reverse(r.x(), r.y(), r.z(), lat, lon, h);
  return {lat / kRadToDeg, lon / kRadToDeg, h};
}

Eigen::Matrix3d REcefFromEnu(double lat, double lon) {
  const double sl = std::sin(lat), cl = std::cos(lat), so = std::sin(lon), co = std::cos(lon);
  Eigen::Matrix3d m;
  m.col(0) << -so, co, 0.0;                 // east
  m.col(1) << -sl * co, -sl * so, cl;       // north
  m.col(2) << cl * co, cl * so, sl;         // up
  return m;
}

EnuFrame EnuFrame::At(const Geodetic& origin, Shape shape) {
  return EnuFrame{GeodeticToEcef(origin, shape), REcefFromEnu(origin.lat_rad, origin.lon_rad)};
}

double FastAltitude(const Eigen::Vector3d& r, Shape shape) {
  const double rn = r.norm();
  if (shape == Shape::kSphere) return rn - kSphereRadius;
  // Ellipsoid radius at geocentric latitude phi_c: b / sqrt(1 - e^2 cos^2 phi_c).
  const double rho2 = r.x() * r.x() + r.y() * r.y();
  const double cos2 = rn > 0.0 ? rho2 / (rn * rn) : 0.0;
  return rn - kWgs84B / std::sqrt(1.0 - kWgs84E2 * cos2);
}

GeodesicResult GeodesicInverse(double lat1, double lon1, double lat2, double lon2, Shape shape) {
  double s12, azi1, azi2;
  GeodesicFor(shape).Inverse(lat1 * kRadToDeg, lon1 * kRadToDeg, lat2 * kRadToDeg,
                             lon2 * kRadToDeg, s12, azi1, azi2);
  return {s12, azi1 / kRadToDeg, azi2 / kRadToDeg};
}

Geodetic GeodesicDirect(double lat1, double lon1, double azimuth, double distance_m,
                        Shape shape) {
  double lat2, lon2;
  GeodesicFor(shape).Direct(lat1 * kRadToDeg, lon1 * kRadToDeg, azimuth * kRadToDeg, distance_m,
                            lat2, lon2);
  return {lat2 / kRadToDeg, lon2 / kRadToDeg, 0.0};
}

}  // namespace bmd::earth
