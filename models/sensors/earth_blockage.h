#pragma once
/// Earth blockage of a line of sight (radar, space IR), ECEF, metres.
#include <Eigen/Core>

namespace bmd::sensors {

/// True when the straight segment a-b does not pass below the WGS-84 ellipsoid raised by
/// margin_m (semi-axes a + margin_m, b + margin_m; within ~0.1% of margin_m of a constant-
/// height surface). Exact: in coordinates scaled so the ellipsoid is the unit sphere the
/// segment p(s) = a' + s (b' - a'), s in [0, 1], is blocked iff min_s |p(s)|^2 < 1, with the
/// minimum at s* = clamp(-a'.(b'-a') / |b'-a'|^2, 0, 1). A relative tolerance of 1e-12
/// (~6 um) keeps an endpoint lying on the surface from blocking itself.
bool LineOfSightClear(const Eigen::Vector3d& a_ecef, const Eigen::Vector3d& b_ecef,
                      double margin_m = 0.0);

/// The same test with standard-atmosphere radio refraction through the effective-Earth-
/// radius model: rays are straight over a sphere of radius k * R_local (k = 4/3 typical),
/// where R_local is the Gaussian mean radius of curvature of WGS-84 at the midpoint
/// latitude. The ground arc s = R_local * theta between the two points and their heights
/// are preserved; the chord is then tested against the effective sphere in the plane of
/// the two points. k = 1 reduces to a spherical-Earth test (use LineOfSightClear for the
/// exact ellipsoid). Horizon distance for heights h1, h2: sqrt(2 k R h1) + sqrt(2 k R h2).
bool LineOfSightClearRefracted(const Eigen::Vector3d& a_ecef, const Eigen::Vector3d& b_ecef,
                               double k_factor);

}  // namespace bmd::sensors
