#pragma once
/// Angle wrapping shared by the sensor, interoperability and flight models.
#include <cmath>
#include <numbers>

namespace bmd {

/// a wrapped to [-pi, pi]: std::remainder(a, 2 pi), bit for bit (zero signs and the ties at
/// +-pi included), with a fast path for |a| < 2.5 pi, where the remainder is a itself or
/// a -+ 2 pi. That subtraction is exact (Sterbenz: pi <= |a| <= 4 pi), as the remainder
/// always is, so both give the same double. Angles of measurements and look geometry are
/// nearly always in that range; libm's remainder costs ~60 instructions a call.
inline double WrapPi(double a) {
  constexpr double kPi = std::numbers::pi;
  constexpr double kTwoPi = 2.0 * std::numbers::pi;
  if (a >= -kPi && a <= kPi) return a;
  if (a > kPi && a < 2.5 * kPi) return a - kTwoPi;  // a = 2 pi gives +0, as remainder does
  if (a < -kPi && a > -2.5 * kPi) {
    const double r = a + kTwoPi;
    return r != 0.0 ? r : -0.0;  // remainder's zero has the sign of a
  }
  return std::remainder(a, kTwoPi);  // far out of range, NaN and infinities
}

}  // namespace bmd
