#include "sim/io/table.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "sim/io/array_dataset.h"
#include "sim/io/h5_error.h"
#include "sim/io/input_file.h"
#include "sim/io/output_file.h"
#include "tests/io/io_test_util.h"

namespace bmd::io {
namespace {

using testing::ScratchDir;

std::vector<Column> EveryTypeColumns() {
  const double inf = std::numeric_limits<double>::infinity();
  return {
      Column::Float64("t_s", {0.0, 0.05, -0.0, 1e300, -inf, 4.9e-324}, "s", "time since scenario start"),
      Column::Int64("entity_id", {0, 1, -1, std::numeric_limits<std::int64_t>::min(),
                                  std::numeric_limits<std::int64_t>::max(), 42},
                    "", "entity id"),
      Column::Int32("count", {0, -7, std::numeric_limits<std::int32_t>::min(),
                              std::numeric_limits<std::int32_t>::max(), 3, 4},
                    "1", "a count"),
      Column::UInt8("code", {0, 1, 2, 127, 128, 255}, "", "an enumeration code"),
      Column::Bool("detected", {true, false, false, true, true, false}, "detection flag"),
      Column::String("name", {"THAAD-1", "", "PAC-3 MSE", "평택", "Zürich", std::string(300, 'x')},
                     "entity name"),
  };
}

// Every column type written in one go reads back identically, with the table attributes.
TEST(WriteTable, RoundTripEveryColumnType) {
  ScratchDir dir;
  const auto path = dir / "table.h5";
  const std::vector<Column> columns = EveryTypeColumns();
  {
    OutputFile out = OutputFile::Create(path);
    WriteTable(out.Root(), "entities", "one row per entity", columns);
    out.Commit();
  }
  InputFile in = InputFile::Open(path, FileCheck::kAnyHdf5);
  EXPECT_EQ(in.TableColumns("/entities"),
            (std::vector<std::string>{"t_s", "entity_id", "count", "code", "detected", "name"}));
  EXPECT_EQ(in.TableRows("/entities"), 6u);
  EXPECT_EQ(in.ReadStringAttribute("/entities", "kind"), "table");
  EXPECT_EQ(in.ReadStringAttribute("/entities", "description"), "one row per entity");

  const auto t = in.ReadDoubleColumn("/entities", "t_s");
  const auto& t_ref = std::get<std::vector<double>>(columns[0].values);
  ASSERT_EQ(t.size(), t_ref.size());
  for (std::size_t i = 0; i < t.size(); ++i) {
    EXPECT_EQ(t[i], t_ref[i]);
    EXPECT_EQ(std::signbit(t[i]), std::signbit(t_ref[i]));
  }
  EXPECT_EQ(in.ReadInt64Column("/entities", "entity_id"), std::get<std::vector<std::int64_t>>(columns[1].values));
  const auto& c_ref = std::get<std::vector<std::int32_t>>(columns[2].values);
  EXPECT_EQ(in.ReadInt64Column("/entities", "count"), std::vector<std::int64_t>(c_ref.begin(), c_ref.end()));
  EXPECT_EQ(in.ReadInt64Column("/entities", "code"), (std::vector<std::int64_t>{0, 1, 2, 127, 128, 255}));
  EXPECT_EQ(in.ReadBoolColumn("/entities", "detected"), (std::vector<bool>{true, false, false, true, true, false}));
  EXPECT_EQ(in.ReadInt64Column("/entities", "detected"), (std::vector<std::int64_t>{1, 0, 0, 1, 1, 0}));
  EXPECT_EQ(in.ReadStringColumn("/entities", "name"), std::get<std::vector<std::string>>(columns[5].values));
  // Integer columns read as double exactly (|x| < 2^53 here).
  EXPECT_EQ(in.ReadDoubleColumn("/entities", "count")[1], -7.0);

  for (const Column& c : columns) {
    const std::string object = "/entities/" + c.spec.name;
    EXPECT_EQ(in.ReadStringAttribute(object, "units"), c.spec.units);
    EXPECT_EQ(in.ReadStringAttribute(object, "description"), c.spec.description);
  }
}

// The on-disk types are the documented ones (raw C API, not our reader): IEEE f64 LE,
// I64/I32 LE, U8, 1-byte enum FALSE/TRUE (h5py's bool), variable-length UTF-8 strings;
// columns are 1-D, chunked and deflate-compressed.
TEST(WriteTable, OnDiskLayoutIsTheDocumentedOne) {
  ScratchDir dir;
  const auto path = dir / "layout.h5";
  {
    OutputFile out = OutputFile::Create(path);
    WriteTable(out.Root(), "t", "layout", EveryTypeColumns());
    out.Commit();
  }
  hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  const std::pair<const char*, hid_t> expected[] = {{"t/t_s", H5T_IEEE_F64LE},
                                                    {"t/entity_id", H5T_STD_I64LE},
                                                    {"t/count", H5T_STD_I32LE},
                                                    {"t/code", H5T_STD_U8LE}};
  for (const auto& [name, type] : expected) {
    hid_t d = H5Dopen2(file, name, H5P_DEFAULT);
    hid_t t = H5Dget_type(d);
    EXPECT_GT(H5Tequal(t, type), 0) << name;
    hid_t dcpl = H5Dget_create_plist(d);
    EXPECT_EQ(H5Pget_layout(dcpl), H5D_CHUNKED) << name;
    EXPECT_GT(H5Pget_nfilters(dcpl), 0) << name;
    unsigned flags = 0;
    std::size_t nelmts = 1;
    unsigned level = 0;
    EXPECT_GE(H5Pget_filter_by_id2(dcpl, H5Z_FILTER_DEFLATE, &flags, &nelmts, &level, 0, nullptr, nullptr), 0);
    EXPECT_EQ(level, 1u);
    H5Pclose(dcpl);
    H5Tclose(t);
    H5Dclose(d);
  }
  hid_t d = H5Dopen2(file, "t/detected", H5P_DEFAULT);
  hid_t t = H5Dget_type(d);
  EXPECT_EQ(H5Tget_class(t), H5T_ENUM);
  EXPECT_EQ(H5Tget_size(t), 1u);
  char member[16] = {0};
  std::int8_t value = 1;
  ASSERT_GE(H5Tenum_nameof(t, &value, member, sizeof member), 0);
  EXPECT_STREQ(member, "TRUE");
  H5Tclose(t);
  H5Dclose(d);
  d = H5Dopen2(file, "t/name", H5P_DEFAULT);
  t = H5Dget_type(d);
  EXPECT_GT(H5Tis_variable_str(t), 0);
  EXPECT_EQ(H5Tget_cset(t), H5T_CSET_UTF8);
  H5Tclose(t);
  H5Dclose(d);
  H5Fclose(file);
}

// An empty table (0 rows) is valid and reads back as empty columns.
TEST(WriteTable, EmptyTable) {
  ScratchDir dir;
  const auto path = dir / "empty.h5";
  {
    OutputFile out = OutputFile::Create(path);
    const std::vector<Column> columns = {Column::Float64("x_m", {}, "m", "x"),
                                         Column::String("name", {}, "n")};
    WriteTable(out.Root(), "t", "empty", columns);
    out.Commit();
  }
  InputFile in = InputFile::Open(path, FileCheck::kAnyHdf5);
  EXPECT_EQ(in.TableRows("/t"), 0u);
  EXPECT_TRUE(in.ReadDoubleColumn("/t", "x_m").empty());
  EXPECT_TRUE(in.ReadStringColumn("/t", "name").empty());
}

// Malformed tables are refused before anything is written.
TEST(WriteTable, RejectsMalformedColumns) {
  ScratchDir dir;
  OutputFile out = OutputFile::Create(dir / "bad.h5");
  Group root = out.Root();
  const auto expect_error = [&](std::vector<Column> columns, const std::string& fragment) {
    try {
      WriteTable(root, "t", "bad", columns);
      ADD_FAILURE() << "no exception for " << fragment;
    } catch (const H5Error& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
    EXPECT_FALSE(root.Contains("t")) << "a refused table must not be created";
  };
  expect_error({}, "at least one column");
  expect_error({Column::Float64("a", {1, 2}, "m", ""), Column::Float64("b", {1}, "m", "")}, "has 1 rows");
  expect_error({Column::Float64("a", {1}, "m", ""), Column::Float64("a", {1}, "m", "")}, "duplicate column name 'a'");
  expect_error({Column::Float64("a/b", {1}, "m", "")}, "invalid column name 'a/b'");
  expect_error({Column{{"a", ColumnType::kInt64, "", ""}, std::vector<double>{1.0}}}, "holds values of another type");
  expect_error({Column{{"f", ColumnType::kBool, "", ""}, std::vector<std::uint8_t>{0, 2}}}, "other than 0/1");
}

// N-D arrays: shape and row-major order survive; large arrays are chunked + compressed.
TEST(WriteArray, RoundTripStatesAndCovariances) {
  ScratchDir dir;
  const auto path = dir / "arrays.h5";
  const std::size_t n = 1000;
  std::vector<double> states(n * 6);
  for (std::size_t i = 0; i < states.size(); ++i) states[i] = 0.5 * static_cast<double>(i) - 7.0;
  std::vector<double> cov(3 * 4 * 4);
  for (std::size_t k = 0; k < 3; ++k) {
    for (std::size_t r = 0; r < 4; ++r) {
      for (std::size_t c = 0; c < 4; ++c) cov[(k * 4 + r) * 4 + c] = 100.0 * k + 10.0 * r + c;
    }
  }
  const std::vector<std::int64_t> ids = {5, -3, 9};
  {
    OutputFile out = OutputFile::Create(path);
    Group g = out.Root().CreateGroup("tracks");
    const hsize_t sdims[2] = {n, 6};
    const hsize_t cdims[3] = {3, 4, 4};
    const hsize_t idims[1] = {3};
    WriteArray(g, "state", sdims, std::span<const double>(states), "m, m/s", "ECEF states");
    WriteArray(g, "covariance", cdims, std::span<const double>(cov), "m^2", "covariances");
    WriteArray(g, "ids", idims, std::span<const std::int64_t>(ids), "", "ids");
    const hsize_t wrong[2] = {2, 2};
    EXPECT_THROW(WriteArray(g, "bad", wrong, std::span<const double>(cov), "", ""), H5Error);
    out.Commit();
  }
  InputFile in = InputFile::Open(path, FileCheck::kAnyHdf5);
  const ArrayData<double> s = in.ReadDoubleArray("/tracks/state");
  EXPECT_EQ(s.dims, (std::vector<hsize_t>{n, 6}));
  EXPECT_EQ(s.values, states);
  const ArrayData<double> c = in.ReadDoubleArray("/tracks/covariance");
  EXPECT_EQ(c.dims, (std::vector<hsize_t>{3, 4, 4}));
  // Element [2][1][3] = 100*2 + 10*1 + 3 in C order.
  EXPECT_EQ(c.values[(2 * 4 + 1) * 4 + 3], 213.0);
  EXPECT_EQ(in.ReadInt64Array("/tracks/ids").values, ids);
  EXPECT_EQ(in.ReadStringAttribute("/tracks/state", "units"), "m, m/s");
  EXPECT_EQ(in.ReadStringAttribute("/tracks/covariance", "description"), "covariances");

  hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  hid_t d = H5Dopen2(file, "/tracks/state", H5P_DEFAULT);
  hid_t dcpl = H5Dget_create_plist(d);
  EXPECT_EQ(H5Pget_layout(dcpl), H5D_CHUNKED);  // 6000 elements >= 4096 threshold
  hsize_t chunk[2] = {0, 0};
  H5Pget_chunk(dcpl, 2, chunk);
  EXPECT_EQ(chunk[1], 6u);  // whole rows per chunk
  H5Pclose(dcpl);
  H5Dclose(d);
  H5Fclose(file);
}

}  // namespace
}  // namespace bmd::io
