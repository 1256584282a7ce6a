#pragma once
/// SHA-256 (FIPS 180-4), used to fingerprint the scenario text embedded in output files.
///
///   Sha256 h; h.Update(part1); h.Update(part2); std::string hex = h.HexDigest();
///   std::string hex = Sha256::Hex("abc");  // "ba7816bf...f20015ad"
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace bmd::io {

class Sha256 {
 public:
  using Digest = std::array<std::uint8_t, 32>;

  Sha256();
  void Update(std::span<const std::uint8_t> bytes);
  void Update(std::string_view text);
  /// Pads and returns the digest; the object is then reset for a new message.
  Digest Finish();
  /// Finish() as 64 lowercase hex digits.
  std::string HexDigest();

  /// One-shot hex digest of `text`.
  static std::string Hex(std::string_view text);

 private:
  void Reset();
  void Compress(const std::uint8_t* block);

  std::array<std::uint32_t, 8> state_{};
  std::array<std::uint8_t, 64> block_{};
  std::size_t block_used_ = 0;
  std::uint64_t total_bytes_ = 0;
};

}  // namespace bmd::io
