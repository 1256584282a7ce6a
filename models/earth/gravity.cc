#include "models/earth/gravity.h"

#include <Eigen/Geometry>
#include <cmath>

namespace bmd::earth {
namespace {
// Rotation about z by angle a applied to a vector.
Eigen::Vector3d Rz(const Eigen::Vector3d& v, double a) {
  const double c = std::cos(a), s = std::sin(a);
  return {c * v.x() - s * v.y(), s * v.x() + c * v.y(), v.z()};
}
const Eigen::Vector3d kOmegaVec(0.0, 0.0, kOmegaEarth);
}  // namespace

Eigen::Vector3d EcefToEciPosition(const Eigen::Vector3d& r, double t) {
  return Rz(r, kOmegaEarth * t);
}
Eigen::Vector3d EcefToEciVelocity(const Eigen::Vector3d& r, const Eigen::Vector3d& v, double t) {
  return Rz(v + kOmegaVec.cross(r), kOmegaEarth * t);
}
Eigen::Vector3d EciToEcefPosition(const Eigen::Vector3d& r, double t) {
  return Rz(r, -kOmegaEarth * t);
}
Eigen::Vector3d EciToEcefVelocity(const Eigen::Vector3d& r, const Eigen::Vector3d& v, double t) {
  return Rz(v - kOmegaVec.cross(r), -kOmegaEarth * t);
}

}  // namespace bmd::earth
