// Confidence intervals of sweep aggregates against closed forms and published values.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "sim/sweep_stats.h"

namespace bmd::sim {
namespace {

// z_{0.975} to 16 digits (standard normal table / Abramowitz & Stegun 26.2), an independent
// reference for Boost's normal quantile.
constexpr double kZ975 = 1.959963984540054;

TEST(ClopperPearson, ZeroAndAllSuccessesMatchTheClosedForm) {
  // k = 0: hi = 1 - (alpha/2)^(1/n); k = n: lo = (alpha/2)^(1/n) (beta quantile with a
  // parameter 1 reduces to a power). Both computed here without Boost.
  const Interval none = ClopperPearsonInterval(0, 10, 0.95);
  EXPECT_EQ(none.lo, 0.0);
  EXPECT_NEAR(none.hi, 1.0 - std::pow(0.025, 0.1), 1e-12);  // 0.3084971...
  const Interval all = ClopperPearsonInterval(10, 10, 0.95);
  EXPECT_NEAR(all.lo, std::pow(0.025, 0.1), 1e-12);         // 0.6915029...
  EXPECT_EQ(all.hi, 1.0);
  // Another confidence level: 90 %, n = 10.
  EXPECT_NEAR(ClopperPearsonInterval(0, 10, 0.90).hi, 1.0 - std::pow(0.05, 0.1), 1e-12);
}

TEST(ClopperPearson, HalfMatchesPublishedTable) {
  // 5/10 at 95 %: 0.1871 - 0.8129 (Newcombe, Stat. Med. 17:857 (1998), method 5; also the
  // classic Clopper-Pearson charts). Published to 4 decimals, hence the 6e-5 tolerance.
  const Interval iv = ClopperPearsonInterval(5, 10, 0.95);
  EXPECT_NEAR(iv.lo, 0.1871, 6e-5);
  EXPECT_NEAR(iv.hi, 0.8129, 6e-5);
  // Symmetry k <-> n-k is exact in the definition.
  EXPECT_NEAR(iv.lo, 1.0 - iv.hi, 1e-12);
}

TEST(ClopperPearson, BoundsSatisfyTheBinomialTailDefinition) {
  // lo is the p with P(X >= k | p) = alpha/2, hi the p with P(X <= k | p) = alpha/2;
  // binomial tails summed directly here.
  const int n = 20, k = 7;
  const Interval iv = ClopperPearsonInterval(k, n, 0.95);
  auto pmf = [&](int x, double p) {
    return std::exp(std::lgamma(n + 1.0) - std::lgamma(x + 1.0) - std::lgamma(n - x + 1.0) +
                    x * std::log(p) + (n - x) * std::log1p(-p));
  };
  double upper_tail = 0.0, lower_tail = 0.0;
  for (int x = k; x <= n; ++x) upper_tail += pmf(x, iv.lo);
  for (int x = 0; x <= k; ++x) lower_tail += pmf(x, iv.hi);
  EXPECT_NEAR(upper_tail, 0.025, 1e-10);  // quantile solved to near machine precision
  EXPECT_NEAR(lower_tail, 0.025, 1e-10);
}

TEST(Wilson, MatchesClosedForm) {
  for (const auto& [k, n] : {std::pair{0, 10}, {5, 10}, {10, 10}, {3, 40}}) {
    const double p = static_cast<double>(k) / n, z2 = kZ975 * kZ975;
    const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    const double half = kZ975 / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    const Interval iv = WilsonInterval(k, n, 0.95);
    // Only the z value differs in origin (Boost vs the 16-digit constant): 1e-12.
    EXPECT_NEAR(iv.lo, std::max(0.0, centre - half), 1e-12) << k << "/" << n;
    EXPECT_NEAR(iv.hi, std::min(1.0, centre + half), 1e-12) << k << "/" << n;
  }
  // 0/10: upper bound z^2/(n+z^2) = 0.2775 (Newcombe 1998, method 3), 4 decimals.
  EXPECT_NEAR(WilsonInterval(0, 10, 0.95).hi, 0.2775, 6e-5);
}

TEST(Intervals, UndefinedCasesAreNaN) {
  EXPECT_TRUE(std::isnan(WilsonInterval(0, 0, 0.95).lo));
  EXPECT_TRUE(std::isnan(ClopperPearsonInterval(0, 0, 0.95).hi));
  EXPECT_TRUE(std::isnan(MeanInterval(1.0, std::nan(""), 1, 0.95).lo));
}

TEST(MeanInterval, StudentTOnOneToTen) {
  // Values 1..10: mean 5.5, s^2 = 55/6; t_{0.975, 9} = 2.262157 (Student t table, 6 decimals
  // published, so tolerance 1e-6 * s/sqrt(n) ~ 1e-6).
  MetricAccumulator acc;
  for (int i = 1; i <= 10; ++i) acc.Add(i);
  acc.Add(std::numeric_limits<double>::quiet_NaN());  // not applicable: excluded
  EXPECT_EQ(acc.n_valid(), 10u);
  EXPECT_DOUBLE_EQ(acc.Mean(), 5.5);
  EXPECT_NEAR(acc.SampleStd(), std::sqrt(55.0 / 6.0), 1e-14);
  EXPECT_EQ(acc.Min(), 1.0);
  EXPECT_EQ(acc.Max(), 10.0);
  const Interval iv = MeanInterval(acc.Mean(), acc.SampleStd(), acc.n_valid(), 0.95);
  const double half = 2.262157 * std::sqrt(55.0 / 6.0) / std::sqrt(10.0);
  EXPECT_NEAR(iv.lo, 5.5 - half, 2e-6);
  EXPECT_NEAR(iv.hi, 5.5 + half, 2e-6);
}

TEST(MetricAccumulator, EmptyAndSingle) {
  MetricAccumulator acc;
  EXPECT_TRUE(std::isnan(acc.Mean()));
  acc.Add(3.0);
  EXPECT_EQ(acc.Mean(), 3.0);
  EXPECT_TRUE(std::isnan(acc.SampleStd()));
}

}  // namespace
}  // namespace bmd::sim
