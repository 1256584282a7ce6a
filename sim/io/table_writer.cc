#include "sim/io/table_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "sim/io/attributes.h"
#include "sim/io/h5_error.h"

namespace bmd::io {

TableWriter::TableWriter(const Group& parent, std::string_view name, std::string_view description,
                         std::vector<ColumnSpec> columns, std::size_t chunk_rows)
    : path_(parent.ChildPath(name)),
      chunk_rows_(std::max<std::size_t>(1, chunk_rows)) {
  QuietHdf5Errors();
  group_ = CreateTableGroup(parent, name, description, columns);
  columns_.resize(columns.size());
  for (std::size_t i = 0; i < columns.size(); ++i) {
    ColumnBuffer& c = columns_[i];
    c.spec = std::move(columns[i]);
    c.dataset = CreateColumnDataset(group_, c.spec, 0, /*extendible=*/true, chunk_rows_);
    c.mem_type = ColumnDatatype(c.spec.type, c.owned_type);
    switch (c.spec.type) {
      case ColumnType::kFloat64: c.f64.resize(chunk_rows_); break;
      case ColumnType::kInt64: c.i64.resize(chunk_rows_); break;
      case ColumnType::kInt32: c.i32.resize(chunk_rows_); break;
      case ColumnType::kUInt8:
      case ColumnType::kBool: c.u8.resize(chunk_rows_); break;
      case ColumnType::kString: c.str.resize(chunk_rows_); break;
    }
  }
  is_set_.assign(columns_.size(), 0);
  string_ptrs_.resize(chunk_rows_);
}

TableWriter::TableWriter(TableWriter&& other) noexcept { *this = std::move(other); }

TableWriter& TableWriter::operator=(TableWriter&& other) noexcept {
  if (this != &other) {
    CloseNoThrow();
    path_ = std::move(other.path_);
    group_ = std::move(other.group_);
    columns_ = std::move(other.columns_);
    is_set_ = std::move(other.is_set_);
    string_ptrs_ = std::move(other.string_ptrs_);
    set_count_ = other.set_count_;
    chunk_rows_ = other.chunk_rows_;
    rows_written_ = other.rows_written_;
    rows_buffered_ = other.rows_buffered_;
    closed_ = std::exchange(other.closed_, true);
  }
  return *this;
}

TableWriter::~TableWriter() { CloseNoThrow(); }

void TableWriter::CloseNoThrow() noexcept {
  if (closed_ || columns_.empty()) return;
  try {
    set_count_ = 0;  // drop an incomplete row rather than fail in a destructor
    Close();
  } catch (...) {
    // The file is being abandoned (an exception is unwinding) or was closed under us.
  }
  closed_ = true;
}

std::size_t TableWriter::ColumnIndex(std::string_view name) const {
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].spec.name == name) return i;
  }
  throw H5Error("find column", path_, fmt::format("no column named '{}'", name));
}

TableWriter::ColumnBuffer& TableWriter::Cell(std::size_t column, ColumnType a, ColumnType b,
                                             ColumnType c, std::string_view value_kind) {
  if (closed_) throw H5Error("append row", path_, "table writer is closed");
  if (column >= columns_.size()) {
    throw H5Error("append row", path_,
                  fmt::format("column index {} out of range: the table has {} columns", column,
                              columns_.size()));
  }
  ColumnBuffer& buffer = columns_[column];
  const ColumnType t = buffer.spec.type;
  if (t != a && t != b && t != c) {
    throw H5Error("append row", path_,
                  fmt::format("column '{}' is {}, cannot store {} value", buffer.spec.name,
                              ColumnTypeName(t), value_kind));
  }
  return buffer;
}

void TableWriter::ThrowColumnCount(std::size_t given) const {
  throw H5Error("append row", path_,
                fmt::format("AppendRow got {} values for {} columns", given, columns_.size()));
}

void TableWriter::MarkSet(std::size_t column) {
  if (is_set_[column] == 0) {
    is_set_[column] = 1;
    ++set_count_;
  }
}

void TableWriter::SetDouble(std::size_t column, double value) {
  ColumnBuffer& c = Cell(column, ColumnType::kFloat64, ColumnType::kFloat64, ColumnType::kFloat64, "a floating-point");
  c.f64[rows_buffered_] = value;
  MarkSet(column);
}

void TableWriter::SetSigned(std::size_t column, std::int64_t value) {
  ColumnBuffer& c = Cell(column, ColumnType::kInt64, ColumnType::kInt32, ColumnType::kUInt8, "an integer");
  const auto out_of_range = [&](auto lo, auto hi) {
    return value < static_cast<std::int64_t>(lo) || value > static_cast<std::int64_t>(hi);
  };
  switch (c.spec.type) {
    case ColumnType::kInt64: c.i64[rows_buffered_] = value; break;
    case ColumnType::kInt32:
      if (out_of_range(std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max())) {
        throw H5Error("append row", path_, fmt::format("{} does not fit int32 column '{}'", value, c.spec.name));
      }
      c.i32[rows_buffered_] = static_cast<std::int32_t>(value);
      break;
    default:
      if (out_of_range(0, 255)) {
        throw H5Error("append row", path_, fmt::format("{} does not fit uint8 column '{}'", value, c.spec.name));
      }
      c.u8[rows_buffered_] = static_cast<std::uint8_t>(value);
      break;
  }
  MarkSet(column);
}

void TableWriter::SetUnsigned(std::size_t column, std::uint64_t value) {
  if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    throw H5Error("append row", path_, fmt::format("{} does not fit a signed column", value));
  }
  SetSigned(column, static_cast<std::int64_t>(value));
}

void TableWriter::SetBool(std::size_t column, bool value) {
  ColumnBuffer& c = Cell(column, ColumnType::kBool, ColumnType::kBool, ColumnType::kBool, "a bool");
  c.u8[rows_buffered_] = value ? 1 : 0;
  MarkSet(column);
}

void TableWriter::SetString(std::size_t column, std::string_view value) {
  ColumnBuffer& c = Cell(column, ColumnType::kString, ColumnType::kString, ColumnType::kString, "a string");
  c.str[rows_buffered_].assign(value);  // reuses the cell's capacity
  MarkSet(column);
}

void TableWriter::EndRow() {
  if (closed_) throw H5Error("append row", path_, "table writer is closed");
  if (set_count_ != columns_.size()) {
    std::string missing;
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      if (is_set_[i] == 0) missing += missing.empty() ? columns_[i].spec.name : ", " + columns_[i].spec.name;
    }
    throw H5Error("append row", path_, fmt::format("row {} is missing column(s): {}", rows(), missing));
  }
  std::fill(is_set_.begin(), is_set_.end(), 0);
  set_count_ = 0;
  ++rows_buffered_;
  if (rows_buffered_ == chunk_rows_) WriteBuffered();
}

void TableWriter::WriteBuffered() {
  if (rows_buffered_ == 0) return;
  QuietHdf5Errors();
  const hsize_t start[1] = {static_cast<hsize_t>(rows_written_)};
  const hsize_t count[1] = {static_cast<hsize_t>(rows_buffered_)};
  const hsize_t new_size[1] = {static_cast<hsize_t>(rows_written_ + rows_buffered_)};
  DataspaceHandle mem_space(CheckId(H5Screate_simple(1, count, nullptr), "create dataspace", path_));
  for (ColumnBuffer& c : columns_) {
    const std::string where = fmt::format("{}/{}", path_, c.spec.name);
    CheckStatus(H5Dset_extent(c.dataset.id(), new_size), "extend column", where);
    DataspaceHandle file_space(CheckId(H5Dget_space(c.dataset.id()), "get column space", where));
    CheckStatus(H5Sselect_hyperslab(file_space.id(), H5S_SELECT_SET, start, nullptr, count, nullptr),
                "select rows", where);
    const void* data = nullptr;
    switch (c.spec.type) {
      case ColumnType::kFloat64: data = c.f64.data(); break;
      case ColumnType::kInt64: data = c.i64.data(); break;
      case ColumnType::kInt32: data = c.i32.data(); break;
      case ColumnType::kUInt8:
      case ColumnType::kBool: data = c.u8.data(); break;
      case ColumnType::kString:
        for (std::size_t r = 0; r < rows_buffered_; ++r) string_ptrs_[r] = c.str[r].c_str();
        data = string_ptrs_.data();
        break;
    }
    CheckStatus(H5Dwrite(c.dataset.id(), c.mem_type, mem_space.id(), file_space.id(), H5P_DEFAULT, data),
                "write rows", where);
  }
  rows_written_ += rows_buffered_;
  rows_buffered_ = 0;
}

void TableWriter::Flush() {
  if (closed_) throw H5Error("flush", path_, "table writer is closed");
  WriteBuffered();
  WriteInt64Attribute(group_.id(), "rows", static_cast<std::int64_t>(rows_written_));
  for (ColumnBuffer& c : columns_) {
    CheckStatus(H5Dflush(c.dataset.id()), "flush column", fmt::format("{}/{}", path_, c.spec.name));
  }
  CheckStatus(H5Fflush(group_.id(), H5F_SCOPE_GLOBAL), "flush file", path_);
}

std::size_t TableWriter::Close() {
  if (closed_) return rows_written_;
  if (set_count_ != 0) {
    throw H5Error("close table", path_, fmt::format("row {} is incomplete", rows()));
  }
  WriteBuffered();
  WriteInt64Attribute(group_.id(), "rows", static_cast<std::int64_t>(rows_written_));
  for (ColumnBuffer& c : columns_) c.dataset.Reset();
  group_ = Group();
  closed_ = true;
  return rows_written_;
}

}  // namespace bmd::io
