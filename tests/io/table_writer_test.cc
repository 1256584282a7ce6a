#include "sim/io/table_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "sim/io/h5_error.h"
#include "sim/io/input_file.h"
#include "sim/io/output_file.h"
#include "tests/io/io_test_util.h"

namespace bmd::io {
namespace {

using testing::ScratchDir;

std::vector<ColumnSpec> Specs() {
  return {{"t_s", ColumnType::kFloat64, "s", "time since scenario start"},
          {"entity_id", ColumnType::kInt64, "", "entity id"},
          {"beam", ColumnType::kInt32, "", "beam index"},
          {"quality", ColumnType::kUInt8, "", "quality code"},
          {"detected", ColumnType::kBool, "", "detection flag"},
          {"sensor", ColumnType::kString, "", "sensor name"}};
}

// Deterministic row contents, computed independently on the write and the read side.
double T(std::size_t i) { return 0.05 * static_cast<double>(i); }
std::int64_t Id(std::size_t i) { return static_cast<std::int64_t>(i * 2654435761u % 100000) - 50000; }
std::int32_t Beam(std::size_t i) { return static_cast<std::int32_t>(i % 97) - 48; }
std::uint8_t Quality(std::size_t i) { return static_cast<std::uint8_t>(i % 256); }
bool Detected(std::size_t i) { return i % 3 == 0; }
std::string Sensor(std::size_t i) { return i % 5 == 0 ? "" : "TPY-2 #" + std::to_string(i % 11); }

void ExpectRows(const InputFile& in, const std::string& table, std::size_t n) {
  ASSERT_EQ(in.TableRows(table), n);
  const auto t = in.ReadDoubleColumn(table, "t_s");
  const auto id = in.ReadInt64Column(table, "entity_id");
  const auto beam = in.ReadInt64Column(table, "beam");
  const auto quality = in.ReadInt64Column(table, "quality");
  const auto detected = in.ReadBoolColumn(table, "detected");
  const auto sensor = in.ReadStringColumn(table, "sensor");
  ASSERT_EQ(t.size(), n);
  ASSERT_EQ(sensor.size(), n);
  for (std::size_t i = 0; i < n; ++i) {
    ASSERT_EQ(t[i], T(i)) << "row " << i;
    ASSERT_EQ(id[i], Id(i)) << "row " << i;
    ASSERT_EQ(beam[i], Beam(i)) << "row " << i;
    ASSERT_EQ(quality[i], Quality(i)) << "row " << i;
    ASSERT_EQ(detected[i], Detected(i)) << "row " << i;
    ASSERT_EQ(sensor[i], Sensor(i)) << "row " << i;
  }
}

// Appending across many chunks (small chunk, length not a multiple of it) with a Flush
// in the middle gives exactly the appended data, and `rows` is right.
TEST(TableWriter, ManyChunksEqualInMemoryData) {
  ScratchDir dir;
  const auto path = dir / "append.h5";
  const std::size_t n = 1000;  // 1000 = 142 * 7 + 6: a partial last chunk
  {
    OutputFile out = OutputFile::Create(path);
    TableWriter w(out.Root(), "detections", "one row per detection", Specs(), /*chunk_rows=*/7);
    for (std::size_t i = 0; i < n; ++i) {
      if (i % 2 == 0) {
        w.AppendRow(T(i), Id(i), Beam(i), Quality(i), Detected(i), Sensor(i));
      } else {
        // Cell by cell, in another order.
        w.Set(5, Sensor(i));
        w.Set(w.ColumnIndex("detected"), Detected(i));
        w.Set(3, Quality(i));
        w.Set(2, Beam(i));
        w.Set(1, Id(i));
        w.Set(0, T(i));
        w.EndRow();
      }
      if (i == 500) w.Flush();  // partial chunk written, later rows continue after it
      EXPECT_EQ(w.rows(), i + 1);
    }
    EXPECT_EQ(w.Close(), n);
    out.Commit();
  }
  InputFile in = InputFile::Open(path, FileCheck::kAnyHdf5);
  ExpectRows(in, "/detections", n);
  EXPECT_EQ(in.ReadStringAttribute("/detections/t_s", "units"), "s");
  EXPECT_EQ(in.ReadStringAttribute("/detections/sensor", "description"), "sensor name");
}

// The default 4096-row chunk, over 2.5 chunks; the datasets are extendible and compressed.
TEST(TableWriter, DefaultChunkingAndCompression) {
  ScratchDir dir;
  const auto path = dir / "default.h5";
  const std::size_t n = 10000;
  {
    OutputFile out = OutputFile::Create(path);
    TableWriter w(out.Root().CreateGroup("run_0000"), "truth", "truth", Specs());
    for (std::size_t i = 0; i < n; ++i) w.AppendRow(T(i), Id(i), Beam(i), Quality(i), Detected(i), Sensor(i));
    w.Close();
    out.Commit();
  }
  InputFile in = InputFile::Open(path, FileCheck::kAnyHdf5);
  ExpectRows(in, "/run_0000/truth", n);
  hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  hid_t d = H5Dopen2(file, "/run_0000/truth/t_s", H5P_DEFAULT);
  hid_t dcpl = H5Dget_create_plist(d);
  hsize_t chunk[1] = {0};
  ASSERT_EQ(H5Pget_chunk(dcpl, 1, chunk), 1);
  EXPECT_EQ(chunk[0], kDefaultChunkRows);
  EXPECT_GE(H5Pget_filter_by_id2(dcpl, H5Z_FILTER_SHUFFLE, nullptr, nullptr, nullptr, 0, nullptr, nullptr), 0);
  EXPECT_GE(H5Pget_filter_by_id2(dcpl, H5Z_FILTER_DEFLATE, nullptr, nullptr, nullptr, 0, nullptr, nullptr), 0);
  hid_t space = H5Dget_space(d);
  hsize_t dims[1], max_dims[1];
  H5Sget_simple_extent_dims(space, dims, max_dims);
  EXPECT_EQ(dims[0], n);
  EXPECT_EQ(max_dims[0], H5S_UNLIMITED);
  // t_s is an arithmetic sequence: shuffle + deflate must shrink it well below raw size.
  EXPECT_LT(H5Dget_storage_size(d), n * sizeof(double) / 2);
  H5Sclose(space);
  H5Pclose(dcpl);
  H5Dclose(d);
  H5Fclose(file);
}

// After Flush() the rows so far are in the file: a second reader sees them while the
// writer is still open (the file is still the temporary one).
TEST(TableWriter, FlushMakesRowsVisible) {
  ScratchDir dir;
  OutputFile out = OutputFile::Create(dir / "flush.h5");
  TableWriter w(out.Root(), "t", "t", Specs(), 16);
  for (std::size_t i = 0; i < 40; ++i) w.AppendRow(T(i), Id(i), Beam(i), Quality(i), Detected(i), Sensor(i));
  w.Flush();
  {
    InputFile in = InputFile::Open(out.temp_path(), FileCheck::kAnyHdf5);
    ExpectRows(in, "/t", 40);
  }
  w.Close();
  out.Commit();
}

// Wrong value types, out-of-range integers, wrong cell counts, incomplete rows and
// appends after Close are refused with the table path in the message.
TEST(TableWriter, RejectsBadRows) {
  ScratchDir dir;
  OutputFile out = OutputFile::Create(dir / "bad.h5");
  TableWriter w(out.Root(), "t", "t", Specs(), 8);
  const auto expect_error = [](auto&& f, const std::string& fragment) {
    try {
      f();
      ADD_FAILURE() << "no exception for " << fragment;
    } catch (const H5Error& e) {
      EXPECT_NE(std::string(e.what()).find("/t"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  };
  expect_error([&] { w.Set(0, std::int64_t{3}); }, "column 't_s' is float64, cannot store an integer value");
  expect_error([&] { w.Set(1, 2.5); }, "cannot store a floating-point value");
  expect_error([&] { w.Set(2, std::int64_t{1} << 40); }, "does not fit int32");
  expect_error([&] { w.Set(3, 256); }, "does not fit uint8");
  expect_error([&] { w.Set(3, -1); }, "does not fit uint8");
  expect_error([&] { w.Set(4, 1); }, "column 'detected' is bool");
  expect_error([&] { w.Set(5, 1.0); }, "column 'sensor' is string");
  expect_error([&] { w.Set(6, 1.0); }, "out of range");
  expect_error([&] { w.AppendRow(1.0, 2); }, "AppendRow got 2 values for 6 columns");
  expect_error([&] { w.ColumnIndex("nope"); }, "no column named 'nope'");
  w.Set(0, 1.0);
  w.Set(5, "x");
  expect_error([&] { w.EndRow(); }, "missing column(s): entity_id, beam, quality, detected");
  expect_error([&] { w.Close(); }, "incomplete");
  w.Set(1, 1);
  w.Set(2, 1);
  w.Set(3, 1);
  w.Set(4, true);
  w.EndRow();
  EXPECT_EQ(w.Close(), 1u);
  expect_error([&] { w.AppendRow(T(0), Id(0), Beam(0), Quality(0), Detected(0), Sensor(0)); }, "closed");
  out.Commit();
}

// Commit refuses to close over a writer that still holds rows; after Close it succeeds.
// A writer destroyed without Close (normal unwinding) still writes its rows.
TEST(TableWriter, CommitNeedsClosedWriters) {
  ScratchDir dir;
  const auto path = dir / "commit.h5";
  OutputFile out = OutputFile::Create(path);
  TableWriter open_writer(out.Root(), "open", "o", Specs(), 4);
  open_writer.AppendRow(T(0), Id(0), Beam(0), Quality(0), Detected(0), Sensor(0));
  {
    TableWriter scoped(out.Root(), "scoped", "s", Specs(), 4);
    for (std::size_t i = 0; i < 10; ++i) scoped.AppendRow(T(i), Id(i), Beam(i), Quality(i), Detected(i), Sensor(i));
  }
  try {
    out.Commit();
    FAIL() << "commit with an open writer succeeded";
  } catch (const H5Error& e) {
    EXPECT_NE(std::string(e.what()).find("/open/"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("Close() every TableWriter"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  open_writer.Close();
  out.Commit();
  InputFile in = InputFile::Open(path, FileCheck::kAnyHdf5);
  ExpectRows(in, "/open", 1);
  ExpectRows(in, "/scoped", 10);
}

// A moved writer keeps writing into the same table; the moved-from one is inert.
TEST(TableWriter, MoveKeepsState) {
  ScratchDir dir;
  const auto path = dir / "move.h5";
  {
    OutputFile out = OutputFile::Create(path);
    TableWriter a(out.Root(), "t", "t", Specs(), 5);
    for (std::size_t i = 0; i < 12; ++i) a.AppendRow(T(i), Id(i), Beam(i), Quality(i), Detected(i), Sensor(i));
    TableWriter b(std::move(a));
    for (std::size_t i = 12; i < 30; ++i) b.AppendRow(T(i), Id(i), Beam(i), Quality(i), Detected(i), Sensor(i));
    EXPECT_EQ(b.Close(), 30u);
    out.Commit();
  }
  InputFile in = InputFile::Open(path, FileCheck::kAnyHdf5);
  ExpectRows(in, "/t", 30);
}

}  // namespace
}  // namespace bmd::io
