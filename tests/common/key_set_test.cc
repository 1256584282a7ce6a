// KeySet against std::set on random and adversarial keys (zero, collisions in the low bits,
// growth through several rehashes), and its no-growth promise after Reserve.
#include "models/common/key_set.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>

#include "models/common/random.h"

namespace bmd {
namespace {

TEST(KeySet, AgreesWithStdSet) {
  RandomStream rng(11, 0, 0, Purpose::kTest);
  KeySet ks;
  std::set<std::uint64_t> ref;
  for (int i = 0; i < 20000; ++i) {
    // A mix of small counters, keys equal in their low 32 bits, and full-width draws.
    std::uint64_t k;
    switch (i % 3) {
      case 0: k = rng.UniformIndex(5000); break;
      case 1: k = (rng.UniformIndex(64) << 32) | 7u; break;
      default: k = rng.NextU64(); break;
    }
    ASSERT_EQ(ks.Insert(k), ref.insert(k).second) << "key " << k;
  }
  EXPECT_EQ(ks.size(), ref.size());
  for (std::uint64_t k : ref) EXPECT_TRUE(ks.Contains(k));
  int false_hits = 0;
  for (int i = 0; i < 1000; ++i) {
    const std::uint64_t k = rng.NextU64();
    if (ref.count(k) == 0 && ks.Contains(k)) ++false_hits;
  }
  EXPECT_EQ(false_hits, 0);
}

TEST(KeySet, ZeroIsAnOrdinaryKey) {
  KeySet ks;
  EXPECT_FALSE(ks.Contains(0));
  EXPECT_TRUE(ks.Insert(0));
  EXPECT_FALSE(ks.Insert(0));
  EXPECT_TRUE(ks.Contains(0));
  EXPECT_EQ(ks.size(), 1u);
}

TEST(KeySet, ReserveAvoidsGrowth) {
  KeySet ks(1000);
  const std::size_t cap = ks.capacity();
  EXPECT_GE(cap, 1000u);
  for (std::uint64_t k = 1; k <= 1000; ++k) EXPECT_TRUE(ks.Insert(k * 1000003));
  EXPECT_EQ(ks.capacity(), cap);
  for (std::uint64_t k = 1; k <= 1000; ++k) EXPECT_FALSE(ks.Insert(k * 1000003));
}

}  // namespace
}  // namespace bmd
