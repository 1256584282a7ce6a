// WrapPi against its definition, std::remainder(a, 2 pi), bit for bit.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <vector>

#include "models/common/angles.h"
#include "models/common/random.h"

namespace bmd {
namespace {

void ExpectSameBits(double a) {
  const double want = std::remainder(a, 2.0 * std::numbers::pi);
  const double got = WrapPi(a);
  if (std::isnan(want)) {
    EXPECT_TRUE(std::isnan(got)) << a;
    return;
  }
  EXPECT_EQ(std::bit_cast<std::uint64_t>(got), std::bit_cast<std::uint64_t>(want))
      << std::hexfloat << a << " -> " << got << " want " << want;
}

TEST(WrapPi, EqualsRemainderAtTheEdges) {
  constexpr double pi = std::numbers::pi;
  std::vector<double> edges = {0.0, -0.0, pi, -pi, 2 * pi, -2 * pi, 3 * pi, -3 * pi, 2.5 * pi, -2.5 * pi,
                               4 * pi, -4 * pi, 1e6, -1e6, 1e300, -1e-300,
                               std::numeric_limits<double>::infinity(),
                               -std::numeric_limits<double>::infinity(),
                               std::numeric_limits<double>::quiet_NaN(),
                               std::numeric_limits<double>::denorm_min()};
  for (const double e : std::vector<double>(edges)) {
    // The neighbours of every edge: the fast path's bounds and remainder's ties.
    double lo = e, hi = e;
    for (int k = 0; k < 4; ++k) {
      lo = std::nextafter(lo, -std::numeric_limits<double>::infinity());
      hi = std::nextafter(hi, std::numeric_limits<double>::infinity());
      edges.push_back(lo);
      edges.push_back(hi);
    }
  }
  for (const double a : edges) ExpectSameBits(a);
}

TEST(WrapPi, EqualsRemainderOnRandomAngles) {
  RandomStream rng(3, 0, 0, Purpose::kTest);
  for (int i = 0; i < 200000; ++i) {
    const double scale = i % 3 == 0 ? 4.0 : (i % 3 == 1 ? 10.0 : 1e4);
    ExpectSameBits(rng.Uniform(-scale, scale));
  }
}

}  // namespace
}  // namespace bmd
