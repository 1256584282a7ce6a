// RandomStream: keyed determinism, the uniform's range, and the ziggurat normal against the
// standard normal distribution (tables against their defining recurrence; KS and chi-square
// goodness of fit, tail mass beyond R, moments).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "models/common/random.h"
#include "models/common/ziggurat_tables.h"

namespace bmd {
namespace {

double Phi(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }
double Pdf(double x) { return std::exp(-0.5 * x * x); }  // unnormalised, as in the tables

TEST(RandomStream, SameKeySameSequenceDifferentKeyDifferentSequence) {
  RandomStream a(7, 3, 11, Purpose::kMeasurementNoise), b(7, 3, 11, Purpose::kMeasurementNoise);
  RandomStream c(7, 4, 11, Purpose::kMeasurementNoise), d(7, 3, 11, Purpose::kDetection);
  int same_c = 0, same_d = 0;
  for (int i = 0; i < 1000; ++i) {
    const double x = a.Normal();
    EXPECT_EQ(x, b.Normal());
    same_c += x == c.Normal();
    same_d += x == d.Normal();
  }
  EXPECT_EQ(same_c, 0);
  EXPECT_EQ(same_d, 0);
}

TEST(RandomStream, UniformIsInsideTheOpenUnitInterval) {
  RandomStream rng(1, 0, 0, Purpose::kTest);
  double lo = 1.0, hi = 0.0, sum = 0.0;
  constexpr int kN = 200000;
  for (int i = 0; i < kN; ++i) {
    const double u = rng.Uniform();
    lo = std::min(lo, u);
    hi = std::max(hi, u);
    sum += u;
  }
  EXPECT_GT(lo, 0.0);
  EXPECT_LT(hi, 1.0);
  // Mean 1/2, standard error sqrt(1/12 / N) = 6.5e-4: 5 standard errors.
  EXPECT_NEAR(sum / kN, 0.5, 5 * std::sqrt(1.0 / 12.0 / kN));
}

// The tables, recomputed from their definition with std::erfc / std::exp / std::log in double:
// equal layer areas V, the base rectangle, heights f(x_i), the closing of the top layer.
TEST(ZigguratTables, SatisfyTheEqualAreaRecurrence) {
  using detail::kZigF;
  using detail::kZigR;
  using detail::kZigX;
  const double v = kZigR * Pdf(kZigR) + std::sqrt(std::numbers::pi / 2.0) *
                                            std::erfc(kZigR / std::numbers::sqrt2);
  // Marsaglia & Tsang's published R and V for 256 layers: R to its 17 printed digits; their
  // V = .00492867323399 is the true 0.0049286732339747 rounded up in the 12th significant digit.
  EXPECT_NEAR(kZigR, 3.6541528853610088, 1e-15);
  EXPECT_NEAR(v, 0.00492867323399, 5e-14);
  EXPECT_EQ(kZigX[1], kZigR);
  EXPECT_NEAR(kZigX[0] * Pdf(kZigR), v, 1e-16);
  EXPECT_EQ(kZigX[256], 0.0);
  EXPECT_EQ(kZigF[256], 1.0);
  for (int i = 0; i <= 256; ++i) {
    // Heights: f at the table's abscissa to a few ulps (exp's own error is below 1 ulp).
    EXPECT_NEAR(kZigF[i], Pdf(kZigX[i]), 4e-16) << i;
    if (i >= 1 && i <= 255) {
      // Every layer has area V: x_i (f(x_{i+1}) - f(x_i)) = V. The difference of heights
      // loses up to ~|f| / |df| ulps near the top, so the tolerance is relative 1e-12.
      EXPECT_NEAR(kZigX[i] * (kZigF[i + 1] - kZigF[i]), v, 1e-12 * v) << i;
      EXPECT_GT(kZigX[i], kZigX[i + 1]) << i;
    }
  }
}

class NormalSample : public ::testing::Test {
 protected:
  static constexpr int kN = 2'000'000;
  static void SetUpTestSuite() {
    sample_ = new std::vector<double>(kN);
    RandomStream rng(20261127, 5, 42, Purpose::kTest);
    for (double& x : *sample_) x = rng.Normal();
  }
  static void TearDownTestSuite() {
    delete sample_;
    sample_ = nullptr;
  }
  static std::vector<double>* sample_;
};
std::vector<double>* NormalSample::sample_ = nullptr;

TEST_F(NormalSample, KolmogorovSmirnovAgainstPhi) {
  std::vector<double> s = *sample_;
  std::sort(s.begin(), s.end());
  double d = 0.0;
  for (int i = 0; i < kN; ++i) {
    const double p = Phi(s[static_cast<std::size_t>(i)]);
    d = std::max({d, p - static_cast<double>(i) / kN, static_cast<double>(i + 1) / kN - p});
  }
  // Critical value at the 0.1 % level: 1.95 / sqrt(N) (asymptotic Kolmogorov distribution).
  EXPECT_LT(d, 1.95 / std::sqrt(double{kN}));
}

// Chi-square over bins whose edges are the ziggurat's own layer abscissae (both signs) plus the
// tail: an error in any layer's rectangle, wedge or in the tail shows up in its own bin.
TEST_F(NormalSample, ChiSquareOverTheLayerBins) {
  std::vector<double> edges;  // ascending positive edges: x_251, x_246, .., x_1 = R (then +inf)
  for (int i = 251; i >= 1; i -= 5) edges.push_back(detail::kZigX[i]);
  std::vector<double> cuts;
  for (auto it = edges.rbegin(); it != edges.rend(); ++it) cuts.push_back(-*it);
  cuts.push_back(0.0);
  for (double e : edges) cuts.push_back(e);
  const std::size_t bins = cuts.size() + 1;
  std::vector<double> count(bins, 0.0);
  for (double x : *sample_) {
    count[static_cast<std::size_t>(std::upper_bound(cuts.begin(), cuts.end(), x) - cuts.begin())] += 1.0;
  }
  double chi2 = 0.0;
  for (std::size_t b = 0; b < bins; ++b) {
    const double lo = b == 0 ? 0.0 : Phi(cuts[b - 1]);
    const double hi = b + 1 == bins ? 1.0 : Phi(cuts[b]);
    const double expected = kN * (hi - lo);
    ASSERT_GT(expected, 5.0);
    chi2 += (count[b] - expected) * (count[b] - expected) / expected;
  }
  // 104 bins, 103 degrees of freedom: the 0.1 % upper quantile of chi-square(103) is 153.10.
  EXPECT_EQ(bins, 104u);
  EXPECT_LT(chi2, 153.10);
}

TEST_F(NormalSample, TailBeyondRAndMoments) {
  const double r = detail::kZigR;
  double n_tail = 0.0, sum_tail = 0.0, n_far = 0.0, n_pos = 0.0, m1 = 0.0, m2 = 0.0, m3 = 0.0, m4 = 0.0;
  for (double x : *sample_) {
    if (std::abs(x) > r) {
      n_tail += 1.0;
      sum_tail += std::abs(x);
    }
    n_far += std::abs(x) > 4.5;
    n_pos += x > 0.0;
    m1 += x;
    m2 += x * x;
    m3 += x * x * x;
    m4 += x * x * x * x;
  }
  const double n = kN;
  // Counts are binomial: 5 standard deviations.
  const double p_tail = 2.0 * (1.0 - Phi(r));  // 2.58e-4, ~516 expected
  EXPECT_NEAR(n_tail, n * p_tail, 5 * std::sqrt(n * p_tail));
  // The tail sampler's shape: |x| given |x| > R has mean lambda = phi(R) / (1 - Phi(R)) (inverse
  // Mills ratio) and variance 1 + R lambda - lambda^2; 5 standard errors of the sample mean.
  const double lambda = std::exp(-0.5 * r * r) / std::sqrt(2.0 * std::numbers::pi) / (1.0 - Phi(r));
  const double var_tail = 1.0 + r * lambda - lambda * lambda;
  EXPECT_NEAR(sum_tail / n_tail, lambda, 5 * std::sqrt(var_tail / n_tail));
  const double p_far = 2.0 * (1.0 - Phi(4.5));  // 6.8e-6, ~13.6 expected: only the tail sampler
  EXPECT_NEAR(n_far, n * p_far, 5 * std::sqrt(n * p_far));
  EXPECT_NEAR(n_pos, 0.5 * n, 5 * std::sqrt(0.25 * n));
  // Sample moments: standard errors sqrt(1/N), sqrt(2/N), sqrt(15/N), sqrt(96/N); 5 of each.
  EXPECT_NEAR(m1 / n, 0.0, 5 * std::sqrt(1.0 / n));
  EXPECT_NEAR(m2 / n, 1.0, 5 * std::sqrt(2.0 / n));
  EXPECT_NEAR(m3 / n, 0.0, 5 * std::sqrt(15.0 / n));
  EXPECT_NEAR(m4 / n, 3.0, 5 * std::sqrt(96.0 / n));
}

}  // namespace
}  // namespace bmd
