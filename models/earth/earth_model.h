#pragma once
/// Earth model switches and constants. SI units throughout; angles in radians.
///
/// The engine integrates in the Earth-centred, Earth-fixed (ECEF) frame; when rotation is
/// on, the Coriolis and centrifugal terms are added (see frames.h). Switches exist so that
/// closed-form references (Kepler free flight, J2 secular rates) can validate the physics.
#include <numbers>

namespace bmd::earth {

enum class Shape { kWgs84, kSphere };
enum class AtmosphereModel { kUssa1976, kNone };

struct EarthConfig {
  Shape shape = Shape::kWgs84;       ///< surface for geodetic coordinates, altitude and impact
  bool rotation = true;              ///< Coriolis + centrifugal terms in the ECEF equations
  bool j2 = true;                    ///< J2 zonal term of the gravity field
  AtmosphereModel atmosphere = AtmosphereModel::kUssa1976;

  /// Vacuum, spherical, non-rotating, point-mass Earth (closed-form validation cases).
  static EarthConfig Kepler() {
    return EarthConfig{Shape::kSphere, false, false, AtmosphereModel::kNone};
  }
};

inline constexpr double kGM = 3.986004418e14;           ///< m^3/s^2 (WGS-84 / EGM96)
inline constexpr double kOmegaEarth = 7.292115e-5;      ///< rad/s (WGS-84)
inline constexpr double kWgs84A = 6378137.0;            ///< m, semi-major axis
inline constexpr double kWgs84F = 1.0 / 298.257223563;  ///< flattening
inline constexpr double kWgs84B = kWgs84A * (1.0 - kWgs84F);
inline constexpr double kWgs84E2 = kWgs84F * (2.0 - kWgs84F);  ///< first eccentricity squared
inline constexpr double kJ2 = 1.08262668e-3;            ///< EGM96 normalised -> unnormalised C20
inline constexpr double kSphereRadius = 6371008.8;      ///< m, IUGG mean radius (spherical model)
inline constexpr double kG0 = 9.80665;                  ///< m/s^2, standard gravity (Isp, g-loads)
inline constexpr double kDeg = std::numbers::pi / 180.0;
inline constexpr double kRadToDeg = 180.0 / std::numbers::pi;

}  // namespace bmd::earth
