#pragma once
/// Air density for the drag force in the hot loop: USSA 1976 (the same model as
/// earth::Ussa1976 / earth::DensityFast), tabulated every 100 m from -5 km up to the drag
/// ceiling (150 km) and interpolated linearly in density (no exp), at a height computed with
/// one square root.
///
/// Height: h = |r| - b / sqrt(1 - e^2 cos^2(phi_c)) (earth::FastAltitude's formula), with the
/// inverse square root expanded as 1 + x/2 + 3x^2/8 + 5x^3/16, x = e^2 cos^2(phi_c) <= e^2:
/// truncation < 4 mm. Sphere: |r| - R.
/// Density: linear interpolation of rho between 100 m nodes of exp-like data with scale height
/// H >= 5.5 km errs by at most (0.1/H)^2/8 < 5e-5 relative inside a layer, and by < 8e-4 in
/// the single 100 m cell straddling a temperature-gradient break (11 km worst). Both far below
/// the day-to-day variability of real air density that the standard atmosphere averages.
/// About 3-4x cheaper than earth::DensityFast(earth::FastAltitude(r)), which is what keeps the
/// propagation benchmark above 5 M object-steps/s with drag on.
#include <Eigen/Core>

#include "models/earth/earth_model.h"

namespace bmd::flight {

/// Height (m) above the surface of `shape`, as earth::FastAltitude to within 4 mm.
inline double DragAltitude(const Eigen::Vector3d& r, double r_norm, earth::Shape shape) {
  if (shape == earth::Shape::kSphere) return r_norm - earth::kSphereRadius;
  const double x = earth::kWgs84E2 * (r.x() * r.x() + r.y() * r.y()) / (r_norm * r_norm);
  return r_norm - earth::kWgs84B * (1.0 + x * (0.5 + x * (0.375 + x * 0.3125)));
}

/// USSA 1976 density (kg/m^3) at geometric height h_m, for -5 km <= h <= 150 km (clamped).
double DragDensity(double h_m);

}  // namespace bmd::flight
