#include "sim/scenario/units.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>
#include <numbers>
#include <system_error>
#include <vector>

#include "sim/scenario/did_you_mean.h"

namespace bmd::sim {
namespace {

constexpr double kG0 = 9.80665;  // m/s^2, standard gravity (kPa ballistic coefficient, g)
constexpr double kDeg = std::numbers::pi / 180.0;
constexpr double kPound = 0.45359237;  // kg, exact
constexpr double kFoot = 0.3048;       // m, exact

using D = Dimension;
constexpr std::array kUnits = {
    UnitDef{"m", D::kLength, 1.0},
    UnitDef{"km", D::kLength, 1e3},
    UnitDef{"cm", D::kLength, 1e-2},
    UnitDef{"mm", D::kLength, 1e-3},
    UnitDef{"nmi", D::kLength, 1852.0},
    UnitDef{"ft", D::kLength, kFoot},
    UnitDef{"mi", D::kLength, 1609.344},
    UnitDef{"s", D::kTime, 1.0},
    UnitDef{"ms", D::kTime, 1e-3},
    UnitDef{"us", D::kTime, 1e-6},
    UnitDef{"min", D::kTime, 60.0},
    UnitDef{"h", D::kTime, 3600.0},
    UnitDef{"m/s", D::kSpeed, 1.0},
    UnitDef{"km/s", D::kSpeed, 1e3},
    UnitDef{"km/h", D::kSpeed, 1.0 / 3.6},
    UnitDef{"kn", D::kSpeed, 1852.0 / 3600.0},
    UnitDef{"ft/s", D::kSpeed, kFoot},
    UnitDef{"rad", D::kAngle, 1.0},
    UnitDef{"mrad", D::kAngle, 1e-3},
    UnitDef{"urad", D::kAngle, 1e-6},
    UnitDef{"deg", D::kAngle, kDeg},
    UnitDef{"kg", D::kMass, 1.0},
    UnitDef{"t", D::kMass, 1e3},
    UnitDef{"lb", D::kMass, kPound},
    UnitDef{"kg/m^2", D::kBallisticCoefficient, 1.0},
    UnitDef{"kPa", D::kBallisticCoefficient, 1e3 / kG0},
    UnitDef{"Pa", D::kBallisticCoefficient, 1.0 / kG0},
    UnitDef{"lb/ft^2", D::kBallisticCoefficient, kPound / (kFoot * kFoot)},
    UnitDef{"m^2", D::kArea, 1.0},
    UnitDef{"cm^2", D::kArea, 1e-4},
    UnitDef{"dBsm", D::kArea, 1.0, true},
    UnitDef{"m/s^2", D::kAcceleration, 1.0},
    UnitDef{"g", D::kAcceleration, kG0},
    UnitDef{"%", D::kRatio, 1e-2},
    UnitDef{"/s", D::kRate, 1.0},
    UnitDef{"1/s", D::kRate, 1.0},
    UnitDef{"msg/s", D::kRate, 1.0},
    UnitDef{"/min", D::kRate, 1.0 / 60.0},
    UnitDef{"msg/min", D::kRate, 1.0 / 60.0},
    UnitDef{"dB", D::kDecibel, 1.0},
    UnitDef{"W/sr", D::kRadiantIntensity, 1.0},
    UnitDef{"kW/sr", D::kRadiantIntensity, 1e3},
    UnitDef{"MW/sr", D::kRadiantIntensity, 1e6},
    UnitDef{"Hz", D::kFrequency, 1.0},
    UnitDef{"kHz", D::kFrequency, 1e3},
    UnitDef{"MHz", D::kFrequency, 1e6},
    UnitDef{"GHz", D::kFrequency, 1e9},
    UnitDef{"W", D::kPower, 1.0},
    UnitDef{"kW", D::kPower, 1e3},
    UnitDef{"MW", D::kPower, 1e6},
    UnitDef{"W/m^2", D::kIrradiance, 1.0},
    UnitDef{"W/cm^2", D::kIrradiance, 1e4},
    UnitDef{"m^2/s^3", D::kSpectralDensity, 1.0},
    UnitDef{"/frame", D::kPerFrame, 1.0},
    UnitDef{"1/frame", D::kPerFrame, 1.0},
    // Pressure shares "Pa" and "kPa" with the ballistic-coefficient weight form above: the
    // dimension asked for decides which one applies (FindUnit).
    UnitDef{"Pa", D::kPressure, 1.0},
    UnitDef{"kPa", D::kPressure, 1e3},
    UnitDef{"MPa", D::kPressure, 1e6},
    UnitDef{"bar", D::kPressure, 1e5},
    UnitDef{"psi", D::kPressure, kPound * kG0 / (0.0254 * 0.0254)},
};

// Spelled-out names people type: never accepted, only suggested.
struct Alias {
  std::string_view text;
  std::string_view symbol;
};
constexpr std::array kAliases = {
    Alias{"sec", "s"},        Alias{"secs", "s"},        Alias{"second", "s"},
    Alias{"seconds", "s"},    Alias{"msec", "ms"},       Alias{"mins", "min"},
    Alias{"minute", "min"},   Alias{"minutes", "min"},   Alias{"hr", "h"},
    Alias{"hrs", "h"},        Alias{"hour", "h"},        Alias{"hours", "h"},
    Alias{"meter", "m"},      Alias{"meters", "m"},      Alias{"metre", "m"},
    Alias{"metres", "m"},     Alias{"kilometer", "km"},  Alias{"kilometers", "km"},
    Alias{"kilometre", "km"}, Alias{"kilometres", "km"}, Alias{"degree", "deg"},
    Alias{"degrees", "deg"},  Alias{"degs", "deg"},      Alias{"°", "deg"},
    Alias{"radian", "rad"},   Alias{"radians", "rad"},   Alias{"knots", "kn"},
    Alias{"kt", "kn"},        Alias{"kts", "kn"},        Alias{"ton", "t"},
    Alias{"tonne", "t"},      Alias{"tonnes", "t"},      Alias{"kgs", "kg"},
    Alias{"m2", "m^2"},       Alias{"m²", "m^2"},        Alias{"sqm", "m^2"},
    Alias{"kg/m2", "kg/m^2"}, Alias{"kg/m²", "kg/m^2"},  Alias{"dbsm", "dBsm"},
    Alias{"db", "dB"},        Alias{"percent", "%"},     Alias{"hz", "Hz"},
    Alias{"ghz", "GHz"},      Alias{"mhz", "MHz"},       Alias{"m/s2", "m/s^2"},
    Alias{"m/s²", "m/s^2"},   Alias{"kph", "km/h"},      Alias{"kmh", "km/h"},
    Alias{"mps", "m/s"},      Alias{"nm", "nmi"},        Alias{"feet", "ft"},
    Alias{"W/m2", "W/m^2"},   Alias{"W/m²", "W/m^2"},    Alias{"m2/s3", "m^2/s^3"},
    Alias{"m²/s³", "m^2/s^3"}, Alias{"per frame", "/frame"}, Alias{"/scan", "/frame"},
};

// Whether a unit of dimension `have` may be given where `want` is asked for.
bool Compatible(Dimension have, Dimension want) {
  return have == want || (want == D::kRate && have == D::kFrequency);
}

// The unit spelt `symbol`: the one of the wanted dimension when a symbol has several
// ("kPa": ballistic coefficient or pressure), else the first in the table.
const UnitDef* FindUnit(std::string_view symbol, Dimension want) {
  const UnitDef* first = nullptr;
  for (const UnitDef& u : kUnits) {
    if (u.symbol != symbol) continue;
    if (Compatible(u.dimension, want)) return &u;
    if (first == nullptr) first = &u;
  }
  return first;
}

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::string Lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Length of the leading decimal-number token of s (sign, digits, '.', exponent); 0 if none.
std::size_t NumberPrefix(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    std::size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    std::size_t exp_digits = 0;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j, ++exp_digits;
    if (exp_digits > 0) i = j;
  }
  return i;
}

// "nan", ".NaN", "-inf", "+Infinity", "inf km", ...: YAML and C spellings of non-finite values.
bool LooksNonFinite(std::string_view s) {
  std::string l = Lowered(Trim(s));
  if (!l.empty() && (l[0] == '+' || l[0] == '-')) l.erase(0, 1);
  if (!l.empty() && l[0] == '.') l.erase(0, 1);
  for (std::string_view word : {"infinity", "inf", "nan"}) {
    if (l.rfind(word, 0) == 0) {
      return l.size() == word.size() || !(l[word.size()] >= 'a' && l[word.size()] <= 'z');
    }
  }
  return false;
}

// Converts a validated number token. Returns empty with an error on overflow.
std::optional<double> ConvertNumber(std::string_view token, std::string* error) {
  std::string_view digits = token;
  bool negative = false;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
    negative = digits[0] == '-';
    digits.remove_prefix(1);
  }
  double v = 0.0;
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec == std::errc::result_out_of_range) {
    // from_chars reports underflow too: a tiny value is fine as zero, a huge one is not.
    const std::size_t e = digits.find_first_of("eE");
    const bool negative_exponent =
        e != std::string_view::npos && e + 1 < digits.size() && digits[e + 1] == '-';
    if (negative_exponent) return negative ? -0.0 : 0.0;
    if (error) *error = Quote(token) + " is too large a number";
    return std::nullopt;
  }
  if (ec != std::errc() || ptr != digits.data() + digits.size() || !std::isfinite(v)) {
    if (error) *error = Quote(token) + " is not a valid number";
    return std::nullopt;
  }
  return negative ? -v : v;
}

std::string DidYouMeanUnit(std::string_view unit, Dimension want) {
  for (const Alias& a : kAliases) {
    if (a.text == unit || Lowered(a.text) == Lowered(unit)) {
      return " (did you mean '" + std::string(a.symbol) + "'?)";
    }
  }
  // Prefer a unit of the wanted dimension, then any unit.
  std::vector<std::string_view> same_dim, all;
  for (const UnitDef& u : kUnits) {
    all.push_back(u.symbol);
    if (Compatible(u.dimension, want)) same_dim.push_back(u.symbol);
  }
  std::string hint = DidYouMean(unit, same_dim);
  if (hint.empty()) hint = DidYouMean(unit, all);
  return hint;
}

// "a length", "an angle".
std::string WithArticle(Dimension d) {
  const std::string_view name = DimensionName(d);
  const bool vowel =
      !name.empty() && std::string_view("aeiou").find(name[0]) != std::string_view::npos;
  return std::string(vowel ? "an " : "a ") + std::string(name);
}

}  // namespace

std::span<const UnitDef> AllUnits() { return kUnits; }

std::string_view DimensionName(Dimension d) {
  switch (d) {
    case D::kLength:
      return "length";
    case D::kTime:
      return "time";
    case D::kSpeed:
      return "speed";
    case D::kAngle:
      return "angle";
    case D::kMass:
      return "mass";
    case D::kBallisticCoefficient:
      return "ballistic coefficient";
    case D::kArea:
      return "area";
    case D::kAcceleration:
      return "acceleration";
    case D::kRatio:
      return "ratio";
    case D::kRate:
      return "rate";
    case D::kDecibel:
      return "decibel value";
    case D::kRadiantIntensity:
      return "radiant intensity";
    case D::kFrequency:
      return "frequency";
    case D::kPower:
      return "power";
    case D::kIrradiance:
      return "irradiance";
    case D::kSpectralDensity:
      return "acceleration spectral density";
    case D::kPerFrame:
      return "count per frame";
    case D::kPressure:
      return "pressure";
    case D::kNumber:
      return "plain number";
  }
  return "quantity";
}

std::string_view DimensionExample(Dimension d) {
  switch (d) {
    case D::kLength:
      return "'300 km'";
    case D::kTime:
      return "'250 ms'";
    case D::kSpeed:
      return "'2.5 km/s'";
    case D::kAngle:
      return "'37.5 deg'";
    case D::kMass:
      return "'900 kg'";
    case D::kBallisticCoefficient:
      return "'40 kPa'";
    case D::kArea:
      return "'0.05 m^2'";
    case D::kAcceleration:
      return "'2 g'";
    case D::kRatio:
      return "'0.5 %'";
    case D::kRate:
      return "'200 msg/s'";
    case D::kDecibel:
      return "'13 dB'";
    case D::kRadiantIntensity:
      return "'1.0e5 W/sr'";
    case D::kFrequency:
      return "'10 GHz'";
    case D::kPower:
      return "'1 MW'";
    case D::kIrradiance:
      return "'5.0e-12 W/m^2'";
    case D::kSpectralDensity:
      return "'25 m^2/s^3'";
    case D::kPerFrame:
      return "'0.5 /frame'";
    case D::kPressure:
      return "'5 kPa'";
    case D::kNumber:
      return "'0.3'";
  }
  return "''";
}

std::optional<double> ParsePlainNumber(std::string_view text, std::string* error) {
  const std::string_view t = Trim(text);
  if (t.empty()) {
    if (error) *error = "expected a number; got an empty value";
    return std::nullopt;
  }
  if (LooksNonFinite(t)) {
    if (error) *error = Quote(t) + " is not a finite number (NaN and Inf are not allowed)";
    return std::nullopt;
  }
  const std::size_t n = NumberPrefix(t);
  if (n == 0 || n != t.size()) {
    if (error) *error = "expected a plain number, e.g. '0.3'; got " + Quote(t);
    return std::nullopt;
  }
  return ConvertNumber(t, error);
}

QuantityResult ParseQuantity(std::string_view text, Dimension want) {
  QuantityResult r;
  const std::string name = WithArticle(want);
  const std::string_view t = Trim(text);
  if (want == D::kNumber) {
    r.value = ParsePlainNumber(t, &r.error);
    return r;
  }
  if (t.empty()) {
    r.error = fmt::format("expected {} with a unit, e.g. {}; got an empty value", name,
                          DimensionExample(want));
    return r;
  }
  if (LooksNonFinite(t)) {
    r.error = Quote(t) + " is not a finite number (NaN and Inf are not allowed)";
    return r;
  }
  const std::size_t n = NumberPrefix(t);
  if (n == 0) {
    r.error = fmt::format("expected {} with a unit, e.g. {}; got {}", name, DimensionExample(want),
                          Quote(t));
    return r;
  }
  const std::string_view number = t.substr(0, n);
  const std::string_view unit = Trim(t.substr(n));
  std::string number_error;
  const std::optional<double> x = ConvertNumber(number, &number_error);
  if (!x) {
    r.error = number_error;
    return r;
  }
  if (unit.empty()) {
    if (want == D::kRatio) {
      r.value = *x;  // a plain fraction
      return r;
    }
    r.error = fmt::format("expected {} with a unit, e.g. {}; got bare number {}", name,
                          DimensionExample(want), Quote(t));
    return r;
  }
  const UnitDef* u = FindUnit(unit, want);
  if (u == nullptr) {
    r.error = "unknown unit " + Quote(unit) + DidYouMeanUnit(unit, want);
    return r;
  }
  if (!Compatible(u->dimension, want)) {
    r.error = fmt::format("{} is {}; expected {}", Quote(t), WithArticle(u->dimension), name);
    return r;
  }
  double si = 0.0;
  if (u->logarithmic) {
    si = std::pow(10.0, *x / 10.0);
  } else {
    si = *x * u->scale;
  }
  if (!std::isfinite(si)) {
    r.error = Quote(t) + " is out of range";
    return r;
  }
  r.value = si;
  return r;
}

std::string FormatQuantity(double value_si, Dimension d) {
  switch (d) {
    case D::kLength:
      return std::abs(value_si) >= 1e4 ? fmt::format("{:g} km", value_si / 1e3)
                                       : fmt::format("{:g} m", value_si);
    case D::kTime:
      return fmt::format("{:g} s", value_si);
    case D::kSpeed:
      return fmt::format("{:g} m/s", value_si);
    case D::kAngle:
      return fmt::format("{:g} deg", value_si / kDeg);
    case D::kMass:
      return fmt::format("{:g} kg", value_si);
    case D::kBallisticCoefficient:
      return fmt::format("{:g} kg/m^2", value_si);
    case D::kArea:
      return fmt::format("{:g} m^2", value_si);
    case D::kAcceleration:
      return fmt::format("{:g} m/s^2", value_si);
    case D::kRatio:
      return fmt::format("{:g} %", value_si * 100.0);
    case D::kRate:
      return fmt::format("{:g} /s", value_si);
    case D::kDecibel:
      return fmt::format("{:g} dB", value_si);
    case D::kRadiantIntensity:
      return fmt::format("{:g} W/sr", value_si);
    case D::kFrequency:
      return fmt::format("{:g} Hz", value_si);
    case D::kPower:
      return fmt::format("{:g} W", value_si);
    case D::kIrradiance:
      return fmt::format("{:g} W/m^2", value_si);
    case D::kSpectralDensity:
      return fmt::format("{:g} m^2/s^3", value_si);
    case D::kPerFrame:
      return fmt::format("{:g} /frame", value_si);
    case D::kPressure:
      return std::abs(value_si) >= 1e3 ? fmt::format("{:g} kPa", value_si / 1e3)
                                       : fmt::format("{:g} Pa", value_si);
    case D::kNumber:
      return fmt::format("{:g}", value_si);
  }
  return fmt::format("{:g}", value_si);
}

}  // namespace bmd::sim
