#include "sim/sweep_row.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

namespace bmd::sim {
namespace {

static_assert(std::endian::native == std::endian::little,
              "sweep journal encoding assumes a little-endian host");

constexpr std::uint32_t kMaxMessageBytes = 1u << 20;
constexpr std::uint32_t kMaxMetrics = 1u << 16;

template <typename T>
void Put(std::vector<std::uint8_t>& out, const T& v) {
  // resize + memcpy (vector::insert of a few bytes trips GCC 12's -Wstringop-overflow at -O3).
  const std::size_t at = out.size();
  out.resize(at + sizeof(T));
  std::memcpy(out.data() + at, &v, sizeof(T));
}

class Cursor {
 public:
  explicit Cursor(std::span<const std::uint8_t> b) : b_(b) {}
  template <typename T>
  bool Get(T& v) {
    if (b_.size() - pos_ < sizeof(T)) return false;
    std::memcpy(&v, b_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  bool GetBytes(std::size_t n, std::string& s) {
    if (b_.size() - pos_ < n) return false;
    s.assign(reinterpret_cast<const char*>(b_.data() + pos_), n);
    pos_ += n;
    return true;
  }
  bool AtEnd() const { return pos_ == b_.size(); }

 private:
  std::span<const std::uint8_t> b_;
  std::size_t pos_ = 0;
};

constexpr std::array<std::uint32_t, 256> MakeCrcTable() {
  std::array<std::uint32_t, 256> t{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    t[i] = c;
  }
  return t;
}
constexpr auto kCrcTable = MakeCrcTable();

}  // namespace

void EncodeRow(const RunRow& row, std::vector<std::uint8_t>& out) {
  Put(out, row.grid_point);
  Put(out, row.run_index);
  Put(out, row.seed);
  Put(out, row.stream_run_index);
  Put(out, static_cast<std::uint8_t>(row.ok ? 1 : 0));
  const auto msg_bytes = static_cast<std::uint32_t>(std::min<std::size_t>(row.message.size(), kMaxMessageBytes));
  Put(out, msg_bytes);
  out.insert(out.end(), row.message.begin(), row.message.begin() + msg_bytes);
  Put(out, static_cast<std::uint32_t>(row.metrics.size()));
  for (double m : row.metrics) Put(out, m);
  Put(out, row.wall_time_s);
  Put(out, row.rank);
}

bool DecodeRow(std::span<const std::uint8_t> bytes, RunRow& row) {
  Cursor c(bytes);
  std::uint8_t ok = 0;
  std::uint32_t msg_bytes = 0, n_metrics = 0;
  if (!c.Get(row.grid_point) || !c.Get(row.run_index) || !c.Get(row.seed) ||
      !c.Get(row.stream_run_index) || !c.Get(ok) || ok > 1 || !c.Get(msg_bytes) ||
      msg_bytes > kMaxMessageBytes || !c.GetBytes(msg_bytes, row.message) || !c.Get(n_metrics) ||
      n_metrics > kMaxMetrics) {
    return false;
  }
  row.ok = ok == 1;
  row.metrics.resize(n_metrics);
  for (auto& m : row.metrics) {
    if (!c.Get(m)) return false;
  }
  return c.Get(row.wall_time_s) && c.Get(row.rank) && c.AtEnd();
}

std::uint32_t Crc32(std::span<const std::uint8_t> bytes, std::uint32_t crc) {
  crc = ~crc;
  for (std::uint8_t b : bytes) crc = kCrcTable[(crc ^ b) & 0xFFu] ^ (crc >> 8);
  return ~crc;
}

}  // namespace bmd::sim
