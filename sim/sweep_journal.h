#pragma once
/// The crash-safe, append-only journal of a sweep: one record per finished run, written
/// (write(2)) as soon as the run finishes and fdatasync'ed at least every kSyncInterval_s,
/// so a SIGKILL loses no finished run and a power loss at most the last seconds.
///
/// File layout (little-endian):
///   header : "BMDSWJ01", u32 body_bytes, body, u32 crc32(body)
///            body = u32 n + scenario_sha256 (hex text), u32 n + arguments (text)
///   records: u32 kRecordMagic, u32 payload_bytes, payload (EncodeRow), u32 crc32(payload)
/// A reader keeps the longest prefix of valid records: a torn or corrupt record (bad magic,
/// length, CRC or encoding) and everything after it are ignored, and an appending writer
/// truncates the file to that prefix first. A record for a (grid point, run) already seen
/// is ignored (first one wins).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/sweep_row.h"

namespace bmd::sim {

/// What a journal belongs to: checked by --resume.
struct JournalIdentity {
  std::string scenario_sha256;  ///< SHA-256 (hex) of the scenario + catalog texts
  std::string arguments;        ///< canonical text of the row-defining sweep arguments
};

inline constexpr double kJournalSyncInterval_s = 2.0;

class JournalWriter {
 public:
  /// Creates (or truncates) `path` and writes the header. Throws InputError on I/O errors.
  static JournalWriter Create(const std::filesystem::path& path, const JournalIdentity& identity);
  /// Opens an existing journal for appending after its first `valid_bytes` bytes (from
  /// JournalReader::valid_bytes(); anything beyond is a torn record and is cut off).
  static JournalWriter OpenForAppend(const std::filesystem::path& path, std::uint64_t valid_bytes);

  JournalWriter(JournalWriter&& other) noexcept;
  JournalWriter& operator=(JournalWriter&& other) noexcept;
  JournalWriter(const JournalWriter&) = delete;
  JournalWriter& operator=(const JournalWriter&) = delete;
  ~JournalWriter();

  /// Writes one record with a single write(2); syncs if the last sync is older than
  /// kJournalSyncInterval_s. Not thread-safe (the sweep calls it under its lock).
  void Append(const RunRow& row);
  /// fdatasync now.
  void Sync();
  /// Syncs and closes.
  void Close();

 private:
  JournalWriter(int fd, std::filesystem::path path);
  int fd_ = -1;
  std::filesystem::path path_;
  std::vector<std::uint8_t> buffer_;
  double last_sync_s_ = 0.0;
};

/// One valid record of a journal.
struct JournalEntry {
  std::uint64_t grid_point = 0;
  std::uint64_t run_index = 0;
  std::uint64_t offset = 0;         ///< of the payload
  std::uint32_t payload_bytes = 0;
};

class JournalReader {
 public:
  /// Opens and scans `path`. Throws InputError if it is not a sweep journal or its header
  /// is damaged.
  static JournalReader Open(const std::filesystem::path& path);

  JournalReader(JournalReader&& other) noexcept;
  JournalReader& operator=(JournalReader&& other) noexcept;
  JournalReader(const JournalReader&) = delete;
  JournalReader& operator=(const JournalReader&) = delete;
  ~JournalReader();

  const JournalIdentity& identity() const { return identity_; }
  /// Valid records in file order, duplicates removed.
  const std::vector<JournalEntry>& entries() const { return entries_; }
  /// Length of the valid prefix (header + valid records).
  std::uint64_t valid_bytes() const { return valid_bytes_; }
  /// Bytes after the valid prefix (a torn or corrupt tail), ignored.
  std::uint64_t ignored_bytes() const { return file_bytes_ - valid_bytes_; }
  /// Duplicate records ignored.
  std::size_t duplicates() const { return duplicates_; }

  /// Reads the row of an entry. Throws InputError if the file changed underneath.
  RunRow Read(const JournalEntry& entry) const;

 private:
  JournalReader() = default;
  int fd_ = -1;
  std::filesystem::path path_;
  JournalIdentity identity_;
  std::vector<JournalEntry> entries_;
  std::uint64_t valid_bytes_ = 0;
  std::uint64_t file_bytes_ = 0;
  std::size_t duplicates_ = 0;
};

}  // namespace bmd::sim
