#include "sim/io/attributes.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "sim/io/h5_error.h"
#include "sim/io/input_file.h"
#include "sim/io/output_file.h"
#include "tests/io/io_test_util.h"

namespace bmd::io {
namespace {

using testing::ScratchDir;

// Every attribute kind on the root group, a group and a dataset survives a round trip
// bit for bit (doubles compared exactly: HDF5 stores IEEE binary64 unchanged).
TEST(Attributes, RoundTripEveryKindOnFileGroupAndDataset) {
  ScratchDir dir;
  const auto path = dir / "attrs.h5";
  const std::vector<double> values = {0.0, -0.0, 1.5e-310, -std::numeric_limits<double>::infinity(),
                                      std::numeric_limits<double>::max(), 6378137.0};
  const std::vector<std::string> names = {"US", "ROK", "NATO", "", "서울 — Zürich"};
  {
    OutputFile out = OutputFile::Create(path);
    Group root = out.Root();
    Group group = root.CreateGroup("a/b");
    const hsize_t dims[1] = {2};
    const double data[2] = {1.0, 2.0};
    // A dataset to attach to (via the reader's OpenObject path later).
    hid_t space = H5Screate_simple(1, dims, nullptr);
    hid_t dset = H5Dcreate2(group.id(), "d", H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    ASSERT_GE(dset, 0);
    H5Dwrite(dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
    for (hid_t object : {root.id(), group.id(), dset}) {
      WriteStringAttribute(object, "s", "Pyeongtaek 평택 ✓");
      WriteStringAttribute(object, "empty", "");
      WriteStringArrayAttribute(object, "names", names);
      WriteInt64Attribute(object, "i_min", std::numeric_limits<std::int64_t>::min());
      WriteInt64Attribute(object, "i_max", std::numeric_limits<std::int64_t>::max());
      WriteUInt64Attribute(object, "u_max", std::numeric_limits<std::uint64_t>::max());
      WriteDoubleAttribute(object, "x", -273.15);
      WriteDoubleAttribute(object, "nan", std::nan(""));
      WriteDoubleArrayAttribute(object, "v", values);
      WriteDoubleArrayAttribute(object, "v_empty", std::vector<double>{});
    }
    // Rewriting replaces, including a change of kind.
    WriteStringAttribute(group.id(), "x", "now a string");
    H5Dclose(dset);
    H5Sclose(space);
    out.Commit();
  }
  InputFile in = InputFile::Open(path, FileCheck::kAnyHdf5);
  for (const char* object : {"/", "/a/b", "/a/b/d"}) {
    SCOPED_TRACE(object);
    EXPECT_EQ(in.ReadStringAttribute(object, "s"), "Pyeongtaek 평택 ✓");
    EXPECT_EQ(in.ReadStringAttribute(object, "empty"), "");
    EXPECT_EQ(in.ReadStringArrayAttribute(object, "names"), names);
    EXPECT_EQ(in.ReadInt64Attribute(object, "i_min"), std::numeric_limits<std::int64_t>::min());
    EXPECT_EQ(in.ReadInt64Attribute(object, "i_max"), std::numeric_limits<std::int64_t>::max());
    EXPECT_EQ(in.ReadUInt64Attribute(object, "u_max"), std::numeric_limits<std::uint64_t>::max());
    EXPECT_TRUE(std::isnan(in.ReadDoubleAttribute(object, "nan")));
    const std::vector<double> got = in.ReadDoubleArrayAttribute(object, "v");
    ASSERT_EQ(got.size(), values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
      EXPECT_EQ(std::signbit(got[i]), std::signbit(values[i]));
      EXPECT_EQ(got[i], values[i]);
    }
    EXPECT_TRUE(in.ReadDoubleArrayAttribute(object, "v_empty").empty());
    EXPECT_TRUE(in.HasAttribute(object, "s"));
    EXPECT_FALSE(in.HasAttribute(object, "nope"));
  }
  EXPECT_EQ(in.ReadDoubleAttribute("/", "x"), -273.15);
  EXPECT_EQ(in.ReadStringAttribute("/a/b", "x"), "now a string");
}

// Attributes are stored with the documented HDF5 types (what h5py maps to str/int64/...),
// checked with the raw C API rather than our reader.
TEST(Attributes, StoredTypesAreTheDocumentedOnes) {
  ScratchDir dir;
  const auto path = dir / "types.h5";
  {
    OutputFile out = OutputFile::Create(path);
    Group root = out.Root();
    WriteStringAttribute(root.id(), "s", "x");
    WriteInt64Attribute(root.id(), "i", 1);
    WriteDoubleAttribute(root.id(), "d", 1.0);
    out.Commit();
  }
  hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  hid_t a = H5Aopen(file, "s", H5P_DEFAULT);
  hid_t t = H5Aget_type(a);
  EXPECT_EQ(H5Tget_class(t), H5T_STRING);
  EXPECT_GT(H5Tis_variable_str(t), 0);
  EXPECT_EQ(H5Tget_cset(t), H5T_CSET_UTF8);
  H5Tclose(t);
  H5Aclose(a);
  a = H5Aopen(file, "i", H5P_DEFAULT);
  t = H5Aget_type(a);
  EXPECT_GT(H5Tequal(t, H5T_STD_I64LE), 0);
  H5Tclose(t);
  H5Aclose(a);
  a = H5Aopen(file, "d", H5P_DEFAULT);
  t = H5Aget_type(a);
  EXPECT_GT(H5Tequal(t, H5T_IEEE_F64LE), 0);
  H5Tclose(t);
  H5Aclose(a);
  H5Fclose(file);
}

// Reading an attribute that is missing or of the wrong kind names the object and attribute.
TEST(Attributes, WrongKindOrMissingThrowsWithPath) {
  ScratchDir dir;
  const auto path = dir / "wrong.h5";
  {
    OutputFile out = OutputFile::Create(path);
    Group g = out.Root().CreateGroup("g");
    WriteStringAttribute(g.id(), "s", "text");
    WriteDoubleAttribute(g.id(), "d", 2.5);
    WriteInt64Attribute(g.id(), "neg", -1);
    WriteUInt64Attribute(g.id(), "big", std::numeric_limits<std::uint64_t>::max());
    out.Commit();
  }
  InputFile in = InputFile::Open(path, FileCheck::kAnyHdf5);
  try {
    in.ReadStringAttribute("/g", "missing");
    FAIL() << "no exception";
  } catch (const H5Error& e) {
    EXPECT_NE(std::string(e.what()).find("/g@missing"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("no such attribute"), std::string::npos) << e.what();
  }
  EXPECT_THROW(in.ReadDoubleAttribute("/g", "s"), H5Error);
  EXPECT_THROW(in.ReadInt64Attribute("/g", "d"), H5Error);
  EXPECT_THROW(in.ReadStringAttribute("/g", "d"), H5Error);
  EXPECT_THROW(in.ReadUInt64Attribute("/g", "neg"), H5Error);   // negative into unsigned
  EXPECT_THROW(in.ReadInt64Attribute("/g", "big"), H5Error);    // 2^64-1 into signed
  EXPECT_THROW(in.ReadStringAttribute("/nowhere", "s"), H5Error);
}

}  // namespace
}  // namespace bmd::io
