#include "sim/io/attributes.h"

#include <fmt/format.h>

#include <cstdint>

#include "sim/io/h5_error.h"
#include "sim/io/h5_handle.h"
#include "sim/io/h5_types.h"

namespace bmd::io {

namespace {

std::string Where(hid_t object, std::string_view name) {
  return fmt::format("{}@{}", DescribeObject(object), name);
}

// Creates (replacing any existing) attribute `name` of `type` over `space`.
AttributeHandle CreateFresh(hid_t object, std::string_view name, hid_t type, hid_t space) {
  QuietHdf5Errors();
  const std::string key(name);
  const htri_t exists = H5Aexists(object, key.c_str());
  if (exists < 0) ThrowH5Error("check attribute", Where(object, name));
  if (exists > 0) CheckStatus(H5Adelete(object, key.c_str()), "delete attribute", Where(object, name));
  return AttributeHandle(CheckId(H5Acreate2(object, key.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT),
                                 "create attribute", Where(object, name)));
}

DataspaceHandle ScalarSpace() {
  return DataspaceHandle(CheckId(H5Screate(H5S_SCALAR), "create dataspace", "-"));
}

DataspaceHandle VectorSpace(std::size_t n) {
  const hsize_t dims[1] = {static_cast<hsize_t>(n)};
  return DataspaceHandle(CheckId(H5Screate_simple(1, dims, nullptr), "create dataspace", "-"));
}

void WriteScalar(hid_t object, std::string_view name, hid_t file_type, hid_t mem_type,
                 const void* value) {
  DataspaceHandle space = ScalarSpace();
  AttributeHandle attr = CreateFresh(object, name, file_type, space.id());
  CheckStatus(H5Awrite(attr.id(), mem_type, value), "write attribute", Where(object, name));
}

AttributeHandle OpenAttribute(hid_t object, std::string_view name) {
  QuietHdf5Errors();
  const std::string key(name);
  const htri_t exists = H5Aexists(object, key.c_str());
  if (exists < 0) ThrowH5Error("check attribute", Where(object, name));
  if (exists == 0) throw H5Error("read attribute", Where(object, name), "no such attribute");
  return AttributeHandle(CheckId(H5Aopen(object, key.c_str(), H5P_DEFAULT), "open attribute",
                                 Where(object, name)));
}

H5T_class_t AttributeClass(hid_t attr, hid_t object, std::string_view name) {
  DatatypeHandle type(CheckId(H5Aget_type(attr), "get attribute type", Where(object, name)));
  return H5Tget_class(type.id());
}

hssize_t ElementCount(hid_t attr, hid_t object, std::string_view name) {
  DataspaceHandle space(CheckId(H5Aget_space(attr), "get attribute space", Where(object, name)));
  const hssize_t n = H5Sget_simple_extent_npoints(space.id());
  if (n < 0) ThrowH5Error("get attribute size", Where(object, name));
  return n;
}

// Reads `count` strings of a string attribute, variable- or fixed-length.
std::vector<std::string> ReadStrings(hid_t object, std::string_view name, bool want_scalar) {
  AttributeHandle attr = OpenAttribute(object, name);
  DatatypeHandle type(CheckId(H5Aget_type(attr.id()), "get attribute type", Where(object, name)));
  if (H5Tget_class(type.id()) != H5T_STRING) {
    throw H5Error("read attribute", Where(object, name), "attribute is not a string");
  }
  const auto n = static_cast<std::size_t>(ElementCount(attr.id(), object, name));
  if (want_scalar && n != 1) {
    throw H5Error("read attribute", Where(object, name), fmt::format("expected one string, found {}", n));
  }
  std::vector<std::string> out;
  out.reserve(n);
  const htri_t is_variable = H5Tis_variable_str(type.id());
  if (is_variable < 0) ThrowH5Error("inspect string type", Where(object, name));
  if (is_variable > 0) {
    DatatypeHandle mem = MakeStringType();
    if (n == 0) return out;
    std::vector<char*> buffer(n, nullptr);
    CheckStatus(H5Aread(attr.id(), mem.id(), buffer.data()), "read attribute", Where(object, name));
    for (char* s : buffer) out.emplace_back(s != nullptr ? s : "");
    DataspaceHandle space(CheckId(H5Aget_space(attr.id()), "get attribute space", Where(object, name)));
    H5Dvlen_reclaim(mem.id(), space.id(), H5P_DEFAULT, buffer.data());
  } else {
    const std::size_t size = H5Tget_size(type.id());
    std::vector<char> buffer(n * size + 1, '\0');
    CheckStatus(H5Aread(attr.id(), type.id(), buffer.data()), "read attribute", Where(object, name));
    for (std::size_t i = 0; i < n; ++i) {
      const char* p = buffer.data() + i * size;
      std::size_t len = 0;
      while (len < size && p[len] != '\0') ++len;
      out.emplace_back(p, len);
    }
  }
  return out;
}

template <typename T>
std::vector<T> ReadNumbers(hid_t object, std::string_view name, hid_t mem_type, H5T_class_t want) {
  AttributeHandle attr = OpenAttribute(object, name);
  const H5T_class_t cls = AttributeClass(attr.id(), object, name);
  if (cls != want) {
    throw H5Error("read attribute", Where(object, name),
                  want == H5T_INTEGER ? "attribute is not an integer" : "attribute is not floating point");
  }
  std::vector<T> out(static_cast<std::size_t>(ElementCount(attr.id(), object, name)));
  if (out.empty()) return out;
  CheckStatus(H5Aread(attr.id(), mem_type, out.data()), "read attribute", Where(object, name));
  return out;
}

template <typename T>
T ReadOne(hid_t object, std::string_view name, hid_t mem_type, H5T_class_t want) {
  std::vector<T> v = ReadNumbers<T>(object, name, mem_type, want);
  if (v.size() != 1) {
    throw H5Error("read attribute", Where(object, name), fmt::format("expected one value, found {}", v.size()));
  }
  return v[0];
}

// Sign of a stored integer attribute (H5T_SGN_ERROR for non-integers).
H5T_sign_t StoredSign(hid_t object, std::string_view name) {
  AttributeHandle attr = OpenAttribute(object, name);
  DatatypeHandle type(CheckId(H5Aget_type(attr.id()), "get attribute type", Where(object, name)));
  if (H5Tget_class(type.id()) != H5T_INTEGER) return H5T_SGN_ERROR;
  return H5Tget_sign(type.id());
}

}  // namespace

void WriteStringAttribute(hid_t object, std::string_view name, std::string_view value) {
  DatatypeHandle type = MakeStringType();
  const std::string copy(value);
  const char* ptr = copy.c_str();
  WriteScalar(object, name, type.id(), type.id(), &ptr);
}

void WriteStringArrayAttribute(hid_t object, std::string_view name,
                               std::span<const std::string> values) {
  DatatypeHandle type = MakeStringType();
  DataspaceHandle space = VectorSpace(values.size());
  AttributeHandle attr = CreateFresh(object, name, type.id(), space.id());
  std::vector<const char*> ptrs;
  ptrs.reserve(values.size());
  for (const std::string& s : values) ptrs.push_back(s.c_str());
  if (ptrs.empty()) return;  // a 0-element attribute holds no data (HDF5 rejects a null buffer)
  CheckStatus(H5Awrite(attr.id(), type.id(), ptrs.data()), "write attribute", Where(object, name));
}

void WriteInt64Attribute(hid_t object, std::string_view name, std::int64_t value) {
  WriteScalar(object, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &value);
}

void WriteUInt64Attribute(hid_t object, std::string_view name, std::uint64_t value) {
  WriteScalar(object, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, &value);
}

void WriteDoubleAttribute(hid_t object, std::string_view name, double value) {
  WriteScalar(object, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
}

void WriteDoubleArrayAttribute(hid_t object, std::string_view name, std::span<const double> values) {
  DataspaceHandle space = VectorSpace(values.size());
  AttributeHandle attr = CreateFresh(object, name, H5T_IEEE_F64LE, space.id());
  if (values.empty()) return;  // a 0-element attribute holds no data (HDF5 rejects a null buffer)
  CheckStatus(H5Awrite(attr.id(), H5T_NATIVE_DOUBLE, values.data()), "write attribute",
              Where(object, name));
}

bool HasAttribute(hid_t object, std::string_view name) {
  QuietHdf5Errors();
  const std::string key(name);
  const htri_t exists = H5Aexists(object, key.c_str());
  if (exists < 0) ThrowH5Error("check attribute", Where(object, name));
  return exists > 0;
}

std::string ReadStringAttribute(hid_t object, std::string_view name) {
  return ReadStrings(object, name, /*want_scalar=*/true).front();
}

std::vector<std::string> ReadStringArrayAttribute(hid_t object, std::string_view name) {
  return ReadStrings(object, name, /*want_scalar=*/false);
}

// HDF5 clips out-of-range integers silently on conversion: read into a type that holds
// every value of the stored one and range-check here instead.
std::int64_t ReadInt64Attribute(hid_t object, std::string_view name) {
  if (StoredSign(object, name) == H5T_SGN_NONE) {
    const std::uint64_t v = ReadOne<std::uint64_t>(object, name, H5T_NATIVE_UINT64, H5T_INTEGER);
    if (v > static_cast<std::uint64_t>(INT64_MAX)) {
      throw H5Error("read attribute", Where(object, name), fmt::format("{} does not fit int64", v));
    }
    return static_cast<std::int64_t>(v);
  }
  return ReadOne<std::int64_t>(object, name, H5T_NATIVE_INT64, H5T_INTEGER);
}

std::uint64_t ReadUInt64Attribute(hid_t object, std::string_view name) {
  if (StoredSign(object, name) == H5T_SGN_2) {
    const std::int64_t v = ReadOne<std::int64_t>(object, name, H5T_NATIVE_INT64, H5T_INTEGER);
    if (v < 0) {
      throw H5Error("read attribute", Where(object, name), fmt::format("{} does not fit uint64", v));
    }
    return static_cast<std::uint64_t>(v);
  }
  return ReadOne<std::uint64_t>(object, name, H5T_NATIVE_UINT64, H5T_INTEGER);
}

double ReadDoubleAttribute(hid_t object, std::string_view name) {
  return ReadOne<double>(object, name, H5T_NATIVE_DOUBLE, H5T_FLOAT);
}

std::vector<double> ReadDoubleArrayAttribute(hid_t object, std::string_view name) {
  return ReadNumbers<double>(object, name, H5T_NATIVE_DOUBLE, H5T_FLOAT);
}

}  // namespace bmd::io
