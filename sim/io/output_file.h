#pragma once
/// An HDF5 output file written atomically.
///
/// Create(final_path) writes to "<final_path>.tmp.<pid>-<n>" in the same directory
/// (so the rename cannot cross file systems). Commit() flushes, closes and fsyncs the
/// temporary file, then renames it onto final_path (replacing an existing file). A file
/// that is never committed (exception, early return) is deleted by the destructor, so
/// final_path only ever holds complete files. Groups and attributes still open at
/// Commit() are closed by it (their handles become inert); open datasets, i.e.
/// TableWriters not yet closed, make Commit() throw rather than lose buffered rows.
/// Files use HDF5's default close degree, so other code in the process may open them.
///
/// Not copyable; movable. HDF5 1.10 is not crash-safe while a file is open for
/// writing: a killed process leaves only the temporary file behind, never a corrupt
/// final_path.
#include <hdf5.h>

#include <filesystem>

#include "sim/io/group.h"
#include "sim/io/h5_handle.h"

namespace bmd::io {

class OutputFile {
 public:
  /// Creates the temporary file. Throws H5Error if the directory does not exist, is
  /// not a directory, is not writable, or HDF5 cannot create the file.
  static OutputFile Create(const std::filesystem::path& final_path);

  OutputFile(OutputFile&& other) noexcept;
  OutputFile& operator=(OutputFile&& other) noexcept;
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  /// Removes the temporary file unless Commit() succeeded.
  ~OutputFile();

  /// The file id (valid until Commit()).
  hid_t id() const { return file_.id(); }
  /// The root group "/".
  Group Root() const;

  /// H5Fflush(H5F_SCOPE_GLOBAL): data written so far reaches the (temporary) file.
  void Flush();
  /// Closes the file and renames it onto final_path. Throws H5Error (and keeps the
  /// temporary file for the destructor to remove) if a dataset is still open or any
  /// step fails. After success the object holds no file.
  void Commit();

  bool committed() const { return committed_; }
  const std::filesystem::path& final_path() const { return final_path_; }
  const std::filesystem::path& temp_path() const { return temp_path_; }

 private:
  OutputFile(FileHandle file, std::filesystem::path final_path, std::filesystem::path temp_path);
  void Discard() noexcept;

  FileHandle file_;
  std::filesystem::path final_path_;
  std::filesystem::path temp_path_;
  bool committed_ = false;
};

}  // namespace bmd::io
