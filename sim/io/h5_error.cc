#include "sim/io/h5_error.h"

#include <fmt/format.h>

#include <vector>

namespace bmd::io {

H5Error::H5Error(std::string operation, std::string path, std::string detail)
    : std::runtime_error(fmt::format("HDF5 {} failed for '{}': {}", operation, path,
                                     detail.empty() ? std::string("(no HDF5 detail)") : detail)),
      operation_(std::move(operation)),
      path_(std::move(path)),
      detail_(std::move(detail)) {}

void QuietHdf5Errors() {
  thread_local bool quiet = false;
  if (!quiet) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    quiet = true;
  }
}

namespace {

// Collects the error stack's descriptions, innermost (the cause) first.
herr_t CollectError(unsigned /*n*/, const H5E_error2_t* err, void* client) {
  auto* lines = static_cast<std::vector<std::string>*>(client);
  if (err->desc != nullptr && err->desc[0] != '\0') {
    lines->push_back(fmt::format("{} (in {})", err->desc, err->func_name ? err->func_name : "?"));
  }
  return 0;
}

}  // namespace

void ThrowH5Error(std::string_view operation, std::string_view path) {
  std::vector<std::string> lines;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, &CollectError, &lines);
  H5Eclear2(H5E_DEFAULT);
  // The two innermost entries name the cause; outer ones only repeat "can't open" etc.
  std::string detail;
  for (std::size_t i = 0; i < lines.size() && i < 3; ++i) {
    if (i > 0) detail += "; ";
    detail += lines[i];
  }
  throw H5Error(std::string(operation), std::string(path), std::move(detail));
}

}  // namespace bmd::io
