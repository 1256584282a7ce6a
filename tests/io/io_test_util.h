#pragma once
// Scratch directories for the I/O tests, under the build tree.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace bmd::io::testing {

/// A fresh, empty directory <build>/tests/io_scratch/<Suite>.<Test>, removed on success.
class ScratchDir {
 public:
  ScratchDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::path(BMD_BINARY_DIR) / "tests" / "io_scratch" /
            (std::string(info->test_suite_name()) + "." + info->name());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    if (!::testing::Test::HasFailure()) {
      std::error_code ec;
      std::filesystem::remove_all(path_, ec);
    }
  }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace bmd::io::testing
