#include "sim/sweep_journal.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <unordered_set>
#include <utility>

#include "sim/errors.h"

namespace bmd::sim {
namespace {

constexpr char kMagic[8] = {'B', 'M', 'D', 'S', 'W', 'J', '0', '1'};
constexpr std::uint32_t kRecordMagic = 0x52575342u;  // "BSWR"
constexpr std::uint32_t kMaxHeaderBody = 1u << 20;
constexpr std::uint32_t kMaxPayload = 4u << 20;

double NowS() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string ErrnoText() { return std::strerror(errno); }

void WriteAll(int fd, const std::uint8_t* p, std::size_t n, const std::filesystem::path& path) {
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      throw InputError(fmt::format("cannot write sweep journal '{}': {}", path.string(), ErrnoText()));
    }
    p += w;
    n -= static_cast<std::size_t>(w);
  }
}

// Reads exactly n bytes at offset; false at end of file (short read).
bool ReadAt(int fd, std::uint64_t offset, void* out, std::size_t n) {
  auto* p = static_cast<std::uint8_t*>(out);
  while (n > 0) {
    const ssize_t r = ::pread(fd, p, n, static_cast<off_t>(offset));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    p += r;
    n -= static_cast<std::size_t>(r);
    offset += static_cast<std::uint64_t>(r);
  }
  return true;
}

template <typename T>
void Put(std::vector<std::uint8_t>& out, const T& v) {
  // resize + memcpy (vector::insert of a few bytes trips GCC 12's -Wstringop-overflow at -O3).
  const std::size_t at = out.size();
  out.resize(at + sizeof(T));
  std::memcpy(out.data() + at, &v, sizeof(T));
}

void PutText(std::vector<std::uint8_t>& out, const std::string& s) {
  Put(out, static_cast<std::uint32_t>(s.size()));
  out.insert(out.end(), s.begin(), s.end());
}

bool GetText(const std::vector<std::uint8_t>& b, std::size_t& pos, std::string& s) {
  std::uint32_t n = 0;
  if (b.size() - pos < sizeof n) return false;
  std::memcpy(&n, b.data() + pos, sizeof n);
  pos += sizeof n;
  if (b.size() - pos < n) return false;
  s.assign(reinterpret_cast<const char*>(b.data() + pos), n);
  pos += n;
  return true;
}

struct PairHash {
  std::size_t operator()(const std::pair<std::uint64_t, std::uint64_t>& p) const {
    return std::hash<std::uint64_t>()(p.first * 0x9E3779B97F4A7C15ull ^ p.second);
  }
};

}  // namespace

// ---------------------------------------------------------------------------- writer

JournalWriter::JournalWriter(int fd, std::filesystem::path path)
    : fd_(fd), path_(std::move(path)), last_sync_s_(NowS()) {}

JournalWriter::JournalWriter(JournalWriter&& o) noexcept
    : fd_(std::exchange(o.fd_, -1)),
      path_(std::move(o.path_)),
      buffer_(std::move(o.buffer_)),
      last_sync_s_(o.last_sync_s_) {}

JournalWriter& JournalWriter::operator=(JournalWriter&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(o.fd_, -1);
    path_ = std::move(o.path_);
    buffer_ = std::move(o.buffer_);
    last_sync_s_ = o.last_sync_s_;
  }
  return *this;
}

JournalWriter::~JournalWriter() {
  if (fd_ >= 0) {
    ::fdatasync(fd_);
    ::close(fd_);
  }
}

JournalWriter JournalWriter::Create(const std::filesystem::path& path, const JournalIdentity& identity) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw InputError(fmt::format("cannot create sweep journal '{}': {}", path.string(), ErrnoText()));
  }
  JournalWriter w(fd, path);
  std::vector<std::uint8_t> body;
  PutText(body, identity.scenario_sha256);
  PutText(body, identity.arguments);
  std::vector<std::uint8_t> header(kMagic, kMagic + sizeof kMagic);
  Put(header, static_cast<std::uint32_t>(body.size()));
  header.insert(header.end(), body.begin(), body.end());
  Put(header, Crc32(body));
  WriteAll(fd, header.data(), header.size(), path);
  w.Sync();
  return w;
}

JournalWriter JournalWriter::OpenForAppend(const std::filesystem::path& path, std::uint64_t valid_bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) {
    throw InputError(fmt::format("cannot open sweep journal '{}': {}", path.string(), ErrnoText()));
  }
  JournalWriter w(fd, path);
  // Cut off a torn tail so that new records follow the last valid one.
  if (::ftruncate(fd, static_cast<off_t>(valid_bytes)) != 0 ||
      ::lseek(fd, static_cast<off_t>(valid_bytes), SEEK_SET) < 0) {
    throw InputError(fmt::format("cannot truncate sweep journal '{}': {}", path.string(), ErrnoText()));
  }
  w.Sync();
  return w;
}

void JournalWriter::Append(const RunRow& row) {
  buffer_.clear();
  Put(buffer_, kRecordMagic);
  Put(buffer_, std::uint32_t{0});
  EncodeRow(row, buffer_);
  const auto payload_bytes = static_cast<std::uint32_t>(buffer_.size() - 8);
  std::memcpy(buffer_.data() + 4, &payload_bytes, sizeof payload_bytes);
  Put(buffer_, Crc32(std::span(buffer_).subspan(8, payload_bytes)));
  WriteAll(fd_, buffer_.data(), buffer_.size(), path_);
  if (NowS() - last_sync_s_ >= kJournalSyncInterval_s) Sync();
}

void JournalWriter::Sync() {
  if (fd_ < 0) return;
  if (::fdatasync(fd_) != 0) {
    throw InputError(fmt::format("cannot sync sweep journal '{}': {}", path_.string(), ErrnoText()));
  }
  last_sync_s_ = NowS();
}

void JournalWriter::Close() {
  if (fd_ < 0) return;
  Sync();
  ::close(fd_);
  fd_ = -1;
}

// ---------------------------------------------------------------------------- reader

JournalReader::JournalReader(JournalReader&& o) noexcept
    : fd_(std::exchange(o.fd_, -1)),
      path_(std::move(o.path_)),
      identity_(std::move(o.identity_)),
      entries_(std::move(o.entries_)),
      valid_bytes_(o.valid_bytes_),
      file_bytes_(o.file_bytes_),
      duplicates_(o.duplicates_) {}

JournalReader& JournalReader::operator=(JournalReader&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(o.fd_, -1);
    path_ = std::move(o.path_);
    identity_ = std::move(o.identity_);
    entries_ = std::move(o.entries_);
    valid_bytes_ = o.valid_bytes_;
    file_bytes_ = o.file_bytes_;
    duplicates_ = o.duplicates_;
  }
  return *this;
}

JournalReader::~JournalReader() {
  if (fd_ >= 0) ::close(fd_);
}

JournalReader JournalReader::Open(const std::filesystem::path& path) {
  JournalReader r;
  r.path_ = path;
  r.fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (r.fd_ < 0) {
    throw InputError(fmt::format("cannot open sweep journal '{}': {}", path.string(), ErrnoText()));
  }
  struct stat st {};
  if (::fstat(r.fd_, &st) != 0) {
    throw InputError(fmt::format("cannot stat sweep journal '{}': {}", path.string(), ErrnoText()));
  }
  r.file_bytes_ = static_cast<std::uint64_t>(st.st_size);

  // Header: magic, body, CRC.
  char magic[8];
  std::uint32_t body_bytes = 0, crc = 0;
  const auto bad_header = [&](const char* why) {
    return InputError(fmt::format("'{}' is not a usable bmdsim sweep journal ({}); delete it to start "
                                  "the sweep over",
                                  path.string(), why));
  };
  if (!ReadAt(r.fd_, 0, magic, sizeof magic) || std::memcmp(magic, kMagic, sizeof kMagic) != 0) {
    throw bad_header("wrong magic");
  }
  if (!ReadAt(r.fd_, 8, &body_bytes, 4) || body_bytes > kMaxHeaderBody) throw bad_header("bad header length");
  std::vector<std::uint8_t> body(body_bytes);
  if (!ReadAt(r.fd_, 12, body.data(), body.size()) || !ReadAt(r.fd_, 12 + body_bytes, &crc, 4) ||
      crc != Crc32(body)) {
    throw bad_header("header checksum mismatch");
  }
  std::size_t pos = 0;
  if (!GetText(body, pos, r.identity_.scenario_sha256) || !GetText(body, pos, r.identity_.arguments) ||
      pos != body.size()) {
    throw bad_header("malformed header");
  }
  std::uint64_t offset = 12 + static_cast<std::uint64_t>(body_bytes) + 4;
  r.valid_bytes_ = offset;

  // Records: keep the longest valid prefix.
  std::unordered_set<std::pair<std::uint64_t, std::uint64_t>, PairHash> seen;
  std::vector<std::uint8_t> payload;
  RunRow row;
  for (;;) {
    std::uint32_t head[2];
    if (!ReadAt(r.fd_, offset, head, sizeof head) || head[0] != kRecordMagic || head[1] > kMaxPayload) break;
    payload.resize(head[1]);
    std::uint32_t record_crc = 0;
    if (!ReadAt(r.fd_, offset + 8, payload.data(), payload.size()) ||
        !ReadAt(r.fd_, offset + 8 + head[1], &record_crc, 4) || record_crc != Crc32(payload) ||
        !DecodeRow(payload, row)) {
      break;
    }
    if (seen.insert({row.grid_point, row.run_index}).second) {
      r.entries_.push_back(JournalEntry{row.grid_point, row.run_index, offset + 8, head[1]});
    } else {
      ++r.duplicates_;
    }
    offset += 8 + static_cast<std::uint64_t>(head[1]) + 4;
    r.valid_bytes_ = offset;
  }
  return r;
}

RunRow JournalReader::Read(const JournalEntry& e) const {
  std::vector<std::uint8_t> payload(e.payload_bytes);
  RunRow row;
  if (!ReadAt(fd_, e.offset, payload.data(), payload.size()) || !DecodeRow(payload, row)) {
    throw InputError(fmt::format("sweep journal '{}' changed while being read", path_.string()));
  }
  return row;
}

}  // namespace bmd::sim
