#include "sim/io/output_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>

#include "sim/io/attributes.h"
#include "sim/io/h5_error.h"
#include "sim/io/input_file.h"
#include "tests/io/io_test_util.h"

namespace bmd::io {
namespace {

using testing::ScratchDir;

std::size_t CountEntries(const std::filesystem::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

// The final file appears only at Commit; before that only the temporary file exists,
// in the same directory, named after the final file and the process id.
TEST(OutputFile, FinalFileAppearsOnlyAtCommit) {
  ScratchDir dir;
  const auto path = dir / "run.h5";
  OutputFile out = OutputFile::Create(path);
  EXPECT_FALSE(std::filesystem::exists(path));
  ASSERT_TRUE(std::filesystem::exists(out.temp_path()));
  EXPECT_EQ(out.temp_path().parent_path(), path.parent_path());
  EXPECT_EQ(out.temp_path().filename().string().rfind("run.h5.tmp." + std::to_string(::getpid()), 0), 0u)
      << out.temp_path();
  WriteInt64Attribute(out.id(), "answer", 42);
  out.Flush();
  EXPECT_FALSE(std::filesystem::exists(path));
  const auto temp = out.temp_path();
  out.Commit();
  EXPECT_TRUE(out.committed());
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(temp));
  EXPECT_EQ(CountEntries(dir.path()), 1u);
  InputFile in = InputFile::Open(path, FileCheck::kAnyHdf5);
  EXPECT_EQ(in.ReadInt64Attribute("/", "answer"), 42);
  // A second Commit is an error, not a silent success.
  EXPECT_THROW(out.Commit(), H5Error);
}

// Without Commit (early return or exception) the temporary file is removed and the
// final path is never created.
TEST(OutputFile, UncommittedFileIsRemoved) {
  ScratchDir dir;
  const auto path = dir / "abandoned.h5";
  std::filesystem::path temp;
  {
    OutputFile out = OutputFile::Create(path);
    temp = out.temp_path();
    out.Root().CreateGroup("partial");
  }
  EXPECT_FALSE(std::filesystem::exists(temp));
  EXPECT_FALSE(std::filesystem::exists(path));
  try {
    OutputFile out = OutputFile::Create(path);
    temp = out.temp_path();
    throw std::runtime_error("simulated failure mid-run");
  } catch (const std::runtime_error&) {
  }
  EXPECT_FALSE(std::filesystem::exists(temp));
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_EQ(CountEntries(dir.path()), 0u);
}

// Commit replaces an existing file atomically (rename over it); an uncommitted rewrite
// leaves the old file untouched.
TEST(OutputFile, CommitReplacesExistingFileAndAbortKeepsIt) {
  ScratchDir dir;
  const auto path = dir / "out.h5";
  { std::ofstream(path) << "previous contents"; }
  {
    OutputFile out = OutputFile::Create(path);
    WriteStringAttribute(out.id(), "version", "second");
  }  // not committed
  {
    std::ifstream f(path);
    std::string text;
    std::getline(f, text);
    EXPECT_EQ(text, "previous contents");
  }
  {
    OutputFile out = OutputFile::Create(path);
    WriteStringAttribute(out.id(), "version", "third");
    out.Commit();
  }
  InputFile in = InputFile::Open(path, FileCheck::kAnyHdf5);
  EXPECT_EQ(in.ReadStringAttribute("/", "version"), "third");
  EXPECT_EQ(CountEntries(dir.path()), 1u);
}

// Group and attribute handles still held at Commit are closed by it: the
// commit succeeds, and the stale handle's destructor is harmless.
TEST(OutputFile, OpenGroupsDoNotBlockCommit) {
  ScratchDir dir;
  const auto path = dir / "groups.h5";
  OutputFile out = OutputFile::Create(path);
  Group g = out.Root().CreateGroup("engagements/summary");
  WriteDoubleAttribute(g.id(), "pk", 0.5);
  const hid_t attr = H5Aopen(g.id(), "pk", H5P_DEFAULT);  // a raw attribute id left open
  ASSERT_GE(attr, 0);
  out.Commit();
  EXPECT_LT(H5Iis_valid(attr), 1);  // closed by Commit
  EXPECT_LT(H5Iis_valid(g.id()), 1);
  InputFile in = InputFile::Open(path, FileCheck::kAnyHdf5);
  EXPECT_EQ(in.ReadDoubleAttribute("/engagements/summary", "pk"), 0.5);
}

// Two files for the same final path in one process get distinct temporary files;
// the last Commit wins.
TEST(OutputFile, ConcurrentFilesForOnePathDoNotCollide) {
  ScratchDir dir;
  const auto path = dir / "same.h5";
  OutputFile a = OutputFile::Create(path);
  OutputFile b = OutputFile::Create(path);
  EXPECT_NE(a.temp_path(), b.temp_path());
  WriteInt64Attribute(a.id(), "who", 1);
  WriteInt64Attribute(b.id(), "who", 2);
  a.Commit();
  b.Commit();
  EXPECT_EQ(InputFile::Open(path, FileCheck::kAnyHdf5).ReadInt64Attribute("/", "who"), 2);
}

// A move transfers ownership: only the new owner commits or removes the file.
TEST(OutputFile, MoveTransfersOwnership) {
  ScratchDir dir;
  const auto path = dir / "moved.h5";
  OutputFile a = OutputFile::Create(path);
  const auto temp = a.temp_path();
  OutputFile b = std::move(a);
  EXPECT_TRUE(std::filesystem::exists(temp));
  b.Commit();
  EXPECT_TRUE(std::filesystem::exists(path));
}

void ExpectCreateError(const std::filesystem::path& path, const std::string& fragment) {
  try {
    OutputFile out = OutputFile::Create(path);
    ADD_FAILURE() << "created " << path;
  } catch (const H5Error& e) {
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

// Unusable destinations fail at Create with the path and the reason.
TEST(OutputFile, UnwritableDestinationsFailClearly) {
  ScratchDir dir;
  ExpectCreateError(dir / "no_such_dir" / "run.h5", "does not exist");
  { std::ofstream(dir / "plain_file") << "x"; }
  ExpectCreateError(dir / "plain_file" / "run.h5", "is not a directory");
  std::filesystem::create_directory(dir / "a_directory");
  ExpectCreateError(dir / "a_directory", "a directory of that name exists");
  if (::geteuid() != 0) {
    // Permission bits do not stop root, so this case only runs unprivileged.
    const auto locked = dir / "locked";
    std::filesystem::create_directory(locked);
    std::filesystem::permissions(locked, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
    ExpectCreateError(locked / "run.h5", "is not writable");
    std::filesystem::permissions(locked, std::filesystem::perms::owner_all);
  }
  // A read-only file system stops root too; /proc is one on every Linux.
  ExpectCreateError("/proc/bmd_io_test.h5", "");
}

}  // namespace
}  // namespace bmd::io
