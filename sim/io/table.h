#pragma once
/// Columnar tables: a table is a group of equal-length 1-D datasets, one per column.
///
/// Layout (docs/hdf5-schema.md, "Tables"):
///   <table>/                 group; attrs kind="table", description, columns (ordered
///                            names, string array), rows (int64)
///   <table>/<column>         1-D dataset of `rows` elements; attrs units, description
/// pandas loads a table in one line:
///   pd.DataFrame({k: t[k][:] for k in t.attrs['columns']})
///
/// WriteTable writes a whole table from memory; TableWriter (table_writer.h) appends
/// rows in chunks. Both store numeric columns chunked and deflate-compressed.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/io/group.h"
#include "sim/io/h5_types.h"

namespace bmd::io {

/// Name, type and documentation of one column. `units` follows docs/hdf5-schema.md:
/// SI symbols ("s", "m", "m/s", "rad", "kg"), "1" for dimensionless numbers, "" for
/// ids, names, flags and enumeration codes.
struct ColumnSpec {
  std::string name;
  ColumnType type = ColumnType::kFloat64;
  std::string units;
  std::string description;
};

/// The values of one column. kBool and kUInt8 both use std::vector<std::uint8_t>
/// (bool values must be 0 or 1).
using ColumnValues = std::variant<std::vector<double>, std::vector<std::int64_t>,
                                  std::vector<std::int32_t>, std::vector<std::uint8_t>,
                                  std::vector<std::string>>;

struct Column {
  ColumnSpec spec;
  ColumnValues values;

  std::size_t size() const;

  static Column Float64(std::string name, std::vector<double> values, std::string units,
                        std::string description);
  static Column Int64(std::string name, std::vector<std::int64_t> values, std::string units,
                      std::string description);
  static Column Int32(std::string name, std::vector<std::int32_t> values, std::string units,
                      std::string description);
  static Column UInt8(std::string name, std::vector<std::uint8_t> values, std::string units,
                      std::string description);
  static Column Bool(std::string name, const std::vector<bool>& values, std::string description);
  static Column String(std::string name, std::vector<std::string> values, std::string description);
};

/// Rows per chunk of table columns (4096 rows = 32 KiB of float64).
inline constexpr std::size_t kDefaultChunkRows = 4096;

/// Writes table `name` under `parent` in one go. Throws H5Error if the columns are
/// empty, of unequal length, have duplicate/invalid names, mismatched value types, or
/// the table exists.
void WriteTable(const Group& parent, std::string_view name, std::string_view description,
                std::span<const Column> columns);

// --- building blocks shared by WriteTable and TableWriter -----------------------------

/// Checks names (non-empty, no '/', unique) and that there is at least one column.
void ValidateColumnSpecs(std::string_view table_path, std::span<const ColumnSpec> specs);

/// Creates the table group with kind, description, columns and rows = 0.
Group CreateTableGroup(const Group& parent, std::string_view name, std::string_view description,
                       std::span<const ColumnSpec> specs);

/// Creates a column dataset of `rows` rows (extendible without limit when `extendible`),
/// chunked by `chunk_rows` and compressed (shuffle + deflate 1) when chunked, with its
/// units and description attributes. A non-extendible table of 0 rows is contiguous.
DatasetHandle CreateColumnDataset(const Group& table, const ColumnSpec& spec, std::size_t rows,
                                  bool extendible, std::size_t chunk_rows);

}  // namespace bmd::io
