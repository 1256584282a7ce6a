#pragma once
/// KeySet: a set of 64-bit keys in one flat array (open addressing, linear probing), for
/// per-run bookkeeping inside the tick loop. Unlike std::unordered_set it allocates only
/// when it grows (capacity doubles at half load), never per insertion; Reserve() up front
/// makes a whole run allocation-free.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace bmd {

class KeySet {
 public:
  explicit KeySet(std::size_t expected = 0) { Reserve(expected); }

  /// Room for `n` keys without growing.
  void Reserve(std::size_t n) {
    std::size_t cap = 16;
    while (cap < 2 * n) cap *= 2;
    if (cap > slots_.size()) Rehash(cap);
  }

  /// Inserts key; true when it was not in the set.
  bool Insert(std::uint64_t key) {
    if (key == kEmpty) {
      if (has_empty_key_) return false;
      has_empty_key_ = true;
      ++size_;
      return true;
    }
    if (2 * (size_ + 1) > slots_.size()) Rehash(slots_.size() * 2);
    std::size_t i = Slot(key);
    while (slots_[i] != kEmpty) {
      if (slots_[i] == key) return false;
      i = (i + 1) & (slots_.size() - 1);
    }
    slots_[i] = key;
    ++size_;
    return true;
  }

  bool Contains(std::uint64_t key) const {
    if (key == kEmpty) return has_empty_key_;
    std::size_t i = Slot(key);
    while (slots_[i] != kEmpty) {
      if (slots_[i] == key) return true;
      i = (i + 1) & (slots_.size() - 1);
    }
    return false;
  }

  std::size_t size() const { return size_; }
  std::size_t capacity() const { return slots_.size() / 2; }

 private:
  static constexpr std::uint64_t kEmpty = 0;

  std::size_t Slot(std::uint64_t key) const {
    // Fibonacci hashing spreads structured keys (counters, packed ids) over the table.
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> shift_);
  }

  void Rehash(std::size_t cap) {  // cap: a power of two >= 16
    std::vector<std::uint64_t> old;
    old.swap(slots_);
    slots_.assign(cap, kEmpty);
    shift_ = 64;
    for (std::size_t c = cap; c > 1; c >>= 1) --shift_;
    for (std::uint64_t k : old) {
      if (k == kEmpty) continue;
      std::size_t i = Slot(k);
      while (slots_[i] != kEmpty) i = (i + 1) & (cap - 1);
      slots_[i] = k;
    }
  }

  std::vector<std::uint64_t> slots_;
  int shift_ = 64;
  std::size_t size_ = 0;
  bool has_empty_key_ = false;
};

}  // namespace bmd
