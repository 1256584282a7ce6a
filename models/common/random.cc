#include "models/common/random.h"

#include <Random123/philox.h>

#include <cmath>
#include <numbers>

namespace bmd {

RandomStream::RandomStream(std::uint64_t seed, std::uint64_t run, std::uint64_t entity,
                           Purpose purpose)
    : RandomStream(seed, run, entity, static_cast<std::uint32_t>(purpose)) {}

RandomStream::RandomStream(std::uint64_t seed, std::uint64_t run, std::uint64_t entity,
                           std::uint32_t purpose)
    : key_{seed, run}, ctr_{entity, purpose, 0, 0}, buf_{0, 0, 0, 0} {}

void RandomStream::Refill() {
  r123::Philox4x64 gen;
  r123::Philox4x64::ctr_type c = {{ctr_[0], ctr_[1], ctr_[2], ctr_[3]}};
  r123::Philox4x64::key_type k = {{key_[0], key_[1]}};
  const auto out = gen(c, k);
  for (int i = 0; i < 4; ++i) buf_[i] = out.v[i];
  ++ctr_[2];
  next_ = 0;
}

std::uint64_t RandomStream::NextU64() {
  if (next_ >= 4) Refill();
  return buf_[next_++];
}

double RandomStream::Uniform() {
  // 53 random bits, shifted by half an ulp so that 0 and 1 are never returned.
  return (static_cast<double>(NextU64() >> 11) + 0.5) * 0x1.0p-53;
}

double RandomStream::Normal() {
  if (have_spare_normal_) {
    have_spare_normal_ = false;
    return spare_normal_;
  }
  const double u1 = Uniform();
  const double u2 = Uniform();
  const double r = std::sqrt(-2.0 * std::log(u1));
  const double phi = 2.0 * std::numbers::pi * u2;
  spare_normal_ = r * std::sin(phi);
  have_spare_normal_ = true;
  return r * std::cos(phi);
}

bool RandomStream::Bernoulli(double p) {
  if (!(p > 0.0)) return false;
  if (p >= 1.0) return true;
  return Uniform() < p;
}

double RandomStream::Exponential(double mean) { return -mean * std::log(Uniform()); }

std::uint64_t RandomStream::Poisson(double mean) {
  if (!(mean > 0.0)) return 0;
  if (mean < 30.0) {
    const double l = std::exp(-mean);
    std::uint64_t k = 0;
    double p = Uniform();
    while (p > l) {
      ++k;
      p *= Uniform();
    }
    return k;
  }
  const double x = std::round(mean + std::sqrt(mean) * Normal());
  return x < 0.0 ? 0 : static_cast<std::uint64_t>(x);
}

std::uint64_t RandomStream::UniformIndex(std::uint64_t n) {
  if (n <= 1) return 0;
  const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % n);
  std::uint64_t x;
  do {
    x = NextU64();
  } while (x >= limit);
  return x % n;
}

std::uint64_t Mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::uint64_t StableHash(const char* s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (; *s; ++s) {
    h ^= static_cast<unsigned char>(*s);
    h *= 0x100000001b3ULL;
  }
  return Mix64(h);
}

}  // namespace bmd
