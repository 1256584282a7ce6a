#pragma once
/// Quantities with units in scenario text ("300 km", "2.5 km/s", "-10 dBsm") -> SI values.
///
/// Every dimensional value in a scenario carries its unit; ParseQuantity converts it to SI
/// (m, s, m/s, rad, kg, kg/m^2, m^2, m/s^2, fraction, 1/s, Hz, W/sr, W, W/m^2, m^2/s^3, 1/frame,
/// Pa).
/// Two dimensions are
/// not converted to SI: kDecibel stays in dB, and kRatio returns a plain fraction (0.5 % ->
/// 0.005). A bare number is accepted only for kRatio (as a fraction) and kNumber.
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace bmd::sim {

enum class Dimension {
  kLength,                ///< m
  kTime,                  ///< s
  kSpeed,                 ///< m/s
  kAngle,                 ///< rad
  kMass,                  ///< kg
  kBallisticCoefficient,  ///< kg/m^2 (beta = m / (Cd A)); pressure units are divided by g0
  kArea,                  ///< m^2 (also radar cross-section, accepts dBsm)
  kAcceleration,          ///< m/s^2
  kRatio,                 ///< fraction: "0.5 %" -> 0.005, or a bare fraction "0.005"
  kRate,                  ///< events per second, 1/s ("200 msg/s"); Hz accepted
  kDecibel,               ///< dB, kept in dB ("13 dB" -> 13)
  kRadiantIntensity,      ///< W/sr
  kFrequency,             ///< Hz
  kPower,                 ///< W
  kIrradiance,            ///< W/m^2 (noise-equivalent irradiance of IR sensors)
  kSpectralDensity,       ///< m^2/s^3: white-acceleration spectral density q of a tracker
  kPerFrame,              ///< events per radar search frame ("0.5 /frame"): a count, not a rate
  kPressure,              ///< Pa (dynamic pressure of aerodynamic control: "5 kPa" -> 5000)
  kNumber,                ///< dimensionless plain number, no unit allowed
};

/// One accepted unit symbol.
struct UnitDef {
  std::string_view symbol;  ///< as written in a scenario, case-sensitive ("km", "dBsm");
                            ///< "Pa" and "kPa" exist twice: ballistic coefficient and pressure
  Dimension dimension;
  double scale;              ///< SI value of 1 symbol (for dBsm: unused, 10^(x/10) m^2)
  bool logarithmic = false;  ///< dBsm: value is 10*log10(m^2)
};

/// Every accepted unit, grouped by dimension (for docs, tests and suggestions).
std::span<const UnitDef> AllUnits();

/// "length", "time", "ballistic coefficient", ...
std::string_view DimensionName(Dimension d);
/// An example for messages: "'300 km'".
std::string_view DimensionExample(Dimension d);

/// Result of ParseQuantity: a finite SI value, or a message saying what is wrong.
struct QuantityResult {
  std::optional<double> value;
  std::string error;
  explicit operator bool() const { return value.has_value(); }
};

/// Parse "<number> [unit]" (space between number and unit optional) as dimension `want`.
/// Errors: empty text, not a number, NaN/Inf, overflow, bare number where a unit is needed,
/// unknown unit (with a did-you-mean), unit of another dimension.
QuantityResult ParseQuantity(std::string_view text, Dimension want);

/// Strict decimal number ("12", "-3.5", "1.0e5", ".5"), nothing else: no unit, no hex,
/// no NaN/Inf. Empty on failure, with `error` filled when given.
std::optional<double> ParsePlainNumber(std::string_view text, std::string* error = nullptr);

/// An SI value written back in the unit users see in messages ("91 deg", "1200 s").
std::string FormatQuantity(double value_si, Dimension d);

}  // namespace bmd::sim
