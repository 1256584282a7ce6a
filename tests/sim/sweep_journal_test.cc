// The sweep journal: round trip, torn and corrupt records, resume-append.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "sim/errors.h"
#include "sim/sweep_journal.h"

namespace bmd::sim {
namespace {

std::filesystem::path TempPath(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("bmd_sweep_journal_" + std::to_string(getpid()) + "_" + name);
}

RunRow Row(std::uint64_t gp, std::uint64_t run) {
  RunRow r;
  r.grid_point = gp;
  r.run_index = run;
  r.seed = 7;
  r.stream_run_index = run;
  r.metrics = {static_cast<double>(run), 0.5, std::nan("")};
  r.wall_time_s = 0.25;
  return r;
}

TEST(SweepJournal, Crc32CheckValue) {
  const std::string s = "123456789";  // the standard CRC-32 check input
  EXPECT_EQ(Crc32(std::span(reinterpret_cast<const std::uint8_t*>(s.data()), s.size())), 0xCBF43926u);
}

TEST(SweepJournal, RowEncodingRoundTrips) {
  RunRow r = Row(3, 9);
  r.ok = false;
  r.message = "NaN in state of object 4 at t = 12.5 s";
  r.rank = 1;
  std::vector<std::uint8_t> bytes;
  EncodeRow(r, bytes);
  RunRow back;
  ASSERT_TRUE(DecodeRow(bytes, back));
  EXPECT_EQ(back.grid_point, 3u);
  EXPECT_EQ(back.run_index, 9u);
  EXPECT_FALSE(back.ok);
  EXPECT_EQ(back.message, r.message);
  EXPECT_EQ(back.rank, 1);
  ASSERT_EQ(back.metrics.size(), 3u);
  EXPECT_TRUE(std::isnan(back.metrics[2]));
  bytes.pop_back();
  EXPECT_FALSE(DecodeRow(bytes, back));  // truncated
}

TEST(SweepJournal, TornLastRecordIsIgnoredAndCutOffOnAppend) {
  const auto path = TempPath("torn");
  const JournalIdentity id{"abc", "runs=3\n"};
  {
    JournalWriter w = JournalWriter::Create(path, id);
    w.Append(Row(0, 0));
    w.Append(Row(0, 1));
    w.Append(Row(0, 2));
  }
  const auto full = std::filesystem::file_size(path);
  // Simulate SIGKILL in the middle of the last write: drop its last 5 bytes.
  std::filesystem::resize_file(path, full - 5);
  {
    const JournalReader r = JournalReader::Open(path);
    EXPECT_EQ(r.identity().scenario_sha256, "abc");
    EXPECT_EQ(r.identity().arguments, "runs=3\n");
    ASSERT_EQ(r.entries().size(), 2u);
    EXPECT_GT(r.ignored_bytes(), 0u);
    EXPECT_EQ(r.Read(r.entries()[1]).run_index, 1u);
    // Resume: append after the valid prefix; the torn bytes must not hide the new record.
    JournalWriter w = JournalWriter::OpenForAppend(path, r.valid_bytes());
    w.Append(Row(0, 2));
  }
  const JournalReader r = JournalReader::Open(path);
  ASSERT_EQ(r.entries().size(), 3u);
  EXPECT_EQ(r.ignored_bytes(), 0u);
  EXPECT_EQ(std::filesystem::file_size(path), full);  // same bytes as the uninterrupted journal
  EXPECT_EQ(r.Read(r.entries()[2]).metrics[0], 2.0);
  std::filesystem::remove(path);
}

TEST(SweepJournal, CorruptRecordEndsTheValidPrefixAndDuplicatesAreIgnored) {
  const auto path = TempPath("corrupt");
  std::uint64_t after_two = 0;
  {
    JournalWriter w = JournalWriter::Create(path, {"abc", "x"});
    w.Append(Row(0, 0));
    w.Append(Row(0, 0));  // duplicate (first wins)
    w.Sync();
    after_two = std::filesystem::file_size(path);
    w.Append(Row(1, 0));
    w.Append(Row(1, 1));
  }
  {
    // Flip one payload byte of the third record: its CRC no longer matches.
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(after_two + 12));
    f.put('\x7f');
  }
  const JournalReader r = JournalReader::Open(path);
  EXPECT_EQ(r.entries().size(), 1u);
  EXPECT_EQ(r.duplicates(), 1u);
  EXPECT_EQ(r.valid_bytes(), after_two);
  std::filesystem::remove(path);
}

TEST(SweepJournal, RefusesOtherFiles) {
  const auto path = TempPath("foreign");
  {
    std::ofstream f(path);
    f << "not a journal at all";
  }
  EXPECT_THROW(JournalReader::Open(path), InputError);
  std::filesystem::remove(path);
  EXPECT_THROW(JournalReader::Open(path), InputError);  // missing
}

}  // namespace
}  // namespace bmd::sim
