#include "sim/io/table.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "sim/io/attributes.h"
#include "sim/io/h5_error.h"

namespace bmd::io {

namespace {

constexpr unsigned kDeflateLevel = 1;

// The variant alternative index each column type must use.
std::size_t ExpectedAlternative(ColumnType type) {
  switch (type) {
    case ColumnType::kFloat64: return 0;
    case ColumnType::kInt64: return 1;
    case ColumnType::kInt32: return 2;
    case ColumnType::kUInt8:
    case ColumnType::kBool: return 3;
    case ColumnType::kString: return 4;
  }
  return 99;
}

}  // namespace

std::size_t Column::size() const {
  return std::visit([](const auto& v) { return v.size(); }, values);
}

Column Column::Float64(std::string name, std::vector<double> values, std::string units,
                       std::string description) {
  return {{std::move(name), ColumnType::kFloat64, std::move(units), std::move(description)},
          std::move(values)};
}
Column Column::Int64(std::string name, std::vector<std::int64_t> values, std::string units,
                     std::string description) {
  return {{std::move(name), ColumnType::kInt64, std::move(units), std::move(description)},
          std::move(values)};
}
Column Column::Int32(std::string name, std::vector<std::int32_t> values, std::string units,
                     std::string description) {
  return {{std::move(name), ColumnType::kInt32, std::move(units), std::move(description)},
          std::move(values)};
}
Column Column::UInt8(std::string name, std::vector<std::uint8_t> values, std::string units,
                     std::string description) {
  return {{std::move(name), ColumnType::kUInt8, std::move(units), std::move(description)},
          std::move(values)};
}
Column Column::Bool(std::string name, const std::vector<bool>& values, std::string description) {
  std::vector<std::uint8_t> bytes(values.begin(), values.end());
  return {{std::move(name), ColumnType::kBool, "", std::move(description)}, std::move(bytes)};
}
Column Column::String(std::string name, std::vector<std::string> values, std::string description) {
  return {{std::move(name), ColumnType::kString, "", std::move(description)}, std::move(values)};
}

void ValidateColumnSpecs(std::string_view table_path, std::span<const ColumnSpec> specs) {
  if (specs.empty()) throw H5Error("create table", std::string(table_path), "a table needs at least one column");
  std::set<std::string_view> seen;
  for (const ColumnSpec& spec : specs) {
    if (spec.name.empty() || spec.name.find('/') != std::string::npos || spec.name == "." ) {
      throw H5Error("create table", std::string(table_path),
                    fmt::format("invalid column name '{}'", spec.name));
    }
    if (!seen.insert(spec.name).second) {
      throw H5Error("create table", std::string(table_path),
                    fmt::format("duplicate column name '{}'", spec.name));
    }
  }
}

Group CreateTableGroup(const Group& parent, std::string_view name, std::string_view description,
                       std::span<const ColumnSpec> specs) {
  ValidateColumnSpecs(parent.ChildPath(name), specs);
  Group table = parent.CreateGroup(name);
  std::vector<std::string> names;
  names.reserve(specs.size());
  for (const ColumnSpec& spec : specs) names.push_back(spec.name);
  WriteStringAttribute(table.id(), "kind", "table");
  WriteStringAttribute(table.id(), "description", description);
  WriteStringArrayAttribute(table.id(), "columns", names);
  WriteInt64Attribute(table.id(), "rows", 0);
  return table;
}

DatasetHandle CreateColumnDataset(const Group& table, const ColumnSpec& spec, std::size_t rows,
                                  bool extendible, std::size_t chunk_rows) {
  QuietHdf5Errors();
  const std::string where = table.ChildPath(spec.name);
  const hsize_t dims[1] = {static_cast<hsize_t>(rows)};
  const hsize_t max_dims[1] = {extendible ? H5S_UNLIMITED : static_cast<hsize_t>(rows)};
  DataspaceHandle space(CheckId(H5Screate_simple(1, dims, max_dims), "create dataspace", where));
  PropListHandle dcpl(CheckId(H5Pcreate(H5P_DATASET_CREATE), "create property list", where));
  const bool chunked = extendible || rows > 0;
  if (chunked) {
    const hsize_t chunk[1] = {static_cast<hsize_t>(
        std::max<std::size_t>(1, extendible ? chunk_rows : std::min(rows, chunk_rows)))};
    CheckStatus(H5Pset_chunk(dcpl.id(), 1, chunk), "set chunking", where);
    if (spec.type != ColumnType::kString) {
      CheckStatus(H5Pset_shuffle(dcpl.id()), "set shuffle filter", where);
    }
    CheckStatus(H5Pset_deflate(dcpl.id(), kDeflateLevel), "set deflate filter", where);
  }
  DatatypeHandle owned;
  const hid_t type = ColumnDatatype(spec.type, owned);
  PropListHandle lcpl(CheckId(H5Pcreate(H5P_LINK_CREATE), "create property list", where));
  CheckStatus(H5Pset_char_encoding(lcpl.id(), H5T_CSET_UTF8), "set link encoding", where);
  DatasetHandle dataset(CheckId(H5Dcreate2(table.id(), spec.name.c_str(), type, space.id(), lcpl.id(),
                                           dcpl.id(), H5P_DEFAULT),
                                "create column", where));
  WriteStringAttribute(dataset.id(), "units", spec.units);
  WriteStringAttribute(dataset.id(), "description", spec.description);
  return dataset;
}

void WriteTable(const Group& parent, std::string_view name, std::string_view description,
                std::span<const Column> columns) {
  QuietHdf5Errors();
  const std::string table_path = parent.ChildPath(name);
  std::vector<ColumnSpec> specs;
  specs.reserve(columns.size());
  for (const Column& c : columns) specs.push_back(c.spec);
  ValidateColumnSpecs(table_path, specs);
  const std::size_t rows = columns.front().size();
  for (const Column& c : columns) {
    if (c.values.index() != ExpectedAlternative(c.spec.type)) {
      throw H5Error("write table", table_path,
                    fmt::format("column '{}' of type {} holds values of another type", c.spec.name,
                                ColumnTypeName(c.spec.type)));
    }
    if (c.size() != rows) {
      throw H5Error("write table", table_path,
                    fmt::format("column '{}' has {} rows, column '{}' has {}", c.spec.name, c.size(),
                                columns.front().spec.name, rows));
    }
    if (c.spec.type == ColumnType::kBool) {
      const auto& v = std::get<std::vector<std::uint8_t>>(c.values);
      if (std::any_of(v.begin(), v.end(), [](std::uint8_t b) { return b > 1; })) {
        throw H5Error("write table", table_path, fmt::format("bool column '{}' holds a value other than 0/1", c.spec.name));
      }
    }
  }

  Group table = CreateTableGroup(parent, name, description, specs);
  for (const Column& c : columns) {
    DatasetHandle dataset = CreateColumnDataset(table, c.spec, rows, /*extendible=*/false, kDefaultChunkRows);
    if (rows == 0) continue;
    const std::string where = fmt::format("{}/{}", table_path, c.spec.name);
    DatatypeHandle owned;
    const hid_t mem_type = ColumnDatatype(c.spec.type, owned);
    herr_t status = 0;
    if (c.spec.type == ColumnType::kString) {
      const auto& v = std::get<std::vector<std::string>>(c.values);
      std::vector<const char*> ptrs;
      ptrs.reserve(v.size());
      for (const std::string& s : v) ptrs.push_back(s.c_str());
      status = H5Dwrite(dataset.id(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data());
    } else {
      const void* data = std::visit([](const auto& v) -> const void* { return v.data(); }, c.values);
      status = H5Dwrite(dataset.id(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
    }
    CheckStatus(status, "write column", where);
  }
  WriteInt64Attribute(table.id(), "rows", static_cast<std::int64_t>(rows));
}

}  // namespace bmd::io
