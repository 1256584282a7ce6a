// `bmdsim export`: the releasable copy of a run file for one nation (see export.h for the
// rules; docs/export.md for the user's view).
#include "sim/export.h"

#include <fmt/format.h>
#include <hdf5.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <variant>

#include "sim/errors.h"
#include "sim/io/array_dataset.h"
#include "sim/io/attributes.h"
#include "sim/io/group.h"
#include "sim/io/h5_error.h"
#include "sim/io/h5_handle.h"
#include "sim/io/input_file.h"
#include "sim/io/output_file.h"
#include "sim/io/provenance.h"
#include "sim/io/sha256.h"
#include "sim/io/table.h"
#include "sim/version.h"

namespace bmd::sim {
namespace {

namespace fs = std::filesystem;
using F = ExportRowFilter;

constexpr ExportRule kRules[] = {
    // Exercise-level truth and aggregate outcomes: whole.
    {"/entities/nations", F::kAll, "", "", ""},
    {"/entities/threats", F::kAll, "", "", ""},
    {"/entities/assets", F::kAll, "", "", ""},
    {"/outcomes/threats", F::kAll, "", "", ""},
    {"/outcomes/assets", F::kAll, "", "", ""},
    // Truth objects: threat objects and the nation's own interceptors.
    {"/entities/objects", F::kObject, "object_id", "", ""},
    {"/truth", F::kObject, "object_id", "", ""},
    {"/events", F::kObject, "object_id", "", ""},
    // Own sensors.
    {"/entities/sensors", F::kSensor, "sensor_index", "", ""},
    {"/measurements", F::kSensor, "sensor_index", "", ""},
    {"/scans", F::kSensor, "sensor_index", "", ""},
    {"/cues", F::kSensor, "sensor_index", "", ""},
    {"/tracks/local", F::kSensor, "sensor_index", "", "/track_covariance/local"},
    // Own C2 nodes.
    {"/entities/nodes", F::kNode, "node_index", "", ""},
    {"/tracks/nodes", F::kNode, "node_index", "", "/track_covariance/nodes"},
    {"/metrics/picture", F::kNode, "node_index", "", ""},
    {"/metrics/siap", F::kNode, "node_index", "", ""},
    {"/metrics/first_detection", F::kNode, "node_index", "", ""},
    {"/metrics/interop", F::kNode, "node_index", "", ""},
    {"/metrics/track_numbers", F::kNode, "node_index", "", ""},
    // A pair of pictures is N's only when both nodes are N's.
    {"/metrics/commonality", F::kNodeBoth, "node_a", "node_b", ""},
    // Own fire units.
    {"/engagements", F::kFireUnit, "fire_unit", "", ""},
    {"/inventory", F::kFireUnit, "fire_unit", "", ""},
    {"/outcomes/fire_units", F::kFireUnitRow, "", "", ""},
    // Links touching an own node; sharing rows naming the nation.
    {"/links/messages", F::kNodePair, "from_node", "to_node", ""},
    {"/links/summary", F::kNodePair, "from_node", "to_node", ""},
    {"/links/config", F::kNodePair, "node_a", "node_b", ""},
    {"/sharing/policy", F::kNationPair, "from_nation", "to_nation", ""},
    {"/sharing/counters", F::kNationPair, "from_nation", "to_nation", ""},
};

constexpr std::string_view kAttributeGroups[] = {"/meta", "/summary", "/outcomes"};
// Single exercise-level attributes of other groups.
constexpr std::string_view kReleasedAttributes[] = {"/sharing@architecture"};

bool IsReleasedAttribute(const std::string& group, const std::string& name) {
  const std::string key = group + "@" + name;
  return std::find(std::begin(kReleasedAttributes), std::end(kReleasedAttributes), key) !=
         std::end(kReleasedAttributes);
}

// Attributes the I/O layer writes on every table group and column / array dataset; the only
// ones a filtered object keeps.
const std::set<std::string> kTableAttributes = {"kind", "description", "columns", "rows"};
const std::set<std::string> kDatasetAttributes = {"units", "description"};

constexpr std::string_view kWithheld = "[withheld]";

bool IsTokenChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-'; }

// What nation N owns in the input, and the ids of what others own.
struct Ownership {
  std::string nation;
  std::set<std::int64_t> sensors, nodes, fire_units, objects;
  std::vector<std::string> foreign_ids;  // longest first
};

// Replaces every whole-token occurrence of a foreign id in `s` by kWithheld; returns how many.
std::size_t Redact(std::string& s, const std::vector<std::string>& ids) {
  std::size_t n = 0;
  for (const auto& id : ids) {
    for (std::size_t pos = s.find(id); pos != std::string::npos; pos = s.find(id, pos)) {
      const std::size_t end = pos + id.size();
      const bool bounded = (pos == 0 || !IsTokenChar(s[pos - 1])) && (end == s.size() || !IsTokenChar(s[end]));
      if (bounded) {
        s.replace(pos, id.size(), kWithheld);
        pos += kWithheld.size();
        ++n;
      } else {
        pos = end;
      }
    }
  }
  return n;
}

struct Context {
  const io::InputFile& in;
  io::OutputFile& out;
  const Ownership& own;
  ExportReport& report;
};

void NoteRedacted(Context& ctx, const std::string& path, std::size_t n) {
  if (n > 0) ctx.report.redacted.push_back(fmt::format("{}: {} value(s)", path, n));
}

std::vector<std::string> ChildNames(hid_t group, const std::string& path, std::vector<std::string>* non_hard) {
  struct Acc {
    std::vector<std::string> hard, other;
  } acc;
  const auto collect = [](hid_t, const char* name, const H5L_info_t* info, void* data) -> herr_t {
    auto* a = static_cast<Acc*>(data);
    (info->type == H5L_TYPE_HARD ? a->hard : a->other).emplace_back(name);
    return 0;
  };
  io::CheckStatus(H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, nullptr, collect, &acc), "list group", path);
  if (non_hard) *non_hard = std::move(acc.other);
  return acc.hard;
}

std::vector<std::string> AttributeNames(hid_t object, const std::string& path) {
  std::vector<std::string> names;
  const auto collect = [](hid_t, const char* name, const H5A_info_t*, void* data) -> herr_t {
    static_cast<std::vector<std::string>*>(data)->emplace_back(name);
    return 0;
  };
  io::CheckStatus(H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, nullptr, collect, &names), "list attributes",
                  path);
  return names;
}

H5O_type_t ObjectType(hid_t file, const std::string& path) {
  H5O_info_t info{};
  if (H5Oget_info_by_name2(file, path.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) {
    H5Eclear2(H5E_DEFAULT);
    return H5O_TYPE_UNKNOWN;
  }
  return info.type;
}

std::string ChildPath(const std::string& parent, const std::string& name) {
  return parent == "/" ? "/" + name : parent + "/" + name;
}

// Copies attribute `name` of `src` onto `dst`: strings are read, redacted and rewritten;
// every other type is copied byte for byte with its own datatype and shape.
void CopyAttribute(Context& ctx, hid_t src, hid_t dst, const std::string& path, const std::string& name) {
  const std::string where = path + "@" + name;
  io::AttributeHandle attr(io::CheckId(H5Aopen(src, name.c_str(), H5P_DEFAULT), "open attribute", where));
  io::DatatypeHandle type(io::CheckId(H5Aget_type(attr.id()), "get attribute type", where));
  io::DataspaceHandle space(io::CheckId(H5Aget_space(attr.id()), "get attribute space", where));
  if (H5Tget_class(type.id()) == H5T_STRING) {
    const int rank = H5Sget_simple_extent_ndims(space.id());
    if (rank == 0) {
      std::string s = io::ReadStringAttribute(src, name);
      NoteRedacted(ctx, where, Redact(s, ctx.own.foreign_ids));
      io::WriteStringAttribute(dst, name, s);
    } else if (rank == 1) {
      std::vector<std::string> v = io::ReadStringArrayAttribute(src, name);
      std::size_t n = 0;
      for (auto& s : v) n += Redact(s, ctx.own.foreign_ids);
      NoteRedacted(ctx, where, n);
      io::WriteStringArrayAttribute(dst, name, v);
    } else {
      ctx.report.dropped.push_back(where + " (string array of rank > 1)");
    }
    return;
  }
  io::DatatypeHandle mem(io::CheckId(H5Tget_native_type(type.id(), H5T_DIR_ASCEND), "native type", where));
  const hssize_t points = H5Sget_simple_extent_npoints(space.id());
  if (points < 0) io::ThrowH5Error("get attribute size", where);
  if (H5Tdetect_class(mem.id(), H5T_VLEN) > 0 || H5Tdetect_class(mem.id(), H5T_STRING) > 0) {
    ctx.report.dropped.push_back(where + " (variable-length compound value)");
    return;
  }
  std::vector<unsigned char> buffer(static_cast<std::size_t>(points) * H5Tget_size(mem.id()) + 1);
  if (points > 0) io::CheckStatus(H5Aread(attr.id(), mem.id(), buffer.data()), "read attribute", where);
  const std::string out_where = io::DescribeObject(dst) + "@" + name;
  if (H5Aexists(dst, name.c_str()) > 0) io::CheckStatus(H5Adelete(dst, name.c_str()), "replace attribute", out_where);
  io::AttributeHandle out(io::CheckId(H5Acreate2(dst, name.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT),
                                      "create attribute", out_where));
  if (points > 0) io::CheckStatus(H5Awrite(out.id(), mem.id(), buffer.data()), "write attribute", out_where);
}

// Copies the attributes of `src` not in `skip`; with `keep_extra` false they are listed as
// dropped instead (filtered objects keep only their schema attributes).
void CopyExtraAttributes(Context& ctx, hid_t src, hid_t dst, const std::string& path,
                         const std::set<std::string>& skip, bool keep_extra) {
  for (const auto& name : AttributeNames(src, path)) {
    if (skip.count(name) != 0) continue;
    if (keep_extra) {
      CopyAttribute(ctx, src, dst, path, name);
    } else {
      ctx.report.dropped.push_back(path + "@" + name);
    }
  }
}

io::Group EnsureGroup(const io::OutputFile& out, const std::string& path) {
  io::Group root = out.Root();
  if (path == "/" || path.empty()) return root;
  return root.Contains(path) ? root.OpenGroup(path) : root.CreateGroup(path);
}

std::string ParentPath(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == 0 ? "/" : std::string(path.substr(0, slash));
}
std::string BaseName(std::string_view path) { return std::string(path.substr(path.rfind('/') + 1)); }

// The stored type of a table column, if it is one of the documented column types.
std::optional<io::ColumnType> StoredColumnType(hid_t dataset, const std::string& where) {
  io::DatatypeHandle type(io::CheckId(H5Dget_type(dataset), "get dataset type", where));
  const std::size_t size = H5Tget_size(type.id());
  switch (H5Tget_class(type.id())) {
    case H5T_FLOAT:
      if (size == 8) return io::ColumnType::kFloat64;
      break;
    case H5T_INTEGER: {
      const bool is_signed = H5Tget_sign(type.id()) == H5T_SGN_2;
      if (is_signed && size == 8) return io::ColumnType::kInt64;
      if (is_signed && size == 4) return io::ColumnType::kInt32;
      if (!is_signed && size == 1) return io::ColumnType::kUInt8;
      break;
    }
    case H5T_ENUM:
      if (size == 1) return io::ColumnType::kBool;
      break;
    case H5T_STRING:
      if (H5Tis_variable_str(type.id()) > 0) return io::ColumnType::kString;
      break;
    default:
      break;
  }
  return std::nullopt;
}

template <typename T, typename U = T>
std::vector<U> Select(const std::vector<T>& v, const std::vector<char>& keep) {
  std::vector<U> out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (keep[i]) out.push_back(static_cast<U>(v[i]));
  }
  return out;
}

std::string AttributeOr(const io::InputFile& in, const std::string& path, const char* name) {
  return in.HasAttribute(path, name) ? in.ReadStringAttribute(path, name) : std::string();
}

// Reads one column with its stored type and keeps the rows of `keep` (string cells redacted).
std::optional<io::Column> ReadMaskedColumn(Context& ctx, const std::string& table, const std::string& name,
                                           const std::vector<char>& keep) {
  const std::string path = table + "/" + name;
  std::optional<io::ColumnType> type;
  {
    io::DatasetHandle ds(io::CheckId(H5Dopen2(ctx.in.id(), path.c_str(), H5P_DEFAULT), "open column", path));
    io::DataspaceHandle space(io::CheckId(H5Dget_space(ds.id()), "get dataspace", path));
    if (H5Sget_simple_extent_ndims(space.id()) != 1) return std::nullopt;
    type = StoredColumnType(ds.id(), path);
  }
  if (!type) return std::nullopt;
  io::Column c;
  c.spec = {name, *type, AttributeOr(ctx.in, path, "units"), AttributeOr(ctx.in, path, "description")};
  const auto check = [&](std::size_t n) {
    if (n != keep.size()) {
      throw InputError(fmt::format("'{}': column {} has {} rows, the table {}", ctx.in.path().string(), path, n,
                                   keep.size()));
    }
  };
  switch (*type) {
    case io::ColumnType::kFloat64: {
      auto v = ctx.in.ReadDoubleColumn(table, name);
      check(v.size());
      c.values = Select(v, keep);
      break;
    }
    case io::ColumnType::kInt64: {
      auto v = ctx.in.ReadInt64Column(table, name);
      check(v.size());
      c.values = Select(v, keep);
      break;
    }
    case io::ColumnType::kInt32: {
      auto v = ctx.in.ReadInt64Column(table, name);
      check(v.size());
      c.values = Select<std::int64_t, std::int32_t>(v, keep);
      break;
    }
    case io::ColumnType::kUInt8:
    case io::ColumnType::kBool: {
      auto v = ctx.in.ReadInt64Column(table, name);
      check(v.size());
      c.values = Select<std::int64_t, std::uint8_t>(v, keep);
      break;
    }
    case io::ColumnType::kString: {
      auto v = ctx.in.ReadStringColumn(table, name);
      check(v.size());
      auto kept = Select(v, keep);
      std::size_t n = 0;
      for (auto& s : kept) n += Redact(s, ctx.own.foreign_ids);
      NoteRedacted(ctx, path, n);
      c.values = std::move(kept);
      break;
    }
  }
  return c;
}

// The generic table copy: every listed column of a supported type, rows where keep[i].
void CopyTableWithMask(Context& ctx, const std::string& table, const std::vector<char>& keep, bool whole) {
  const std::vector<std::string> names = ctx.in.TableColumns(table);
  std::vector<io::Column> columns;
  for (const auto& name : names) {
    if (ObjectType(ctx.in.id(), table + "/" + name) != H5O_TYPE_DATASET) {
      ctx.report.dropped.push_back(table + "/" + name + " (listed column missing)");
      continue;
    }
    auto c = ReadMaskedColumn(ctx, table, name, keep);
    if (c) {
      columns.push_back(std::move(*c));
    } else {
      ctx.report.dropped.push_back(table + "/" + name + " (not a supported column type)");
    }
  }
  // Objects in the table group that are not listed columns are not released.
  io::Group src = io::Group::Open(ctx.in.id(), table);
  for (const auto& child : ChildNames(src.id(), table, nullptr)) {
    if (std::find(names.begin(), names.end(), child) == names.end()) ctx.report.dropped.push_back(table + "/" + child);
  }
  if (columns.empty()) {
    ctx.report.dropped.push_back(table + " (no releasable column)");
    return;
  }
  io::Group parent = EnsureGroup(ctx.out, ParentPath(table));
  io::WriteTable(parent, BaseName(table), AttributeOr(ctx.in, table, "description"), columns);
  io::Group dst = parent.OpenGroup(BaseName(table));
  CopyExtraAttributes(ctx, src.id(), dst.id(), table, kTableAttributes, whole);
  for (const auto& c : columns) {
    const std::string path = table + "/" + c.spec.name;
    io::DatasetHandle s(io::CheckId(H5Dopen2(ctx.in.id(), path.c_str(), H5P_DEFAULT), "open", path));
    io::DatasetHandle d(io::CheckId(H5Dopen2(dst.id(), c.spec.name.c_str(), H5P_DEFAULT), "open",
                                    ctx.out.temp_path().string() + ":" + path));
    CopyExtraAttributes(ctx, s.id(), d.id(), path, kDatasetAttributes, whole);
  }
  const std::size_t kept = static_cast<std::size_t>(std::count(keep.begin(), keep.end(), 1));
  ctx.report.kept.push_back({table, keep.size(), kept});
}

// The generic array copy: an N-D numeric dataset, first-axis rows where keep[i].
void CopyArrayWithMask(Context& ctx, const std::string& path, const std::vector<char>& keep, bool whole) {
  io::DatasetHandle ds(io::CheckId(H5Dopen2(ctx.in.id(), path.c_str(), H5P_DEFAULT), "open array", path));
  io::DatatypeHandle type(io::CheckId(H5Dget_type(ds.id()), "get type", path));
  const H5T_class_t cls = H5Tget_class(type.id());
  if (cls != H5T_FLOAT && cls != H5T_INTEGER) {
    ctx.report.dropped.push_back(path + " (not a numeric array)");
    return;
  }
  const auto copy = [&](auto data) {
    if (data.dims.empty() || data.dims[0] != keep.size()) {
      throw InputError(fmt::format("'{}': {} has {} rows, its table {}", ctx.in.path().string(), path,
                                   data.dims.empty() ? 0 : data.dims[0], keep.size()));
    }
    const std::size_t row = keep.empty() ? 0 : data.values.size() / keep.size();
    decltype(data.values) out;
    for (std::size_t i = 0; i < keep.size(); ++i) {
      if (keep[i]) out.insert(out.end(), data.values.begin() + i * row, data.values.begin() + (i + 1) * row);
    }
    data.dims[0] = static_cast<hsize_t>(std::count(keep.begin(), keep.end(), 1));
    io::Group parent = EnsureGroup(ctx.out, ParentPath(path));
    const std::span<const typename decltype(out)::value_type> values(out);
    io::WriteArray(parent, BaseName(path), data.dims, values,
                   AttributeOr(ctx.in, path, "units"), AttributeOr(ctx.in, path, "description"));
    ctx.report.kept.push_back({path, keep.size(), static_cast<std::size_t>(data.dims[0])});
  };
  if (cls == H5T_FLOAT) {
    copy(ctx.in.ReadDoubleArray(path));
  } else {
    copy(ctx.in.ReadInt64Array(path));
  }
  io::DatasetHandle d(io::CheckId(H5Dopen2(ctx.out.id(), path.c_str(), H5P_DEFAULT), "open",
                                  ctx.out.temp_path().string() + ":" + path));
  CopyExtraAttributes(ctx, ds.id(), d.id(), path, kDatasetAttributes, whole);
}

// Row mask of a rule's table for nation N; std::nullopt (with the reason) if it cannot be
// computed, e.g. a key column is missing: then the table is not released.
std::optional<std::vector<char>> RowMask(Context& ctx, const ExportRule& rule, std::string& why) {
  const std::string table(rule.path);
  const std::size_t rows = ctx.in.TableRows(table);
  std::vector<char> keep(rows, 0);
  const auto columns = ctx.in.TableColumns(table);
  for (auto key : {rule.key_a, rule.key_b}) {
    if (!key.empty() && std::find(columns.begin(), columns.end(), key) == columns.end()) {
      why = fmt::format("no key column '{}'", key);
      return std::nullopt;
    }
  }
  const auto ints = [&](std::string_view key) {
    auto v = ctx.in.ReadInt64Column(table, key);
    if (v.size() != rows) throw InputError(fmt::format("'{}': {}/{} is ragged", ctx.in.path().string(), table, key));
    return v;
  };
  const auto in_set = [&](const std::set<std::int64_t>& set, std::string_view key) {
    const auto v = ints(key);
    for (std::size_t i = 0; i < rows; ++i) keep[i] = keep[i] || set.count(v[i]) != 0;
  };
  switch (rule.filter) {
    case F::kAll: std::fill(keep.begin(), keep.end(), 1); break;
    case F::kObject: in_set(ctx.own.objects, rule.key_a); break;
    case F::kSensor: in_set(ctx.own.sensors, rule.key_a); break;
    case F::kNode: in_set(ctx.own.nodes, rule.key_a); break;
    case F::kFireUnit: in_set(ctx.own.fire_units, rule.key_a); break;
    case F::kFireUnitRow:
      for (std::size_t i = 0; i < rows; ++i) keep[i] = ctx.own.fire_units.count(static_cast<std::int64_t>(i)) != 0;
      break;
    case F::kNodePair:
      in_set(ctx.own.nodes, rule.key_a);
      in_set(ctx.own.nodes, rule.key_b);
      break;
    case F::kNodeBoth: {
      const auto a = ints(rule.key_a), b = ints(rule.key_b);
      for (std::size_t i = 0; i < rows; ++i) keep[i] = ctx.own.nodes.count(a[i]) != 0 && ctx.own.nodes.count(b[i]) != 0;
      break;
    }
    case F::kNationPair:
      for (auto key : {rule.key_a, rule.key_b}) {
        const auto v = ctx.in.ReadStringColumn(table, key);
        if (v.size() != rows) throw InputError(fmt::format("'{}': {}/{} is ragged", ctx.in.path().string(), table, key));
        for (std::size_t i = 0; i < rows; ++i) keep[i] = keep[i] || v[i] == ctx.own.nation;
      }
      break;
  }
  return keep;
}

bool IsTable(const io::InputFile& in, std::string_view path) {
  const std::string p(path);
  return ObjectType(in.id(), p) == H5O_TYPE_GROUP && in.HasAttribute(p, "kind") &&
         in.ReadStringAttribute(p, "kind") == "table" && in.HasAttribute(p, "columns");
}

// Lists every object and attribute of the input that no rule releases.
void ListDropped(Context& ctx, const std::string& path, const std::set<std::string>& handled) {
  io::Group g = io::Group::Open(ctx.in.id(), path);
  const bool attribute_group = std::find(std::begin(kAttributeGroups), std::end(kAttributeGroups), path) !=
                               std::end(kAttributeGroups);
  if (!attribute_group) {
    for (const auto& a : AttributeNames(g.id(), path)) {
      if (!IsReleasedAttribute(path, a)) ctx.report.dropped.push_back(path + "@" + a);
    }
  }
  std::vector<std::string> links;
  for (const auto& name : ChildNames(g.id(), path, &links)) {
    const std::string child = ChildPath(path, name);
    if (handled.count(child) != 0) continue;
    const bool holds_released = std::any_of(handled.begin(), handled.end(), [&](const std::string& h) {
      return h.rfind(child + "/", 0) == 0;
    });
    const bool is_attribute_group = std::find(std::begin(kAttributeGroups), std::end(kAttributeGroups), child) !=
                                    std::end(kAttributeGroups);
    if ((holds_released || is_attribute_group) && ObjectType(ctx.in.id(), child) == H5O_TYPE_GROUP) {
      ListDropped(ctx, child, handled);
    } else {
      ctx.report.dropped.push_back(child);
    }
  }
  for (const auto& name : links) ctx.report.dropped.push_back(ChildPath(path, name) + " (link)");
}

std::string FileSha256(const fs::path& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw InputError(fmt::format("cannot read input '{}'", path.string()));
  io::Sha256 h;
  std::vector<char> buf(1 << 20);
  while (f) {
    f.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    const auto n = static_cast<std::size_t>(f.gcount());
    h.Update(std::span(reinterpret_cast<const std::uint8_t*>(buf.data()), n));
  }
  if (f.bad()) throw InputError(fmt::format("cannot read input '{}'", path.string()));
  return h.HexDigest();
}

// Opens the input and checks it is a bmdsim run file (not a sweep, track or export file).
io::InputFile OpenRunFile(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) throw InputError(fmt::format("cannot read input '{}': no such file", path));
  if (access(path.c_str(), R_OK) != 0) throw InputError(fmt::format("cannot read input '{}': permission denied", path));
  const auto version = io::BmdSchemaVersion(path);
  if (!version) {
    throw InputError(fmt::format("'{}' is not a bmdsim run file (not an HDF5 file with /meta@schema_version)", path));
  }
  if (*version != io::kSchemaVersion) {
    throw InputError(fmt::format("'{}' has schema version {}; this bmdsim reads version {}", path, *version,
                                 io::kSchemaVersion));
  }
  io::InputFile in = io::InputFile::Open(path);
  const std::string kind = AttributeOr(in, "/meta", "file_kind");
  if (kind != "run") {
    throw InputError(fmt::format("'{}' is not a bmdsim run file (/meta@file_kind is '{}'); export takes the "
                                 "output of `bmdsim run` (a sweep's run K: `bmdsim run --run K`)",
                                 path, kind));
  }
  if (in.HasAttribute("/meta", "exported_for")) {
    throw InputError(fmt::format("'{}' is already a releasable export (for {}); export from the original run file",
                                 path, in.ReadStringAttribute("/meta", "exported_for")));
  }
  if (!in.Exists("/truth")) throw InputError(fmt::format("'{}' is not a bmdsim run file (no /truth)", path));
  return in;
}

// The nation code as stored in /entities/nations (matched case-insensitively).
std::string ResolveNation(const io::InputFile& in, const std::string& nation) {
  std::vector<std::string> codes;
  if (IsTable(in, "/entities/nations")) codes = in.ReadStringColumn("/entities/nations", "id");
  const auto lower = [](std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  for (const auto& c : codes) {
    if (c == nation) return c;
  }
  std::vector<std::string> matches;
  for (const auto& c : codes) {
    if (lower(c) == lower(nation)) matches.push_back(c);
  }
  if (matches.size() == 1) return matches.front();
  if (codes.empty()) throw InputError(fmt::format("'{}' has no nations (/entities/nations)", in.path().string()));
  throw InputError(fmt::format("unknown nation '{}'; valid codes: {}", nation, fmt::join(codes, ", ")));
}

// Reads who owns what: sensor, node and fire-unit indices of N, N's objects, others' ids.
Ownership ReadOwnership(const io::InputFile& in, const std::string& nation) {
  Ownership own;
  own.nation = nation;
  std::set<std::string> own_ids, foreign;
  const auto scan = [&](const char* table, const char* index_col, std::set<std::int64_t>& out) {
    if (!IsTable(in, table)) return;
    const auto nat = in.ReadStringColumn(table, "nation");
    const auto id = in.ReadStringColumn(table, "id");
    std::vector<std::int64_t> idx(nat.size());
    if (index_col != nullptr) {
      idx = in.ReadInt64Column(table, index_col);
    } else {
      for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = static_cast<std::int64_t>(i);
    }
    if (idx.size() != nat.size() || id.size() != nat.size()) {
      throw InputError(fmt::format("'{}': {} is ragged", in.path().string(), table));
    }
    for (std::size_t i = 0; i < nat.size(); ++i) {
      if (nat[i] == nation) {
        out.insert(idx[i]);
        own_ids.insert(id[i]);
      } else {
        foreign.insert(id[i]);
      }
    }
  };
  scan("/entities/sensors", "sensor_index", own.sensors);
  scan("/entities/nodes", "node_index", own.nodes);
  scan("/outcomes/fire_units", nullptr, own.fire_units);

  // Interceptor -> launching fire unit, where /engagements records it.
  std::map<std::int64_t, std::int64_t> launched_by;
  if (IsTable(in, "/engagements")) {
    const auto iid = in.ReadInt64Column("/engagements", "interceptor_id");
    const auto fu = in.ReadInt64Column("/engagements", "fire_unit");
    for (std::size_t i = 0; i < std::min(iid.size(), fu.size()); ++i) launched_by[iid[i]] = fu[i];
  }
  if (IsTable(in, "/entities/objects")) {
    const auto oid = in.ReadInt64Column("/entities/objects", "object_id");
    const auto kind = in.ReadStringColumn("/entities/objects", "kind");
    const auto nat = in.ReadStringColumn("/entities/objects", "nation");
    const auto threat = in.ReadInt64Column("/entities/objects", "threat_index");
    if (kind.size() != oid.size() || nat.size() != oid.size() || threat.size() != oid.size()) {
      throw InputError(fmt::format("'{}': /entities/objects is ragged", in.path().string()));
    }
    for (std::size_t i = 0; i < oid.size(); ++i) {
      if (kind[i] == "interceptor") {
        const auto it = launched_by.find(oid[i]);
        const bool own_launcher = it == launched_by.end() || own.fire_units.count(it->second) != 0;
        if (nat[i] == nation && own_launcher) own.objects.insert(oid[i]);
      } else if (threat[i] >= 0) {
        own.objects.insert(oid[i]);
      }
    }
  }
  for (const auto& id : foreign) {
    if (!id.empty() && own_ids.count(id) == 0) own.foreign_ids.push_back(id);
  }
  std::stable_sort(own.foreign_ids.begin(), own.foreign_ids.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return own;
}

void CheckOutputPath(const std::string& input, const std::string& output) {
  if (output.empty()) throw InputError("export: an output file is required");
  std::error_code ec;
  const fs::path out(output);
  if (fs::exists(out, ec) && fs::equivalent(out, fs::path(input), ec)) {
    throw InputError(fmt::format("output '{}' is the input file; choose another path", output));
  }
  if (fs::weakly_canonical(out, ec) == fs::weakly_canonical(fs::path(input), ec)) {
    throw InputError(fmt::format("output '{}' is the input file; choose another path", output));
  }
  if (fs::is_directory(out, ec)) throw InputError(fmt::format("output '{}' is a directory", output));
  const fs::path parent = out.parent_path().empty() ? fs::path(".") : out.parent_path();
  if (!fs::is_directory(parent, ec)) {
    throw InputError(fmt::format("output directory '{}' does not exist", parent.string()));
  }
  if (access(parent.c_str(), W_OK) != 0) {
    throw InputError(fmt::format("output directory '{}' is not writable", parent.string()));
  }
}

}  // namespace

std::span<const ExportRule> ExportRules() { return kRules; }
std::span<const std::string_view> ExportAttributeGroups() { return kAttributeGroups; }
std::span<const std::string_view> ExportReleasedAttributes() { return kReleasedAttributes; }

ExportReport ExportRunFile(const std::string& input_path, const std::string& output_path,
                           const std::string& nation, const std::string& command_line) {
  io::QuietHdf5Errors();
  ExportReport report;
  try {
    const io::InputFile in = OpenRunFile(input_path);
    report.nation = ResolveNation(in, nation);
    CheckOutputPath(input_path, output_path);
    const Ownership own = ReadOwnership(in, report.nation);
    report.source_sha256 = FileSha256(input_path);

    io::OutputFile out = io::OutputFile::Create(output_path);
    Context ctx{in, out, own, report};
    io::Group meta = out.Root().CreateGroup("meta");
    {
      io::Group src = io::Group::Open(in.id(), "/meta");
      CopyExtraAttributes(ctx, src.id(), meta.id(), "/meta", {}, true);
    }
    std::set<std::string> handled;
    for (const auto& rule : kRules) {
      const std::string table(rule.path);
      if (!in.Exists(table)) continue;
      handled.insert(table);
      if (!rule.aligned_array.empty() && in.Exists(rule.aligned_array)) handled.insert(std::string(rule.aligned_array));
      if (!IsTable(in, table)) {
        report.dropped.push_back(table + " (not a table)");
        continue;
      }
      std::string why;
      const auto keep = RowMask(ctx, rule, why);
      if (!keep) {
        report.dropped.push_back(fmt::format("{} ({})", table, why));
        if (!rule.aligned_array.empty() && in.Exists(rule.aligned_array)) {
          report.dropped.push_back(std::string(rule.aligned_array));
        }
        continue;
      }
      const bool whole = rule.filter == F::kAll;
      CopyTableWithMask(ctx, table, *keep, whole);
      if (!rule.aligned_array.empty() && in.Exists(rule.aligned_array)) {
        CopyArrayWithMask(ctx, std::string(rule.aligned_array), *keep, whole);
      }
    }
    for (auto group : kAttributeGroups) {
      const std::string g(group);
      if (g == "/meta" || ObjectType(in.id(), g) != H5O_TYPE_GROUP) continue;
      io::Group src = io::Group::Open(in.id(), g);
      io::Group dst = EnsureGroup(out, g);
      CopyExtraAttributes(ctx, src.id(), dst.id(), g, {}, true);
    }
    for (auto released : kReleasedAttributes) {
      const std::string key(released);
      const std::string g = key.substr(0, key.find('@')), name = key.substr(key.find('@') + 1);
      if (ObjectType(in.id(), g) != H5O_TYPE_GROUP || !in.HasAttribute(g, name)) continue;
      io::Group src = io::Group::Open(in.id(), g);
      io::Group dst = EnsureGroup(out, g);
      CopyAttribute(ctx, src.id(), dst.id(), g, name);
    }
    ListDropped(ctx, "/", handled);

    io::WriteStringAttribute(meta.id(), "exported_for", report.nation);
    io::WriteStringAttribute(meta.id(), "export_source_sha256", report.source_sha256);
    io::WriteStringArrayAttribute(meta.id(), "export_dropped", report.dropped);
    io::WriteStringArrayAttribute(meta.id(), "export_redacted", report.redacted);
    std::string cmd = command_line;
    Redact(cmd, own.foreign_ids);
    io::WriteStringAttribute(meta.id(), "export_command_line", cmd);
    io::WriteStringAttribute(meta.id(), "export_program_version", kProgramVersion);
    io::WriteStringAttribute(meta.id(), "export_created_utc", io::UtcNowIso8601());
    meta = io::Group();
    out.Commit();
  } catch (const io::H5Error& e) {
    // A failure on the output file is an internal error (exit 1); any other HDF5 failure
    // comes from reading the input: bad input (exit 2). Nothing was committed either way.
    if (!output_path.empty() && e.path().find(output_path) != std::string::npos) throw;
    throw InputError(fmt::format("cannot read input '{}': {}", input_path, e.what()));
  }
  return report;
}

int ExportCommand(const ExportCommandOptions& opts) {
  const ExportReport r = ExportRunFile(opts.input_path, opts.output_path, opts.nation, opts.command_line);
  if (!opts.quiet) {
    std::printf("export for %s: %s -> %s\n", r.nation.c_str(), opts.input_path.c_str(), opts.output_path.c_str());
    for (const auto& k : r.kept) std::printf("  kept    %-28s %9zu of %9zu rows\n", k.path.c_str(), k.rows_out, k.rows_in);
    for (const auto& d : r.dropped) std::printf("  dropped %s\n", d.c_str());
    for (const auto& d : r.redacted) std::printf("  redacted %s\n", d.c_str());
    std::printf("  source sha256 %s\n", r.source_sha256.c_str());
  }
  return 0;
}

}  // namespace bmd::sim
