#include "sim/io/provenance.h"

#include <gtest/gtest.h>

#include <ctime>
#include <fstream>

#include "sim/io/attributes.h"
#include "sim/io/h5_error.h"
#include "sim/io/input_file.h"
#include "sim/io/sha256.h"
#include "sim/version.h"
#include "tests/io/io_test_util.h"

namespace bmd::io {
namespace {

using testing::ScratchDir;

constexpr const char* kScenario =
    "name: test-range\n"
    "seed: 12345\n"
    "threats:\n"
    "  - {name: SRBM-1, class: srbm, launch: {lat: 39.0 deg, lon: 125.7 deg}}\n"
    "notes: \"서울 — Zürich\"\n";

// /meta carries every provenance attribute with the documented types and values.
TEST(Provenance, MetaAttributes) {
  ScratchDir dir;
  const auto path = dir / "prov.h5";
  const char* argv[] = {"bmdsim", "run", "scenarios/test range.yaml", "--seed", "12345", "it's"};
  const std::string command = JoinCommandLine(6, argv);
  const std::time_t before = std::time(nullptr);
  {
    OutputFile out = OutputFile::Create(path);
    Group meta = WriteProvenance(out, {command, 18446744073709551557ull});
    WriteTextBlob(meta, "scenario_yaml", kScenario, "scenario file as loaded");
    EXPECT_THROW(WriteProvenance(out, {command, 1}), H5Error);  // /meta exists
    out.Commit();
  }
  const std::time_t after = std::time(nullptr);
  InputFile in = InputFile::Open(path);  // passes the "is it ours" check
  EXPECT_EQ(in.schema_version(), kSchemaVersion);
  EXPECT_EQ(in.ReadInt64Attribute("/meta", "schema_version"), kSchemaVersion);
  EXPECT_EQ(in.ReadStringAttribute("/meta", "program_version"), bmd::kProgramVersion);
  EXPECT_EQ(in.ReadStringAttribute("/meta", "git_revision"), bmd::kGitRevision);
  EXPECT_EQ(in.ReadStringAttribute("/meta", "command_line"),
            "bmdsim run 'scenarios/test range.yaml' --seed 12345 'it'\\''s'");
  // The largest 64-bit prime: a seed above 2^63 must survive unsigned.
  EXPECT_EQ(in.ReadUInt64Attribute("/meta", "seed"), 18446744073709551557ull);

  // created_utc is ISO 8601 UTC and lies between the clock readings around the write.
  const std::string created = in.ReadStringAttribute("/meta", "created_utc");
  ASSERT_EQ(created.size(), 20u) << created;  // YYYY-MM-DDTHH:MM:SSZ
  for (std::size_t i = 0; i < created.size(); ++i) {
    const char want = "dddd-dd-ddTdd:dd:ddZ"[i];
    if (want == 'd') {
      EXPECT_TRUE(created[i] >= '0' && created[i] <= '9') << created;
    } else {
      EXPECT_EQ(created[i], want) << created;
    }
  }
  std::tm tm{};
  const char* end = strptime(created.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  ASSERT_NE(end, nullptr);
  EXPECT_EQ(*end, '\0');
  const std::time_t parsed = timegm(&tm);
  EXPECT_GE(parsed, before);
  EXPECT_LE(parsed, after);

  // The scenario text round-trips byte for byte and its hash is the SHA-256 of those bytes.
  EXPECT_EQ(in.ReadText("/meta/scenario_yaml"), kScenario);
  EXPECT_EQ(in.ReadStringAttribute("/meta/scenario_yaml", "sha256"), Sha256::Hex(kScenario));
  EXPECT_EQ(in.ReadInt64Attribute("/meta/scenario_yaml", "bytes"),
            static_cast<std::int64_t>(std::string(kScenario).size()));
  EXPECT_EQ(in.ReadStringAttribute("/meta/scenario_yaml", "units"), "");
}

// The "is it ours" check: true only for files with /meta and an integer schema_version.
TEST(Provenance, RecognisesOnlyOurFiles) {
  ScratchDir dir;
  EXPECT_FALSE(IsBmdFile(dir / "missing.h5"));
  { std::ofstream(dir / "text.h5") << "not hdf5 at all"; }
  EXPECT_FALSE(IsBmdFile(dir / "text.h5"));
  EXPECT_FALSE(IsBmdFile(dir.path()));
  {
    OutputFile out = OutputFile::Create(dir / "foreign.h5");
    out.Root().CreateGroup("data");
    out.Commit();
  }
  EXPECT_FALSE(IsBmdFile(dir / "foreign.h5"));
  {
    OutputFile out = OutputFile::Create(dir / "meta_without_version.h5");
    Group meta = out.Root().CreateGroup("meta");
    WriteStringAttribute(meta.id(), "schema_version", "1");  // wrong kind
    out.Commit();
  }
  EXPECT_FALSE(IsBmdFile(dir / "meta_without_version.h5"));
  {
    OutputFile out = OutputFile::Create(dir / "ours.h5");
    WriteProvenance(out, {"bmdsim", 1});
    out.Commit();
  }
  EXPECT_TRUE(IsBmdFile(dir / "ours.h5"));
  EXPECT_EQ(BmdSchemaVersion(dir / "ours.h5"), kSchemaVersion);

  // InputFile refuses foreign files by default, with the reason.
  try {
    InputFile::Open(dir / "foreign.h5");
    FAIL() << "opened a foreign file";
  } catch (const H5Error& e) {
    EXPECT_NE(std::string(e.what()).find("not a BMD simulator file"), std::string::npos) << e.what();
  }
  try {
    InputFile::Open(dir / "text.h5", FileCheck::kAnyHdf5);
    FAIL() << "opened a text file";
  } catch (const H5Error& e) {
    EXPECT_NE(std::string(e.what()).find("not an HDF5 file"), std::string::npos) << e.what();
  }
  EXPECT_THROW(InputFile::Open(dir / "missing.h5", FileCheck::kAnyHdf5), H5Error);
  EXPECT_EQ(InputFile::Open(dir / "foreign.h5", FileCheck::kAnyHdf5).schema_version(), -1);
}

TEST(Provenance, TextWithNulIsRefused) {
  ScratchDir dir;
  OutputFile out = OutputFile::Create(dir / "nul.h5");
  Group meta = WriteProvenance(out, {"x", 0});
  EXPECT_THROW(WriteTextBlob(meta, "bad", std::string_view("a\0b", 3), ""), H5Error);
  EXPECT_FALSE(meta.Contains("bad"));
}

}  // namespace
}  // namespace bmd::io
