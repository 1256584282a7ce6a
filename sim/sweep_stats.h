#pragma once
/// Confidence intervals for sweep aggregates and a streaming accumulator per metric.
///
/// Proportion k successes in n runs, confidence level c (two-sided, alpha = 1 - c):
///   Wilson score:   z = Phi^-1(1 - alpha/2), p = k/n,
///                   centre = (p + z^2/(2n)) / (1 + z^2/n),
///                   half   = z / (1 + z^2/n) * sqrt(p(1-p)/n + z^2/(4n^2)).
///   Clopper-Pearson (exact): lo = B^-1(alpha/2; k, n-k+1)   (0 if k = 0),
///                            hi = B^-1(1-alpha/2; k+1, n-k) (1 if k = n),
///                   B^-1 the quantile of the beta distribution.
/// Mean of n values with sample standard deviation s:
///   mean +- t_{1-alpha/2, n-1} * s / sqrt(n)  (Student t; undefined for n < 2).
/// Quantiles come from Boost.Math. Undefined results are NaN.
#include <cstdint>

namespace bmd::sim {

struct Interval {
  double lo = 0.0;
  double hi = 0.0;
};

/// Wilson score interval for k of n (n >= 1, k <= n). NaN bounds for n = 0.
Interval WilsonInterval(std::uint64_t k, std::uint64_t n, double confidence);

/// Clopper-Pearson exact interval for k of n. NaN bounds for n = 0.
Interval ClopperPearsonInterval(std::uint64_t k, std::uint64_t n, double confidence);

/// Student-t interval of the mean. NaN bounds for n < 2.
Interval MeanInterval(double mean, double sample_std, std::uint64_t n, double confidence);

/// Streaming statistics of one metric over runs (Welford's update, in the order values are
/// added; the sweep adds them in run order so the result is deterministic). NaN values are
/// counted as not applicable and excluded.
class MetricAccumulator {
 public:
  void Add(double value);
  std::uint64_t n_valid() const { return n_; }
  double Mean() const;           ///< NaN if n = 0
  double SampleStd() const;      ///< NaN if n < 2
  double Min() const;            ///< NaN if n = 0
  double Max() const;            ///< NaN if n = 0
  /// Sum of the values, exact for 0/1 flags (the success count k).
  double Sum() const { return sum_; }

 private:
  std::uint64_t n_ = 0;
  double mean_ = 0.0;
  double m2_ = 0.0;
  double sum_ = 0.0;
  double min_ = 0.0;
  double max_ = 0.0;
};

}  // namespace bmd::sim
