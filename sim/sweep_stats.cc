#include "sim/sweep_stats.h"

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace bmd::sim {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double TwoSidedAlphaHalf(double confidence) { return 0.5 * (1.0 - confidence); }

}  // namespace

Interval WilsonInterval(std::uint64_t k, std::uint64_t n, double confidence) {
  if (n == 0) return {kNaN, kNaN};
  const double z = boost::math::quantile(boost::math::normal_distribution<double>(0.0, 1.0),
                                         1.0 - TwoSidedAlphaHalf(confidence));
  const double nn = static_cast<double>(n);
  const double p = static_cast<double>(k) / nn;
  const double z2 = z * z;
  const double denom = 1.0 + z2 / nn;
  const double centre = (p + z2 / (2.0 * nn)) / denom;
  const double half = z / denom * std::sqrt(p * (1.0 - p) / nn + z2 / (4.0 * nn * nn));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

Interval ClopperPearsonInterval(std::uint64_t k, std::uint64_t n, double confidence) {
  if (n == 0) return {kNaN, kNaN};
  const double a = TwoSidedAlphaHalf(confidence);
  const double kk = static_cast<double>(k), nn = static_cast<double>(n);
  Interval iv{0.0, 1.0};
  if (k > 0) iv.lo = boost::math::quantile(boost::math::beta_distribution<double>(kk, nn - kk + 1.0), a);
  if (k < n) iv.hi = boost::math::quantile(boost::math::beta_distribution<double>(kk + 1.0, nn - kk), 1.0 - a);
  return iv;
}

Interval MeanInterval(double mean, double sample_std, std::uint64_t n, double confidence) {
  if (n < 2 || !std::isfinite(mean) || !std::isfinite(sample_std)) return {kNaN, kNaN};
  const double t = boost::math::quantile(
      boost::math::students_t_distribution<double>(static_cast<double>(n - 1)),
      1.0 - TwoSidedAlphaHalf(confidence));
  const double half = t * sample_std / std::sqrt(static_cast<double>(n));
  return {mean - half, mean + half};
}

void MetricAccumulator::Add(double value) {
  if (std::isnan(value)) return;
  ++n_;
  sum_ += value;
  if (n_ == 1) {
    min_ = max_ = value;
  } else {
    min_ = std::min(min_, value);
    max_ = std::max(max_, value);
  }
  const double delta = value - mean_;
  mean_ += delta / static_cast<double>(n_);
  m2_ += delta * (value - mean_);
}

double MetricAccumulator::Mean() const { return n_ == 0 ? kNaN : mean_; }
double MetricAccumulator::SampleStd() const {
  return n_ < 2 ? kNaN : std::sqrt(m2_ / static_cast<double>(n_ - 1));
}
double MetricAccumulator::Min() const { return n_ == 0 ? kNaN : min_; }
double MetricAccumulator::Max() const { return n_ == 0 ? kNaN : max_; }

}  // namespace bmd::sim
