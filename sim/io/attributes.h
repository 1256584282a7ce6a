#pragma once
/// Attributes on files, groups and datasets (`object` is any open file, group or
/// dataset id, e.g. Group::id()). Writing an attribute that already exists replaces it.
///
/// Stored types (what h5py returns):
///   string        -> scalar variable-length UTF-8        (str)
///   string array  -> 1-D variable-length UTF-8           (numpy object array of str)
///   int64         -> scalar H5T_STD_I64LE                (numpy.int64)
///   uint64        -> scalar H5T_STD_U64LE                (numpy.uint64)
///   double        -> scalar H5T_IEEE_F64LE               (numpy.float64)
///   double array  -> 1-D H5T_IEEE_F64LE                  (numpy.ndarray float64)
/// Readers throw H5Error if the attribute is missing or of another kind (a string read
/// as a number, a float read as an integer, an out-of-range integer); integer readers
/// accept any integer width and sign, floating readers any floating width.
#include <hdf5.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bmd::io {

void WriteStringAttribute(hid_t object, std::string_view name, std::string_view value);
void WriteStringArrayAttribute(hid_t object, std::string_view name,
                               std::span<const std::string> values);
void WriteInt64Attribute(hid_t object, std::string_view name, std::int64_t value);
void WriteUInt64Attribute(hid_t object, std::string_view name, std::uint64_t value);
void WriteDoubleAttribute(hid_t object, std::string_view name, double value);
void WriteDoubleArrayAttribute(hid_t object, std::string_view name,
                               std::span<const double> values);

bool HasAttribute(hid_t object, std::string_view name);
std::string ReadStringAttribute(hid_t object, std::string_view name);
std::vector<std::string> ReadStringArrayAttribute(hid_t object, std::string_view name);
std::int64_t ReadInt64Attribute(hid_t object, std::string_view name);
std::uint64_t ReadUInt64Attribute(hid_t object, std::string_view name);
double ReadDoubleAttribute(hid_t object, std::string_view name);
std::vector<double> ReadDoubleArrayAttribute(hid_t object, std::string_view name);

}  // namespace bmd::io
