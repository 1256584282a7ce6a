#include "sim/io/output_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "sim/io/h5_error.h"

namespace bmd::io {

namespace fs = std::filesystem;

namespace {

std::atomic<unsigned> g_temp_counter{0};

// fsync a file or directory by path; returns errno or 0.
int SyncPath(const fs::path& path, bool directory) {
  const int fd = ::open(path.c_str(), directory ? (O_RDONLY | O_DIRECTORY) : O_RDONLY);
  if (fd < 0) return errno;
  const int rc = ::fsync(fd) == 0 ? 0 : errno;
  ::close(fd);
  return rc;
}

void CheckDirectoryWritable(const fs::path& final_path) {
  const std::string where = final_path.string();
  if (final_path.filename().empty()) {
    throw H5Error("create output file", where, "path has no file name");
  }
  const fs::path dir = final_path.parent_path().empty() ? fs::path(".") : final_path.parent_path();
  std::error_code ec;
  const fs::file_status status = fs::status(dir, ec);
  if (ec || !fs::exists(status)) {
    throw H5Error("create output file", where, fmt::format("directory '{}' does not exist", dir.string()));
  }
  if (!fs::is_directory(status)) {
    throw H5Error("create output file", where, fmt::format("'{}' is not a directory", dir.string()));
  }
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    throw H5Error("create output file", where,
                  fmt::format("directory '{}' is not writable: {}", dir.string(), std::strerror(errno)));
  }
  if (fs::is_directory(final_path, ec)) {
    throw H5Error("create output file", where, "a directory of that name exists");
  }
}

}  // namespace

OutputFile OutputFile::Create(const fs::path& final_path) {
  QuietHdf5Errors();
  CheckDirectoryWritable(final_path);
  fs::path temp_path = final_path;
  temp_path += fmt::format(".tmp.{}-{}", ::getpid(), g_temp_counter.fetch_add(1));

  FileHandle file(H5Fcreate(temp_path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT));
  if (!file.valid()) {
    // The directory passed the access check, so report what the file system says too.
    const int err = errno;
    std::error_code ec;
    fs::remove(temp_path, ec);
    try {
      ThrowH5Error("create output file", temp_path.string());
    } catch (const H5Error& e) {
      throw H5Error(e.operation(), e.path(), fmt::format("{} (errno: {})", e.detail(), std::strerror(err)));
    }
  }
  return OutputFile(std::move(file), final_path, std::move(temp_path));
}

OutputFile::OutputFile(FileHandle file, fs::path final_path, fs::path temp_path)
    : file_(std::move(file)), final_path_(std::move(final_path)), temp_path_(std::move(temp_path)) {}

OutputFile::OutputFile(OutputFile&& other) noexcept
    : file_(std::move(other.file_)),
      final_path_(std::move(other.final_path_)),
      temp_path_(std::exchange(other.temp_path_, fs::path())),
      committed_(other.committed_) {}

OutputFile& OutputFile::operator=(OutputFile&& other) noexcept {
  if (this != &other) {
    Discard();
    file_ = std::move(other.file_);
    final_path_ = std::move(other.final_path_);
    temp_path_ = std::exchange(other.temp_path_, fs::path());
    committed_ = other.committed_;
  }
  return *this;
}

OutputFile::~OutputFile() { Discard(); }

void OutputFile::Discard() noexcept {
  file_.Reset();
  if (!committed_ && !temp_path_.empty()) {
    std::error_code ec;
    fs::remove(temp_path_, ec);
  }
  temp_path_.clear();
}

Group OutputFile::Root() const {
  if (!file_.valid()) throw H5Error("open root group", final_path_.string(), "file is closed");
  return Group::Open(file_.id(), "/");
}

void OutputFile::Flush() {
  QuietHdf5Errors();
  if (!file_.valid()) throw H5Error("flush", final_path_.string(), "file is closed");
  CheckStatus(H5Fflush(file_.id(), H5F_SCOPE_GLOBAL), "flush", temp_path_.string());
}

void OutputFile::Commit() {
  QuietHdf5Errors();
  const std::string where = final_path_.string();
  if (!file_.valid()) throw H5Error("commit", where, committed_ ? "already committed" : "file is closed");

  // Refuse to close over open datasets: a TableWriter still holding buffered rows.
  const ssize_t open_datasets = H5Fget_obj_count(file_.id(), H5F_OBJ_DATASET | H5F_OBJ_LOCAL);
  if (open_datasets < 0) ThrowH5Error("commit (count open objects)", where);
  if (open_datasets > 0) {
    std::vector<hid_t> ids(static_cast<std::size_t>(open_datasets));
    H5Fget_obj_ids(file_.id(), H5F_OBJ_DATASET | H5F_OBJ_LOCAL, ids.size(), ids.data());
    std::string names;
    for (hid_t id : ids) {
      char name[256] = {0};
      H5Iget_name(id, name, sizeof name);
      names += names.empty() ? name : fmt::format(", {}", name);
    }
    throw H5Error("commit", where,
                  fmt::format("{} dataset(s) still open ({}): Close() every TableWriter first",
                              open_datasets, names));
  }

  // Close groups, attributes and named types left open by callers: with the default
  // (weak) close degree they would keep the file open past H5Fclose. Their handles'
  // later H5*close calls then fail harmlessly (ids are not reused).
  const unsigned kOthers = H5F_OBJ_GROUP | H5F_OBJ_DATATYPE | H5F_OBJ_ATTR | H5F_OBJ_LOCAL;
  const ssize_t open_others = H5Fget_obj_count(file_.id(), kOthers);
  if (open_others < 0) ThrowH5Error("commit (count open objects)", where);
  if (open_others > 0) {
    std::vector<hid_t> ids(static_cast<std::size_t>(open_others));
    const ssize_t got = H5Fget_obj_ids(file_.id(), kOthers, ids.size(), ids.data());
    for (ssize_t i = 0; i < got; ++i) {
      const hid_t id = ids[static_cast<std::size_t>(i)];
      if (H5Iget_type(id) == H5I_ATTR) {
        H5Aclose(id);
      } else {
        H5Oclose(id);
      }
    }
  }
  CheckStatus(H5Fflush(file_.id(), H5F_SCOPE_GLOBAL), "commit (flush)", temp_path_.string());
  const herr_t closed = H5Fclose(file_.Release());
  if (closed < 0) ThrowH5Error("commit (close)", temp_path_.string());

  if (const int err = SyncPath(temp_path_, false); err != 0) {
    throw H5Error("commit (fsync)", temp_path_.string(), std::strerror(err));
  }
  if (std::rename(temp_path_.c_str(), final_path_.c_str()) != 0) {
    throw H5Error("commit (rename)", where,
                  fmt::format("cannot rename '{}': {}", temp_path_.string(), std::strerror(errno)));
  }
  committed_ = true;
  temp_path_.clear();
  // Make the rename itself durable; a failure here leaves a complete file in place.
  const fs::path dir = final_path_.parent_path().empty() ? fs::path(".") : final_path_.parent_path();
  SyncPath(dir, true);
}

}  // namespace bmd::io
