#pragma once
/// Counter-based random streams (Random123 Philox4x64-10).
///
/// Every random draw in the simulator comes from a stream keyed by
/// (seed, run, entity, purpose). The key is {seed, run}; the counter is
/// {entity, purpose, block, 0}, so two different keys can never share a block and a
/// stream's values do not depend on which thread or MPI rank asks for them, nor on how
/// many other streams exist. Streams are cheap value types: create one where needed.
#include <cstdint>

namespace bmd {

/// Stable purpose codes. Append only: changing a value changes every result.
enum class Purpose : std::uint32_t {
  kTest = 0,
  kLaunchDispersion = 1,
  kDetection = 2,
  kMeasurementNoise = 3,
  kFalseAlarm = 4,
  kLinkLatency = 5,
  kLinkLoss = 6,
  kLinkFailure = 7,
  kKillDraw = 8,
  kKillAssessment = 9,
  kSensorBias = 10,
  kTrackerInternal = 11,
  kScheduling = 12,
};

class RandomStream {
 public:
  RandomStream(std::uint64_t seed, std::uint64_t run, std::uint64_t entity, Purpose purpose);
  RandomStream(std::uint64_t seed, std::uint64_t run, std::uint64_t entity, std::uint32_t purpose);

  /// 64 uniformly distributed bits.
  std::uint64_t NextU64();
  /// Uniform on the open interval (0, 1).
  double Uniform();
  /// Uniform on [lo, hi).
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  /// Standard normal N(0, 1): 256-layer ziggurat (models/common/ziggurat_tables.h), one
  /// 64-bit draw per value in ~98.8 % of calls, more in the wedges and the tail.
  double Normal();
  double Normal(double mean, double sigma) { return mean + sigma * Normal(); }
  /// True with probability p (p outside [0,1] is clamped).
  bool Bernoulli(double p);
  /// Exponential with the given mean (> 0).
  double Exponential(double mean);
  /// Poisson with the given mean (>= 0); exact inversion for mean < 30, normal approximation above.
  std::uint64_t Poisson(double mean);
  /// Uniform integer in [0, n), n > 0, without modulo bias.
  std::uint64_t UniformIndex(std::uint64_t n);

 private:
  void Refill();
  std::uint64_t key_[2];
  std::uint64_t ctr_[4];
  std::uint64_t buf_[4];
  int next_ = 4;
};

/// SplitMix64 finaliser: a bijective 64-bit mixer, used to derive entity ids from names.
std::uint64_t Mix64(std::uint64_t x);
/// Stable 64-bit FNV-1a hash of a string, for turning entity names into stream ids.
std::uint64_t StableHash(const char* s);

}  // namespace bmd
