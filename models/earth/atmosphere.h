#pragma once
/// U.S. Standard Atmosphere 1976 (NOAA-S/T 76-1562) from 0 to 86 km geometric altitude,
/// seven layers of linear molecular-scale temperature in geopotential altitude. Above 86 km
/// density follows piecewise-exponential interpolation of the 1976 tabulated densities up to
/// 1,000 km (zero above); temperature is held at its 86 km value there.
#include <array>
#include <cstddef>

namespace bmd::earth {

struct AtmosphereState {
  double temperature_k = 0.0;
  double pressure_pa = 0.0;
  double density_kg_m3 = 0.0;
  double speed_of_sound_m_s = 0.0;
};

/// Exact evaluation (layer formulas). Altitudes below -5 km are clamped to -5 km.
AtmosphereState Ussa1976(double geometric_alt_m);

namespace detail {
// DensityFast's table (see below): Ussa1976 densities every kDensityStep_m from
// kDensityTableMin_m to kDensityTableTop_m, plus one spare node past the top so that the
// interpolation at exactly the top needs no branch.
inline constexpr double kDensityTableMin_m = -5000.0;
inline constexpr double kDensityStep_m = 50.0;
inline constexpr double kInvDensityStep = 1.0 / kDensityStep_m;
inline constexpr double kDensityTableTop_m = 150e3;
inline constexpr std::size_t kDensityNodes =
    static_cast<std::size_t>((kDensityTableTop_m - kDensityTableMin_m) / kDensityStep_m) + 1;
/// Filled once, during the static initialisation of atmosphere.cc (before main), so reading
/// it costs no guard; DensityFast must therefore not be called from another translation
/// unit's static initialiser.
extern const std::array<double, kDensityNodes + 1> kDensityTable;
/// 1976 piecewise-exponential density above 86 km (kg/m^3; 0 above 1000 km).
double UpperDensity(double geometric_alt_m);
}  // namespace detail

/// Density (kg/m^3) for force models in the hot loop (drag of threats and interceptors, the
/// interceptor's dynamic pressure): the one fast form of Ussa1976().density_kg_m3.
///   -5 km <= h <= 150 km: table of Ussa1976 densities every 50 m, interpolated linearly in
///     density (one table read, no exp). Inside a layer the data are exp-like with scale
///     height H >= 5.5 km, so the relative error is <= (0.05 km / H)^2 / 8 < 1.1e-5; in the
///     single 50 m cell straddling a temperature-gradient break it is < 4e-4 (11.019 km,
///     where d ln(rho)/dh jumps by 3e-5 /m: 3e-5 * 50 m / 4). The knots of the tabulated
///     upper atmosphere (86, 100, 110, 120, 150 km) are table nodes, so they add no error.
///   150 km < h <= 1000 km: the 1976 piecewise-exponential densities themselves (one pow);
///   above 1000 km 0. Below -5 km: the -5 km value.
/// Inline (about 1 M calls per engagement run from every force model): below 150 km a
/// compare, a table read and one multiply-add, no call and no initialisation guard (the
/// table is built before main, detail::kDensityTable). Thread-safe (read-only).
inline double DensityFast(double geometric_alt_m) {
  using namespace detail;
  const double z = geometric_alt_m;
  if (z > kDensityTableTop_m) return UpperDensity(z);
  // !(z >= min) also catches NaN, whose conversion to an index would be undefined.
  const double u = (!(z >= kDensityTableMin_m) ? 0.0 : z - kDensityTableMin_m) * kInvDensityStep;
  const auto i = static_cast<std::size_t>(u);
  const double f = u - static_cast<double>(i);
  return kDensityTable[i] + f * (kDensityTable[i + 1] - kDensityTable[i]);
}

/// Speed of sound (m/s) from a 100 m table of Ussa1976 (linear interpolation, error < 0.01 m/s);
/// constant above 86 km, where the 1976 temperature is held.
double SpeedOfSoundFast(double geometric_alt_m);

}  // namespace bmd::earth
