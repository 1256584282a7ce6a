#pragma once
/// Move-only RAII owners of HDF5 identifiers (hid_t), one alias per kind, each closed
/// with its own H5*close. A default-constructed or moved-from handle owns nothing.
/// Predefined types (H5T_NATIVE_DOUBLE, ...) and H5P_DEFAULT must never be wrapped.
#include <hdf5.h>

#include <string>
#include <utility>

namespace bmd::io {

template <herr_t (*kClose)(hid_t)>
class Handle {
 public:
  Handle() = default;
  /// Takes ownership of id (an invalid id < 0 is allowed and owns nothing).
  explicit Handle(hid_t id) : id_(id) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      Reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
    }
    return *this;
  }
  ~Handle() { Reset(); }

  hid_t id() const { return id_; }
  bool valid() const { return id_ >= 0; }
  explicit operator bool() const { return valid(); }

  /// Closes the identifier now. The status is ignored: OutputFile::Commit() may
  /// already have closed groups/attributes left open in its file, and HDF5 never
  /// reuses an id, so closing a stale one only fails.
  void Reset() {
    if (id_ >= 0) {
      kClose(id_);
      id_ = H5I_INVALID_HID;
    }
  }
  /// Gives up ownership without closing.
  hid_t Release() { return std::exchange(id_, H5I_INVALID_HID); }

 private:
  hid_t id_ = H5I_INVALID_HID;
};

using FileHandle = Handle<&H5Fclose>;
using GroupHandle = Handle<&H5Gclose>;
using DatasetHandle = Handle<&H5Dclose>;
using DataspaceHandle = Handle<&H5Sclose>;
using DatatypeHandle = Handle<&H5Tclose>;
using PropListHandle = Handle<&H5Pclose>;
using AttributeHandle = Handle<&H5Aclose>;
/// Any object opened with H5Oopen (group, dataset or named datatype).
using ObjectHandle = Handle<&H5Oclose>;

/// "<file>:<object path>" of an open object, for error messages ("?" if unknown).
std::string DescribeObject(hid_t id);

}  // namespace bmd::io
