#include "models/common/random.h"

#include "models/common/ziggurat_tables.h"

#include <Random123/philox.h>

#include <cmath>
#include <cstddef>

namespace bmd {
namespace {

using detail::kZigF;
using detail::kZigR;
using detail::kZigX;

// The normal tail beyond R (Marsaglia 1964): x = -ln(U1) / R, y = -ln(U2), accepted when
// 2 y >= x^2, gives R + x distributed as the normal conditioned on exceeding R.
double NormalTail(RandomStream& rng, bool negative) {
  double x, y;
  do {
    x = -std::log(rng.Uniform()) / kZigR;
    y = -std::log(rng.Uniform());
  } while (y + y < x * x);
  return negative ? -(kZigR + x) : kZigR + x;
}

}  // namespace

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
  // Ziggurat: one 64-bit draw per normal in ~98.8 % of calls (a multiply and a compare). The
  // layer index takes the low 8 bits, the signed abscissa the top 53 (disjoint bits): the odd
  // integers n = 2 k - (2^53 - 1), k = bits >> 11, scaled by 2^-53, are exact and symmetric
  // about 0 on (-1, 1).
  for (;;) {
    const std::uint64_t bits = NextU64();
    const auto i = static_cast<std::size_t>(bits & 0xffu);
    const auto n = static_cast<std::int64_t>(bits >> 11) * 2 - ((std::int64_t{1} << 53) - 1);
    const double u = static_cast<double>(n) * 0x1.0p-53;
    const double x = u * kZigX[i];
    if (std::abs(x) < kZigX[i + 1]) return x;  // inside the layer's rectangle under f
    if (i == 0) return NormalTail(*this, u < 0.0);
    // The wedge between the rectangle and the curve: a uniform height in the layer.
    const double y = kZigF[i + 1] + (kZigF[i] - kZigF[i + 1]) * Uniform();
    if (y < std::exp(-0.5 * x * x)) return x;
  }
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
