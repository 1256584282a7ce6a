#pragma once
/// HDF5 failures as C++ exceptions.
///
/// The HDF5 C library reports failures through return codes and an error stack that it
/// normally prints to stderr. In bmd::io every HDF5 call is checked; a failure throws
/// H5Error naming the operation, the file/object path and the innermost messages of
/// the HDF5 error stack, and the automatic printing is switched off (per thread: the
/// Debian build of HDF5 is thread-safe, and its error settings are thread-local).
#include <hdf5.h>

#include <stdexcept>
#include <string>
#include <string_view>

namespace bmd::io {

/// An HDF5 (or file-system) failure in the I/O layer. what() reads
/// "HDF5 <operation> failed for '<path>': <detail>".
class H5Error : public std::runtime_error {
 public:
  H5Error(std::string operation, std::string path, std::string detail);

  const std::string& operation() const { return operation_; }
  const std::string& path() const { return path_; }
  const std::string& detail() const { return detail_; }

 private:
  std::string operation_;
  std::string path_;
  std::string detail_;
};

/// Turns HDF5's automatic error printing off for the calling thread (idempotent, cheap).
/// Every bmd::io entry point calls it; call it yourself before raw HDF5 calls.
void QuietHdf5Errors();

/// Throws H5Error for `operation` on `path`, with the current thread's HDF5 error stack
/// (innermost messages) as detail, and clears that stack.
[[noreturn]] void ThrowH5Error(std::string_view operation, std::string_view path);

/// Returns id if it is valid (>= 0), else throws H5Error.
inline hid_t CheckId(hid_t id, std::string_view operation, std::string_view path) {
  if (id < 0) ThrowH5Error(operation, path);
  return id;
}

/// Throws H5Error if status < 0.
inline void CheckStatus(herr_t status, std::string_view operation, std::string_view path) {
  if (status < 0) ThrowH5Error(operation, path);
}

}  // namespace bmd::io
