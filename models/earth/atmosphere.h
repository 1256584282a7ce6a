#pragma once
/// U.S. Standard Atmosphere 1976 (NOAA-S/T 76-1562) from 0 to 86 km geometric altitude,
/// seven layers of linear molecular-scale temperature in geopotential altitude. Above 86 km
/// density follows piecewise-exponential interpolation of the 1976 tabulated densities up to
/// 1,000 km (zero above); temperature is held at its 86 km value there.
namespace bmd::earth {

struct AtmosphereState {
  double temperature_k = 0.0;
  double pressure_pa = 0.0;
  double density_kg_m3 = 0.0;
  double speed_of_sound_m_s = 0.0;
};

/// Exact evaluation (layer formulas). Altitudes below -5 km are clamped to -5 km.
AtmosphereState Ussa1976(double geometric_alt_m);

/// Density from a precomputed log-density table (100 m spacing, linear in log density):
/// relative error < 2e-4 (largest at layer boundaries) against Ussa1976(); ~5 ns. For force models in the hot loop.
double DensityFast(double geometric_alt_m);

/// Speed of sound from the same table (m/s).
double SpeedOfSoundFast(double geometric_alt_m);

}  // namespace bmd::earth
