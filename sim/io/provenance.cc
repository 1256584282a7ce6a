#include "sim/io/provenance.h"

#include <fmt/format.h>

#include <ctime>

#include "sim/io/attributes.h"
#include "sim/io/h5_error.h"
#include "sim/io/h5_types.h"
#include "sim/io/sha256.h"
#include "sim/version.h"

namespace bmd::io {

Group WriteProvenance(const OutputFile& file, const Provenance& provenance) {
  Group root = file.Root();
  Group meta = root.CreateGroup("meta");
  WriteInt64Attribute(meta.id(), "schema_version", kSchemaVersion);
  WriteStringAttribute(meta.id(), "program_version", bmd::kProgramVersion);
  WriteStringAttribute(meta.id(), "git_revision", bmd::kGitRevision);
  WriteStringAttribute(meta.id(), "command_line", provenance.command_line);
  WriteUInt64Attribute(meta.id(), "seed", provenance.seed);
  WriteStringAttribute(meta.id(), "created_utc", UtcNowIso8601());
  return meta;
}

void WriteTextBlob(const Group& parent, std::string_view name, std::string_view text,
                   std::string_view description) {
  QuietHdf5Errors();
  const std::string where = parent.ChildPath(name);
  if (parent.Contains(name)) throw H5Error("write text", where, "already exists");
  // A C string stops at the first NUL: refuse text that would be silently truncated.
  if (text.find('\0') != std::string_view::npos) {
    throw H5Error("write text", where, "text contains a NUL byte");
  }
  DatatypeHandle type = MakeStringType();
  DataspaceHandle space(CheckId(H5Screate(H5S_SCALAR), "create dataspace", where));
  const std::string key(name);
  DatasetHandle dataset(CheckId(H5Dcreate2(parent.id(), key.c_str(), type.id(), space.id(), H5P_DEFAULT,
                                           H5P_DEFAULT, H5P_DEFAULT),
                                "create dataset", where));
  const std::string copy(text);
  const char* ptr = copy.c_str();
  CheckStatus(H5Dwrite(dataset.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &ptr), "write text", where);
  WriteStringAttribute(dataset.id(), "sha256", Sha256::Hex(text));
  WriteInt64Attribute(dataset.id(), "bytes", static_cast<std::int64_t>(text.size()));
  WriteStringAttribute(dataset.id(), "units", "");
  WriteStringAttribute(dataset.id(), "description", description);
}

std::string JoinCommandLine(int argc, const char* const* argv) {
  std::string out;
  for (int i = 0; i < argc; ++i) {
    const std::string_view arg = argv[i] != nullptr ? argv[i] : "";
    if (i > 0) out += ' ';
    const bool plain = !arg.empty() && arg.find_first_not_of(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+=/.,:@%") == std::string_view::npos;
    if (plain) {
      out += arg;
      continue;
    }
    // Single quotes keep everything literal; an embedded ' becomes '\''.
    out += '\'';
    for (char c : arg) {
      if (c == '\'') {
        out += "'\\''";
      } else {
        out += c;
      }
    }
    out += '\'';
  }
  return out;
}

std::string UtcNowIso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  const std::size_t n = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return std::string(buffer, n);
}

std::optional<std::int64_t> BmdSchemaVersion(const std::filesystem::path& path) {
  QuietHdf5Errors();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  if (H5Fis_hdf5(path.c_str()) <= 0) {
    H5Eclear2(H5E_DEFAULT);
    return std::nullopt;
  }
  FileHandle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  if (!file.valid()) {
    H5Eclear2(H5E_DEFAULT);
    return std::nullopt;
  }
  try {
    if (!LinkExists(file.id(), "/meta")) return std::nullopt;
    ObjectHandle meta(H5Oopen(file.id(), "/meta", H5P_DEFAULT));
    H5O_info_t info{};
    if (!meta.valid() || H5Oget_info2(meta.id(), &info, H5O_INFO_BASIC) < 0 || info.type != H5O_TYPE_GROUP) {
      H5Eclear2(H5E_DEFAULT);
      return std::nullopt;
    }
    if (!HasAttribute(meta.id(), "schema_version")) return std::nullopt;
    return ReadInt64Attribute(meta.id(), "schema_version");
  } catch (const H5Error&) {
    return std::nullopt;
  }
}

}  // namespace bmd::io
