// Unit parsing against independent definitions: SI/NIST exact conversion factors
// (1 ft = 0.3048 m, 1 nmi = 1852 m, 1 lb = 0.45359237 kg, g0 = 9.80665 m/s^2, 1 deg = pi/180).
#include "sim/scenario/units.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>

#include "sim/scenario/did_you_mean.h"
#include "sim/scenario/utc_time.h"

namespace bmd::sim {
namespace {

using D = Dimension;

double Si(const std::string& text, Dimension d) {
  const QuantityResult r = ParseQuantity(text, d);
  EXPECT_TRUE(r) << text << ": " << r.error;
  return r.value.value_or(std::nan(""));
}

std::string Error(const std::string& text, Dimension d) {
  const QuantityResult r = ParseQuantity(text, d);
  EXPECT_FALSE(r) << text << " parsed as " << r.value.value_or(0.0);
  return r.error;
}

// Conversion factors are exact decimal definitions; a product of two doubles is within a
// couple of ulps, so a relative 1e-14 is ample and still catches any wrong factor.
constexpr double kRel = 1e-14;
#define EXPECT_SI(text, dim, expected) \
  EXPECT_NEAR(Si(text, dim), (expected), std::abs(expected) * kRel + 1e-300) << (text)

TEST(Units, LengthUnits) {
  EXPECT_SI("300 km", D::kLength, 300000.0);
  EXPECT_SI("12 m", D::kLength, 12.0);
  EXPECT_SI("88 cm", D::kLength, 0.88);
  EXPECT_SI("5 mm", D::kLength, 0.005);
  EXPECT_SI("2 nmi", D::kLength, 3704.0);
  EXPECT_SI("1000 ft", D::kLength, 304.8);
  EXPECT_SI("1 mi", D::kLength, 1609.344);
}

TEST(Units, TimeUnits) {
  EXPECT_SI("250 ms", D::kTime, 0.25);
  EXPECT_SI("230 s", D::kTime, 230.0);
  EXPECT_SI("20 min", D::kTime, 1200.0);
  EXPECT_SI("1 h", D::kTime, 3600.0);
  EXPECT_SI("40 us", D::kTime, 4e-5);
  EXPECT_SI("100ms", D::kTime, 0.1);  // no space: how sweeps write "--vary x=100ms,500ms"
}

TEST(Units, SpeedAngleMass) {
  EXPECT_SI("2.5 km/s", D::kSpeed, 2500.0);
  EXPECT_SI("340 m/s", D::kSpeed, 340.0);
  EXPECT_SI("36 km/h", D::kSpeed, 10.0);
  EXPECT_SI("3600 kn", D::kSpeed, 1852.0);
  EXPECT_SI("10 ft/s", D::kSpeed, 3.048);
  EXPECT_SI("37.5 deg", D::kAngle, 37.5 * std::numbers::pi / 180.0);
  EXPECT_SI("1.2 rad", D::kAngle, 1.2);
  EXPECT_SI("3 mrad", D::kAngle, 0.003);
  EXPECT_SI("50 urad", D::kAngle, 5e-5);
  EXPECT_SI("12 t", D::kMass, 12000.0);
  EXPECT_SI("900 kg", D::kMass, 900.0);
  EXPECT_SI("100 lb", D::kMass, 45.359237);
}

TEST(Units, BallisticCoefficientFromPressureDividesByG0) {
  // beta [kg/m^2] = (W/(Cd A)) [Pa] / g0.
  EXPECT_SI("40 kPa", D::kBallisticCoefficient, 40000.0 / 9.80665);
  EXPECT_SI("9806.65 Pa", D::kBallisticCoefficient, 1000.0);
  EXPECT_SI("5000 kg/m^2", D::kBallisticCoefficient, 5000.0);
  EXPECT_SI("1 lb/ft^2", D::kBallisticCoefficient, 0.45359237 / (0.3048 * 0.3048));
}

TEST(Units, AreaAndDecibelSquareMetres) {
  EXPECT_SI("0.05 m^2", D::kArea, 0.05);
  EXPECT_SI("200 cm^2", D::kArea, 0.02);
  EXPECT_SI("-10 dBsm", D::kArea, 0.1);  // 10^(-10/10)
  EXPECT_SI("0 dBsm", D::kArea, 1.0);
  EXPECT_SI("20 dBsm", D::kArea, 100.0);
}

TEST(Units, OtherDimensions) {
  EXPECT_SI("2 g", D::kAcceleration, 19.6133);
  EXPECT_SI("9.5 m/s^2", D::kAcceleration, 9.5);
  EXPECT_SI("0.5 %", D::kRatio, 0.005);
  EXPECT_SI("0.005", D::kRatio, 0.005);  // ratio: a bare fraction is allowed
  EXPECT_SI("200 msg/s", D::kRate, 200.0);
  EXPECT_SI("120 msg/min", D::kRate, 2.0);
  EXPECT_SI("4 /s", D::kRate, 4.0);
  EXPECT_SI("4 1/s", D::kRate, 4.0);
  EXPECT_SI("10 Hz", D::kRate, 10.0);     // a rate may be given in Hz
  EXPECT_SI("13 dB", D::kDecibel, 13.0);  // decibels stay decibels
  EXPECT_SI("1.0e5 W/sr", D::kRadiantIntensity, 1e5);
  EXPECT_SI("3 kW/sr", D::kRadiantIntensity, 3e3);
  EXPECT_SI("2 MW/sr", D::kRadiantIntensity, 2e6);
  EXPECT_SI("10 GHz", D::kFrequency, 1e10);
  EXPECT_SI("450 MHz", D::kFrequency, 4.5e8);
  EXPECT_SI("20 kHz", D::kFrequency, 2e4);
  EXPECT_SI("50 Hz", D::kFrequency, 50.0);
  EXPECT_SI("1.5 MW", D::kPower, 1.5e6);
  EXPECT_SI("20 kW", D::kPower, 2e4);
  EXPECT_SI("300 W", D::kPower, 300.0);
  // Sensor and tracker units: 1 W/cm^2 = 1e4 W/m^2 (1 m^2 = 1e4 cm^2).
  EXPECT_SI("5.0e-12 W/m^2", D::kIrradiance, 5e-12);
  EXPECT_SI("1e-17 W/cm^2", D::kIrradiance, 1e-13);
  EXPECT_SI("25 m^2/s^3", D::kSpectralDensity, 25.0);
  EXPECT_SI("0.5 /frame", D::kPerFrame, 0.5);
  EXPECT_SI("2 1/frame", D::kPerFrame, 2.0);
}

TEST(Units, SensorUnitMistakesAreExplained) {
  EXPECT_EQ(Error("0.5 /s", D::kPerFrame), "'0.5 /s' is a rate; expected a count per frame");
  EXPECT_EQ(Error("0.5", D::kPerFrame),
            "expected a count per frame with a unit, e.g. '0.5 /frame'; got bare number '0.5'");
  EXPECT_EQ(Error("5e-12 W/m2", D::kIrradiance), "unknown unit 'W/m2' (did you mean 'W/m^2'?)");
  EXPECT_EQ(Error("25 m2/s3", D::kSpectralDensity),
            "unknown unit 'm2/s3' (did you mean 'm^2/s^3'?)");
  EXPECT_EQ(Error("25 m^2/s^2", D::kSpectralDensity),
            "unknown unit 'm^2/s^2' (did you mean 'm^2/s^3'?)");
}

TEST(Units, NumberForms) {
  EXPECT_SI("-3.5 km", D::kLength, -3500.0);
  EXPECT_SI("+2 km", D::kLength, 2000.0);
  EXPECT_SI(".5 km", D::kLength, 500.0);
  EXPECT_SI("5. km", D::kLength, 5000.0);
  EXPECT_SI("1E3 m", D::kLength, 1000.0);
  EXPECT_SI("  7 km  ", D::kLength, 7000.0);
  EXPECT_SI("1e-400 m", D::kLength, 0.0);  // underflow is zero, not an error
}

TEST(Units, EveryTableUnitParsesAsItsOwnDimension) {
  for (const UnitDef& u : AllUnits()) {
    const QuantityResult r = ParseQuantity("2 " + std::string(u.symbol), u.dimension);
    ASSERT_TRUE(r) << u.symbol << ": " << r.error;
    const double expected = u.logarithmic ? std::pow(10.0, 0.2) : 2.0 * u.scale;
    EXPECT_NEAR(*r.value, expected, expected * kRel) << u.symbol;
  }
}

TEST(Units, BareNumberNeedsAUnit) {
  EXPECT_EQ(Error("300", D::kLength),
            "expected a length with a unit, e.g. '300 km'; got bare number '300'");
  EXPECT_NE(Error("5", D::kTime).find("expected a time with a unit, e.g. '250 ms'"),
            std::string::npos);
}

TEST(Units, UnknownUnitSuggestsTheClosest) {
  EXPECT_EQ(Error("300 kmm", D::kLength), "unknown unit 'kmm' (did you mean 'km'?)");
  EXPECT_EQ(Error("3 secs", D::kTime), "unknown unit 'secs' (did you mean 's'?)");
  EXPECT_EQ(Error("3 degrees", D::kAngle), "unknown unit 'degrees' (did you mean 'deg'?)");
  EXPECT_EQ(Error("3 KM", D::kLength), "unknown unit 'KM' (did you mean 'km'?)");
  EXPECT_EQ(Error("3 furlongs", D::kLength), "unknown unit 'furlongs'");
}

TEST(Units, WrongDimensionIsNamed) {
  EXPECT_EQ(Error("300 s", D::kLength), "'300 s' is a time; expected a length");
  EXPECT_EQ(Error("2 g", D::kMass), "'2 g' is an acceleration; expected a mass");
  EXPECT_EQ(Error("10 Hz", D::kTime), "'10 Hz' is a frequency; expected a time");
  EXPECT_EQ(Error("200 msg/s", D::kFrequency), "'200 msg/s' is a rate; expected a frequency");
}

TEST(Units, NonFiniteAndOverflowAreRejected) {
  for (const char* text : {"nan km", ".nan km", "NaN", "inf s", "-.inf s", "+Infinity m"}) {
    EXPECT_NE(Error(text, D::kLength).find("not a finite number"), std::string::npos) << text;
  }
  EXPECT_NE(Error("1e400 km", D::kLength).find("too large"), std::string::npos);
  // Finite number, infinite after scaling.
  EXPECT_NE(Error("1e308 km", D::kLength).find("out of range"), std::string::npos);
  EXPECT_NE(Error("4000 dBsm", D::kArea).find("out of range"), std::string::npos);
}

TEST(Units, NotANumber) {
  EXPECT_EQ(Error("", D::kLength),
            "expected a length with a unit, e.g. '300 km'; got an empty value");
  EXPECT_EQ(Error("km", D::kLength), "expected a length with a unit, e.g. '300 km'; got 'km'");
  EXPECT_EQ(Error("information", D::kLength),
            "expected a length with a unit, e.g. '300 km'; got 'information'");
  EXPECT_FALSE(ParseQuantity("0x10 m", D::kLength));
  EXPECT_FALSE(ParseQuantity("1,5 km", D::kLength));
  EXPECT_FALSE(ParseQuantity("3 km", D::kNumber));
  EXPECT_TRUE(ParseQuantity("0.3", D::kNumber));
}

TEST(Units, FormatQuantityUsesUserUnits) {
  EXPECT_EQ(FormatQuantity(91.0 * std::numbers::pi / 180.0, D::kAngle), "91 deg");
  EXPECT_EQ(FormatQuantity(1200.0, D::kTime), "1200 s");
  EXPECT_EQ(FormatQuantity(300e3, D::kLength), "300 km");
  EXPECT_EQ(FormatQuantity(0.005, D::kRatio), "0.5 %");
}

TEST(DidYouMean, EditDistanceIsOptimalStringAlignment) {
  EXPECT_EQ(EditDistance("kitten", "sitting", 10), 3u);  // textbook Levenshtein example
  EXPECT_EQ(EditDistance("raduis", "radius", 10), 1u);   // one transposition
  EXPECT_EQ(EditDistance("", "abc", 10), 3u);
  EXPECT_EQ(EditDistance("ABC", "abc", 10), 0u);       // case-insensitive
  EXPECT_EQ(EditDistance("abcdef", "uvwxyz", 2), 3u);  // early exit: limit + 1
}

TEST(DidYouMean, SuggestsOnlyPlausibleTypos) {
  const std::string_view keys[] = {"launch", "shaping", "type", "aim", "id"};
  EXPECT_EQ(DidYouMean("lanch", keys), " (did you mean 'launch'?)");
  EXPECT_EQ(DidYouMean("shapin", keys), " (did you mean 'shaping'?)");
  EXPECT_EQ(DidYouMean("velocity", keys), "");
  EXPECT_EQ(Quote(std::string(100, 'x'), 5), "'xxxxx...'");
  EXPECT_EQ(Quote("a\x01\xff"), "'a\\x01\\xFF'");
}

TEST(UtcTime, ParsesAgainstKnownEpochs) {
  // 2000-01-01T00:00:00Z is 946684800 s after the Unix epoch (well-known value).
  EXPECT_EQ(ParseUtcTimestamp("2000-01-01T00:00:00Z").value(), 946684800.0);
  EXPECT_EQ(ParseUtcTimestamp("1970-01-01T00:00:00Z").value(), 0.0);
  // 2027-03-14T02:00:00Z: 20891 days after the epoch (2027-01-01 is day 20819, +31+28+13+1-1).
  EXPECT_EQ(ParseUtcTimestamp("2027-03-14T02:00:00Z").value(), 20891.0 * 86400.0 + 7200.0);
  EXPECT_EQ(ParseUtcTimestamp("2024-02-29T12:00:00.5+00:00").value(),
            ParseUtcTimestamp("2024-02-29T12:00:00Z").value() + 0.5);
}

TEST(UtcTime, RejectsBadDates) {
  std::string error;
  for (const char* bad : {"2027-02-29T00:00:00Z", "2027-13-01T00:00:00Z", "2027-03-14T24:00:00Z",
                          "2027-03-14T02:00:00", "2027-03-14T02:00:00+09:00", "2027-03-14",
                          "14/03/2027 02:00", "2027-03-14T02:00:60Z", "1900-02-29T00:00:00Z"}) {
    EXPECT_FALSE(ParseUtcTimestamp(bad, &error)) << bad;
    EXPECT_NE(error.find("bad UTC time"), std::string::npos) << error;
  }
  EXPECT_TRUE(ParseUtcTimestamp("2000-02-29T00:00:00Z"));  // 2000 is a leap year (div. by 400)
}

}  // namespace
}  // namespace bmd::sim

namespace bmd::sim {
namespace {

TEST(Units, PressureSharesPascalWithTheBallisticCoefficient) {
  // The dimension asked for decides what "kPa" means: a pressure (dynamic pressure of
  // aerodynamic control) in Pa, or the weight form of a ballistic coefficient (/ g0).
  const QuantityResult q = ParseQuantity("5 kPa", Dimension::kPressure);
  ASSERT_TRUE(q) << q.error;
  EXPECT_EQ(*q.value, 5000.0);
  const QuantityResult beta = ParseQuantity("40 kPa", Dimension::kBallisticCoefficient);
  ASSERT_TRUE(beta) << beta.error;
  EXPECT_DOUBLE_EQ(*beta.value, 40000.0 / 9.80665);  // one division each way: <= 1 ulp apart
  const QuantityResult bar = ParseQuantity("2 bar", Dimension::kPressure);
  ASSERT_TRUE(bar);
  EXPECT_EQ(*bar.value, 2e5);
  // NIST SP 811 (B.8): 1 psi = 6.894 757 E+03 Pa (7 significant digits: tolerance 0.5e-3 Pa).
  const QuantityResult psi = ParseQuantity("1 psi", Dimension::kPressure);
  ASSERT_TRUE(psi);
  EXPECT_NEAR(*psi.value, 6894.757, 0.5e-3);
  EXPECT_EQ(ParseQuantity("5 kPa", Dimension::kLength).error,
            "'5 kPa' is a ballistic coefficient; expected a length");
  EXPECT_EQ(ParseQuantity("5 km", Dimension::kPressure).error,
            "'5 km' is a length; expected a pressure");
  EXPECT_EQ(FormatQuantity(5000.0, Dimension::kPressure), "5 kPa");
  EXPECT_EQ(FormatQuantity(500.0, Dimension::kPressure), "500 Pa");
}

}  // namespace
}  // namespace bmd::sim
