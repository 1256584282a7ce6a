#include "sim/io/h5_types.h"

#include "sim/io/h5_error.h"

namespace bmd::io {

std::string_view ColumnTypeName(ColumnType type) {
  switch (type) {
    case ColumnType::kFloat64: return "float64";
    case ColumnType::kInt64: return "int64";
    case ColumnType::kInt32: return "int32";
    case ColumnType::kUInt8: return "uint8";
    case ColumnType::kBool: return "bool";
    case ColumnType::kString: return "string";
  }
  return "?";
}

DatatypeHandle MakeStringType() {
  QuietHdf5Errors();
  DatatypeHandle type(CheckId(H5Tcopy(H5T_C_S1), "create string type", "-"));
  CheckStatus(H5Tset_size(type.id(), H5T_VARIABLE), "set string size", "-");
  CheckStatus(H5Tset_cset(type.id(), H5T_CSET_UTF8), "set string charset", "-");
  return type;
}

DatatypeHandle MakeBoolType() {
  QuietHdf5Errors();
  DatatypeHandle type(CheckId(H5Tenum_create(H5T_NATIVE_INT8), "create bool type", "-"));
  const std::int8_t false_value = 0;
  const std::int8_t true_value = 1;
  CheckStatus(H5Tenum_insert(type.id(), "FALSE", &false_value), "define bool type", "-");
  CheckStatus(H5Tenum_insert(type.id(), "TRUE", &true_value), "define bool type", "-");
  return type;
}

hid_t ColumnDatatype(ColumnType type, DatatypeHandle& owned) {
  switch (type) {
    case ColumnType::kFloat64: return H5T_NATIVE_DOUBLE;
    case ColumnType::kInt64: return H5T_NATIVE_INT64;
    case ColumnType::kInt32: return H5T_NATIVE_INT32;
    case ColumnType::kUInt8: return H5T_NATIVE_UINT8;
    case ColumnType::kBool: owned = MakeBoolType(); return owned.id();
    case ColumnType::kString: owned = MakeStringType(); return owned.id();
  }
  throw H5Error("choose column type", "-", "unknown column type");
}

}  // namespace bmd::io
