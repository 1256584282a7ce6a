#include "sim/io/input_file.h"

#include <fmt/format.h>

#include "sim/io/attributes.h"
#include "sim/io/h5_error.h"
#include "sim/io/h5_types.h"
#include "sim/io/provenance.h"

namespace bmd::io {

namespace {

// Human-readable stored type, in the vocabulary of ColumnTypeName.
std::string DescribeType(hid_t type) {
  const std::size_t size = H5Tget_size(type);
  switch (H5Tget_class(type)) {
    case H5T_FLOAT: return fmt::format("float{}", 8 * size);
    case H5T_INTEGER:
      return fmt::format("{}int{}", H5Tget_sign(type) == H5T_SGN_NONE ? "u" : "", 8 * size);
    case H5T_ENUM: return size == 1 ? "bool (enum)" : "enum";
    case H5T_STRING: return "string";
    case H5T_COMPOUND: return "compound";
    default: return "another HDF5 type";
  }
}

struct Stored {
  DatatypeHandle type;
  H5T_class_t cls = H5T_NO_CLASS;
  std::vector<hsize_t> dims;
  std::size_t count = 0;
};

Stored Inspect(hid_t dataset, const std::string& where) {
  Stored s;
  s.type = DatatypeHandle(CheckId(H5Dget_type(dataset), "get dataset type", where));
  s.cls = H5Tget_class(s.type.id());
  DataspaceHandle space(CheckId(H5Dget_space(dataset), "get dataset space", where));
  const int rank = H5Sget_simple_extent_ndims(space.id());
  if (rank < 0) ThrowH5Error("get dataset rank", where);
  s.dims.resize(static_cast<std::size_t>(rank));
  if (rank > 0) H5Sget_simple_extent_dims(space.id(), s.dims.data(), nullptr);
  s.count = 1;
  for (hsize_t d : s.dims) s.count *= static_cast<std::size_t>(d);
  return s;
}

template <typename T>
std::vector<T> ReadAll(hid_t dataset, hid_t mem_type, std::size_t count, const std::string& where) {
  std::vector<T> out(count);
  if (count > 0) {
    CheckStatus(H5Dread(dataset, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), "read dataset", where);
  }
  return out;
}

// Reads 1-byte enum (bool) values with the stored type, widened to int64.
std::vector<std::int64_t> ReadEnum8(hid_t dataset, const Stored& s, const std::string& where) {
  if (H5Tget_size(s.type.id()) != 1) {
    throw H5Error("read dataset", where, fmt::format("cannot read a {} column as integers", DescribeType(s.type.id())));
  }
  const std::vector<std::int8_t> raw = ReadAll<std::int8_t>(dataset, s.type.id(), s.count, where);
  return std::vector<std::int64_t>(raw.begin(), raw.end());
}

std::vector<std::string> ReadStrings(hid_t dataset, const Stored& s, const std::string& where) {
  if (s.cls != H5T_STRING) {
    throw H5Error("read dataset", where, fmt::format("stored type is {}, not string", DescribeType(s.type.id())));
  }
  std::vector<std::string> out;
  out.reserve(s.count);
  const htri_t is_variable = H5Tis_variable_str(s.type.id());
  if (is_variable < 0) ThrowH5Error("inspect string type", where);
  if (is_variable > 0) {
    DatatypeHandle mem = MakeStringType();
    std::vector<char*> buffer(s.count, nullptr);
    if (s.count > 0) {
      CheckStatus(H5Dread(dataset, mem.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()), "read dataset", where);
    }
    for (char* p : buffer) out.emplace_back(p != nullptr ? p : "");
    DataspaceHandle space(CheckId(H5Dget_space(dataset), "get dataset space", where));
    if (s.count > 0) H5Dvlen_reclaim(mem.id(), space.id(), H5P_DEFAULT, buffer.data());
  } else {
    const std::size_t size = H5Tget_size(s.type.id());
    std::vector<char> buffer(s.count * size + 1, '\0');
    if (s.count > 0) {
      CheckStatus(H5Dread(dataset, s.type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()), "read dataset", where);
    }
    for (std::size_t i = 0; i < s.count; ++i) {
      const char* p = buffer.data() + i * size;
      std::size_t len = 0;
      while (len < size && p[len] != '\0') ++len;
      out.emplace_back(p, len);
    }
  }
  return out;
}

std::vector<double> ReadDoubles(hid_t dataset, const Stored& s, const std::string& where) {
  if (s.cls != H5T_FLOAT && s.cls != H5T_INTEGER) {
    throw H5Error("read dataset", where, fmt::format("cannot read a {} dataset as float64", DescribeType(s.type.id())));
  }
  return ReadAll<double>(dataset, H5T_NATIVE_DOUBLE, s.count, where);
}

std::vector<std::int64_t> ReadInt64s(hid_t dataset, const Stored& s, const std::string& where) {
  if (s.cls == H5T_ENUM) return ReadEnum8(dataset, s, where);
  if (s.cls != H5T_INTEGER) {
    throw H5Error("read dataset", where, fmt::format("cannot read a {} dataset as int64", DescribeType(s.type.id())));
  }
  return ReadAll<std::int64_t>(dataset, H5T_NATIVE_INT64, s.count, where);
}

}  // namespace

InputFile::InputFile(FileHandle file, std::filesystem::path path, std::int64_t schema_version)
    : file_(std::move(file)), path_(std::move(path)), schema_version_(schema_version) {}

InputFile InputFile::Open(const std::filesystem::path& path, FileCheck check) {
  QuietHdf5Errors();
  const std::string where = path.string();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw H5Error("open file", where, "no such file");
  if (!std::filesystem::is_regular_file(path, ec)) throw H5Error("open file", where, "not a regular file");
  const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
  if (is_hdf5 <= 0) {
    H5Eclear2(H5E_DEFAULT);
    throw H5Error("open file", where, "not an HDF5 file");
  }
  const std::optional<std::int64_t> version = BmdSchemaVersion(path);
  if (check == FileCheck::kRequireBmd && !version) {
    throw H5Error("open file", where, "not a BMD simulator file (no /meta with schema_version)");
  }
  FileHandle file(CheckId(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open file", where));
  return InputFile(std::move(file), path, version.value_or(-1));
}

Group InputFile::Root() const { return Group::Open(file_.id(), "/"); }

bool InputFile::Exists(std::string_view object_path) const { return LinkExists(file_.id(), object_path); }

ObjectHandle InputFile::OpenObject(std::string_view object_path) const {
  QuietHdf5Errors();
  const std::string p(object_path);
  const std::string where = fmt::format("{}:{}", path_.string(), p);
  if (!LinkExists(file_.id(), p)) throw H5Error("open object", where, "no such object");
  return ObjectHandle(CheckId(H5Oopen(file_.id(), p.c_str(), H5P_DEFAULT), "open object", where));
}

DatasetHandle InputFile::OpenDataset(std::string_view path) const {
  QuietHdf5Errors();
  const std::string p(path);
  const std::string where = fmt::format("{}:{}", path_.string(), p);
  if (!LinkExists(file_.id(), p)) throw H5Error("open dataset", where, "no such dataset");
  return DatasetHandle(CheckId(H5Dopen2(file_.id(), p.c_str(), H5P_DEFAULT), "open dataset", where));
}

std::vector<std::string> InputFile::TableColumns(std::string_view table) const {
  const std::string where = fmt::format("{}:{}", path_.string(), table);
  ObjectHandle object = OpenObject(table);
  if (!io::HasAttribute(object.id(), "kind") || io::ReadStringAttribute(object.id(), "kind") != "table") {
    throw H5Error("read table", where, "not a table (no kind=\"table\" attribute)");
  }
  return io::ReadStringArrayAttribute(object.id(), "columns");
}

std::size_t InputFile::TableRows(std::string_view table) const {
  TableColumns(table);  // checks it is a table
  ObjectHandle object = OpenObject(table);
  return static_cast<std::size_t>(io::ReadInt64Attribute(object.id(), "rows"));
}

DatasetHandle InputFile::OpenColumn(std::string_view table, std::string_view column, std::string& where) const {
  where = fmt::format("{}:{}/{}", path_.string(), table, column);
  const std::vector<std::string> columns = TableColumns(table);
  bool listed = false;
  std::string available;
  for (const std::string& c : columns) {
    listed = listed || c == column;
    available += available.empty() ? c : ", " + c;
  }
  if (!listed) {
    throw H5Error("read column", where,
                  fmt::format("table '{}' has no column '{}' (columns: {})", table, column, available));
  }
  return OpenDataset(fmt::format("{}/{}", table, column));
}

std::vector<double> InputFile::ReadDoubleColumn(std::string_view table, std::string_view column) const {
  std::string where;
  DatasetHandle d = OpenColumn(table, column, where);
  return ReadDoubles(d.id(), Inspect(d.id(), where), where);
}

std::vector<std::int64_t> InputFile::ReadInt64Column(std::string_view table, std::string_view column) const {
  std::string where;
  DatasetHandle d = OpenColumn(table, column, where);
  return ReadInt64s(d.id(), Inspect(d.id(), where), where);
}

std::vector<bool> InputFile::ReadBoolColumn(std::string_view table, std::string_view column) const {
  std::string where;
  DatasetHandle d = OpenColumn(table, column, where);
  const std::vector<std::int64_t> v = ReadInt64s(d.id(), Inspect(d.id(), where), where);
  std::vector<bool> out(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) out[i] = v[i] != 0;
  return out;
}

std::vector<std::string> InputFile::ReadStringColumn(std::string_view table, std::string_view column) const {
  std::string where;
  DatasetHandle d = OpenColumn(table, column, where);
  return ReadStrings(d.id(), Inspect(d.id(), where), where);
}

ArrayData<double> InputFile::ReadDoubleArray(std::string_view dataset) const {
  const std::string where = fmt::format("{}:{}", path_.string(), dataset);
  DatasetHandle d = OpenDataset(dataset);
  Stored s = Inspect(d.id(), where);
  return {s.dims, ReadDoubles(d.id(), s, where)};
}

ArrayData<std::int64_t> InputFile::ReadInt64Array(std::string_view dataset) const {
  const std::string where = fmt::format("{}:{}", path_.string(), dataset);
  DatasetHandle d = OpenDataset(dataset);
  Stored s = Inspect(d.id(), where);
  return {s.dims, ReadInt64s(d.id(), s, where)};
}

std::string InputFile::ReadText(std::string_view dataset) const {
  const std::string where = fmt::format("{}:{}", path_.string(), dataset);
  DatasetHandle d = OpenDataset(dataset);
  const Stored s = Inspect(d.id(), where);
  if (!s.dims.empty()) throw H5Error("read text", where, "not a scalar dataset");
  return ReadStrings(d.id(), s, where).front();
}

bool InputFile::HasAttribute(std::string_view object_path, std::string_view name) const {
  return io::HasAttribute(OpenObject(object_path).id(), name);
}
std::string InputFile::ReadStringAttribute(std::string_view object_path, std::string_view name) const {
  return io::ReadStringAttribute(OpenObject(object_path).id(), name);
}
std::vector<std::string> InputFile::ReadStringArrayAttribute(std::string_view object_path,
                                                             std::string_view name) const {
  return io::ReadStringArrayAttribute(OpenObject(object_path).id(), name);
}
std::int64_t InputFile::ReadInt64Attribute(std::string_view object_path, std::string_view name) const {
  return io::ReadInt64Attribute(OpenObject(object_path).id(), name);
}
std::uint64_t InputFile::ReadUInt64Attribute(std::string_view object_path, std::string_view name) const {
  return io::ReadUInt64Attribute(OpenObject(object_path).id(), name);
}
double InputFile::ReadDoubleAttribute(std::string_view object_path, std::string_view name) const {
  return io::ReadDoubleAttribute(OpenObject(object_path).id(), name);
}
std::vector<double> InputFile::ReadDoubleArrayAttribute(std::string_view object_path,
                                                        std::string_view name) const {
  return io::ReadDoubleArrayAttribute(OpenObject(object_path).id(), name);
}

}  // namespace bmd::io
