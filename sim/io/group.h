#pragma once
/// An open HDF5 group (or a file's root group). Paths may be absolute ("/truth") or
/// relative to this group ("runs/0007").
#include <hdf5.h>

#include <string>
#include <string_view>

#include "sim/io/h5_handle.h"

namespace bmd::io {

class Group {
 public:
  Group() = default;
  explicit Group(GroupHandle handle) : handle_(std::move(handle)) {}

  /// Opens the existing group `path` relative to `loc` (a file or group id).
  static Group Open(hid_t loc, std::string_view path);

  /// Creates group `path` (missing intermediate groups are created too). Throws
  /// H5Error if it exists.
  Group CreateGroup(std::string_view path) const;
  /// Opens an existing child group.
  Group OpenGroup(std::string_view path) const;
  /// True if every component of `path` exists (as a link) below this group.
  bool Contains(std::string_view path) const;

  hid_t id() const { return handle_.id(); }
  bool valid() const { return handle_.valid(); }
  /// Absolute object path, e.g. "/truth".
  std::string Path() const;
  /// Path of a child: ChildPath("x") of "/" is "/x", of "/a" is "/a/x".
  std::string ChildPath(std::string_view name) const;

 private:
  GroupHandle handle_;
};

/// True if every component of `path` (relative to loc, or absolute) exists as a link.
bool LinkExists(hid_t loc, std::string_view path);

}  // namespace bmd::io
