#include <gtest/gtest.h>

#include "sim/io/h5_error.h"
#include "sim/io/input_file.h"
#include "sim/io/output_file.h"
#include "sim/io/provenance.h"
#include "sim/io/table.h"
#include "tests/io/io_test_util.h"

namespace bmd::io {
namespace {

using testing::ScratchDir;

class ReaderErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_ / "r.h5";
    OutputFile out = OutputFile::Create(path_);
    WriteProvenance(out, {"test", 7});
    const std::vector<Column> columns = {Column::Float64("t_s", {0.0, 1.0}, "s", "time"),
                                         Column::String("name", {"a", "b"}, "name")};
    WriteTable(out.Root(), "events", "events", columns);
    out.Root().CreateGroup("not_a_table");
    out.Commit();
  }

  // Runs f, expects H5Error whose message contains every fragment.
  template <typename F>
  void ExpectError(F&& f, std::initializer_list<std::string> fragments) {
    try {
      f();
      ADD_FAILURE() << "no exception";
    } catch (const H5Error& e) {
      for (const std::string& fragment : fragments) {
        EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
      }
    }
  }

  ScratchDir dir_;
  std::filesystem::path path_;
};

TEST_F(ReaderErrors, MissingColumnListsTheAvailableOnes) {
  InputFile in = InputFile::Open(path_);
  ExpectError([&] { in.ReadDoubleColumn("/events", "x_m"); },
              {path_.string(), "/events/x_m", "no column 'x_m'", "columns: t_s, name"});
}

TEST_F(ReaderErrors, MissingTableOrNonTable) {
  InputFile in = InputFile::Open(path_);
  ExpectError([&] { in.ReadDoubleColumn("/truth", "t_s"); }, {"/truth", "no such object"});
  ExpectError([&] { in.ReadDoubleColumn("/not_a_table", "t_s"); }, {"not a table"});
  ExpectError([&] { in.ReadDoubleColumn("/a/b/c", "t_s"); }, {"/a/b/c", "no such object"});
}

TEST_F(ReaderErrors, TypeMismatchNamesTheStoredType) {
  InputFile in = InputFile::Open(path_);
  ExpectError([&] { in.ReadDoubleColumn("/events", "name"); }, {"cannot read a string dataset as float64"});
  ExpectError([&] { in.ReadInt64Column("/events", "t_s"); }, {"cannot read a float64 dataset as int64"});
  ExpectError([&] { in.ReadStringColumn("/events", "t_s"); }, {"stored type is float64, not string"});
  ExpectError([&] { in.ReadText("/events/t_s"); }, {"not a scalar dataset"});
  ExpectError([&] { in.ReadDoubleArray("/nothing"); }, {"no such dataset"});
}

// H5Error carries operation and path separately for callers that want them.
TEST_F(ReaderErrors, ErrorFieldsAreStructured) {
  InputFile in = InputFile::Open(path_);
  try {
    in.ReadStringAttribute("/meta", "nope");
    FAIL();
  } catch (const H5Error& e) {
    EXPECT_EQ(e.operation(), "read attribute");
    EXPECT_NE(e.path().find("/meta@nope"), std::string::npos) << e.path();
    EXPECT_EQ(e.detail(), "no such attribute");
  }
}

}  // namespace
}  // namespace bmd::io
