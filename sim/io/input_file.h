#pragma once
/// Read-only access to our HDF5 files, for tests and tools.
///
/// Open() refuses files that are not ours (no /meta with schema_version: HDF5 is not
/// hardened against crafted files, so tools check before trusting the contents) unless
/// asked for FileCheck::kAnyHdf5. Paths are absolute ("/truth", "/meta").
///
///   InputFile f = InputFile::Open("run.h5");
///   std::vector<double> t = f.ReadDoubleColumn("/truth", "t_s");
///   std::string version = f.ReadStringAttribute("/meta", "program_version");
#include <hdf5.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "sim/io/array_dataset.h"
#include "sim/io/group.h"
#include "sim/io/h5_handle.h"

namespace bmd::io {

enum class FileCheck { kRequireBmd, kAnyHdf5 };

class InputFile {
 public:
  /// Opens read-only. Throws H5Error if the file is missing, not HDF5, or (with
  /// kRequireBmd) not one of ours.
  static InputFile Open(const std::filesystem::path& path, FileCheck check = FileCheck::kRequireBmd);

  hid_t id() const { return file_.id(); }
  const std::filesystem::path& path() const { return path_; }
  Group Root() const;
  /// /meta/schema_version, or -1 for a foreign file opened with kAnyHdf5.
  std::int64_t schema_version() const { return schema_version_; }
  /// True if every component of the absolute `object_path` exists.
  bool Exists(std::string_view object_path) const;

  /// Table columns in order (the `columns` attribute) and row count (`rows`).
  std::vector<std::string> TableColumns(std::string_view table) const;
  std::size_t TableRows(std::string_view table) const;

  /// Whole columns. Double reads any numeric column (integers exactly up to 2^53);
  /// Int64 reads integer and bool columns; Bool reads bool and integer columns (!= 0);
  /// String reads string columns. A missing table or column, or a type that does not
  /// convert, throws H5Error listing the available columns or the stored type.
  std::vector<double> ReadDoubleColumn(std::string_view table, std::string_view column) const;
  std::vector<std::int64_t> ReadInt64Column(std::string_view table, std::string_view column) const;
  std::vector<bool> ReadBoolColumn(std::string_view table, std::string_view column) const;
  std::vector<std::string> ReadStringColumn(std::string_view table, std::string_view column) const;

  /// N-D numeric datasets (row-major).
  ArrayData<double> ReadDoubleArray(std::string_view dataset) const;
  ArrayData<std::int64_t> ReadInt64Array(std::string_view dataset) const;
  /// A scalar string dataset (e.g. /meta/scenario_yaml).
  std::string ReadText(std::string_view dataset) const;

  /// Attributes of the object at `object_path` ("/" for the file's root group).
  bool HasAttribute(std::string_view object_path, std::string_view name) const;
  std::string ReadStringAttribute(std::string_view object_path, std::string_view name) const;
  std::vector<std::string> ReadStringArrayAttribute(std::string_view object_path, std::string_view name) const;
  std::int64_t ReadInt64Attribute(std::string_view object_path, std::string_view name) const;
  std::uint64_t ReadUInt64Attribute(std::string_view object_path, std::string_view name) const;
  double ReadDoubleAttribute(std::string_view object_path, std::string_view name) const;
  std::vector<double> ReadDoubleArrayAttribute(std::string_view object_path, std::string_view name) const;

 private:
  InputFile(FileHandle file, std::filesystem::path path, std::int64_t schema_version);
  ObjectHandle OpenObject(std::string_view object_path) const;
  DatasetHandle OpenColumn(std::string_view table, std::string_view column, std::string& where) const;
  DatasetHandle OpenDataset(std::string_view path) const;

  FileHandle file_;
  std::filesystem::path path_;
  std::int64_t schema_version_ = -1;
};

}  // namespace bmd::io
