#pragma once
/// One finished run of a sweep (its summary row) and its binary encoding, shared by the
/// journal (sweep_journal.h) and the MPI messages (sweep_mpi.h).
///
/// Encoding (little-endian, no padding):
///   u64 grid_point, u64 run_index, u64 seed, u64 stream_run_index,
///   u8 ok, u32 message_bytes, message bytes,
///   u32 n_metrics, n_metrics x f64, f64 wall_time_s, i32 rank.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace bmd::sim {

/// One (grid point, run) of a sweep.
struct SweepTask {
  std::uint64_t grid_point = 0;
  std::uint64_t run_index = 0;
  friend bool operator==(const SweepTask&, const SweepTask&) = default;
};

struct RunRow {
  std::uint64_t grid_point = 0;
  std::uint64_t run_index = 0;
  std::uint64_t seed = 0;              ///< scenario seed used
  std::uint64_t stream_run_index = 0;  ///< run key of the random streams (= run_index: CRN)
  bool ok = true;
  std::string message;                 ///< failure message when !ok
  std::vector<double> metrics;         ///< SummaryMetrics() order; NaN when failed
  double wall_time_s = 0.0;            ///< timing only: never part of deterministic tables
  std::int32_t rank = 0;               ///< MPI rank that ran it (timing table only)
};

/// Appends the encoding of `row` to `out`.
void EncodeRow(const RunRow& row, std::vector<std::uint8_t>& out);

/// Decodes one row occupying exactly `bytes`; returns false on any inconsistency
/// (truncated, trailing bytes, absurd lengths).
bool DecodeRow(std::span<const std::uint8_t> bytes, RunRow& row);

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, init and final xor 0xFFFFFFFF);
/// Crc32("123456789") = 0xCBF43926.
std::uint32_t Crc32(std::span<const std::uint8_t> bytes, std::uint32_t crc = 0);

}  // namespace bmd::sim
