#pragma once
/// HDF5 datatypes used in our files and the column type enumeration of tables.
///
/// Conventions (see docs/hdf5-schema.md):
/// - strings: variable-length, UTF-8 (h5py reads such attributes as `str`; string
///   datasets as `bytes` unless read through `.asstr()`);
/// - bool: an 8-bit enum {FALSE = 0, TRUE = 1}, the type h5py itself writes for numpy
///   bool, so h5py/pandas read it back as `bool`;
/// - numbers: little-endian IEEE float64, two's-complement int64/int32, uint8.
#include <hdf5.h>

#include <cstdint>
#include <string_view>

#include "sim/io/h5_handle.h"

namespace bmd::io {

enum class ColumnType : std::uint8_t { kFloat64, kInt64, kInt32, kUInt8, kBool, kString };

/// Stable lowercase name ("float64", "int64", "int32", "uint8", "bool", "string").
std::string_view ColumnTypeName(ColumnType type);

/// A new variable-length UTF-8 string datatype (caller owns it).
DatatypeHandle MakeStringType();
/// A new 8-bit enum datatype {FALSE=0, TRUE=1}, h5py's bool (caller owns it).
DatatypeHandle MakeBoolType();

/// The datatype used both in memory and in the file for a column type. For numeric
/// types it is a predefined native type (not owned: `owned` stays empty); for bool and
/// string it is created and kept alive by `owned`.
hid_t ColumnDatatype(ColumnType type, DatatypeHandle& owned);

}  // namespace bmd::io
