#pragma once
/// Appendable columnar table (layout in table.h): rows are buffered in memory, one
/// chunk (default 4096 rows) per column, and written a whole chunk at a time into
/// chunked, extendible, shuffle + deflate(1) compressed 1-D datasets.
///
/// Use from a tick loop (no allocation per row once the buffers exist; string cells
/// reuse their buffer's capacity):
///   TableWriter truth(root, "truth", "Truth states", {
///       {"t_s", ColumnType::kFloat64, "s", "time since scenario start"},
///       {"entity_id", ColumnType::kInt64, "", "entity id (see /entities)"}, ...});
///   truth.AppendRow(t_s, id, ...);          // or Set(i, v) for every column, then EndRow()
///   truth.Flush();                          // optional checkpoint: H5Dflush + H5Fflush
///   std::size_t n = truth.Close();          // before OutputFile::Commit()
///
/// Value types accepted by Set/AppendRow: floating -> float64 columns; integers ->
/// int64/int32/uint8 columns (range-checked); bool -> bool columns; std::string,
/// std::string_view, const char* -> string columns. Anything else throws H5Error.
/// Not thread-safe: one writer is used by one thread at a time.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "sim/io/group.h"
#include "sim/io/h5_handle.h"
#include "sim/io/table.h"

namespace bmd::io {

class TableWriter {
 public:
  /// Creates table `name` under `parent` (error if it exists).
  TableWriter(const Group& parent, std::string_view name, std::string_view description,
              std::vector<ColumnSpec> columns, std::size_t chunk_rows = kDefaultChunkRows);
  TableWriter(TableWriter&&) noexcept;
  TableWriter& operator=(TableWriter&&) noexcept;
  TableWriter(const TableWriter&) = delete;
  TableWriter& operator=(const TableWriter&) = delete;
  /// Closes the table if Close() was not called; errors are swallowed there, so call
  /// Close() explicitly on the normal path.
  ~TableWriter();

  /// Index of a column by name; throws H5Error if unknown.
  std::size_t ColumnIndex(std::string_view name) const;
  std::size_t column_count() const { return columns_.size(); }
  const std::string& path() const { return path_; }
  /// Rows appended so far (written + buffered).
  std::size_t rows() const { return rows_written_ + rows_buffered_; }

  /// Sets one cell of the current row.
  template <typename T>
  void Set(std::size_t column, const T& value);
  /// Completes the current row; every column must have been set. Writes a chunk when
  /// the buffer is full.
  void EndRow();
  /// Sets every column in order and completes the row.
  template <typename... Ts>
  void AppendRow(const Ts&... values);

  /// Writes buffered rows, updates the `rows` attribute and flushes datasets and file.
  void Flush();
  /// Writes buffered rows, updates `rows`, closes the datasets; returns the row count.
  /// Throws if a row is incomplete. Further appends throw.
  std::size_t Close();
  bool closed() const { return closed_; }

 private:
  struct ColumnBuffer {
    ColumnSpec spec;
    DatasetHandle dataset;
    DatatypeHandle owned_type;
    hid_t mem_type = H5I_INVALID_HID;
    std::vector<double> f64;
    std::vector<std::int64_t> i64;
    std::vector<std::int32_t> i32;
    std::vector<std::uint8_t> u8;  // uint8 and bool
    std::vector<std::string> str;
  };

  void SetDouble(std::size_t column, double value);
  void SetSigned(std::size_t column, std::int64_t value);
  void SetUnsigned(std::size_t column, std::uint64_t value);
  void SetBool(std::size_t column, bool value);
  void SetString(std::size_t column, std::string_view value);
  ColumnBuffer& Cell(std::size_t column, ColumnType expected_a, ColumnType expected_b,
                     ColumnType expected_c, std::string_view value_kind);
  void MarkSet(std::size_t column);
  [[noreturn]] void ThrowColumnCount(std::size_t given) const;
  void WriteBuffered();
  void CloseNoThrow() noexcept;

  std::string path_;
  Group group_;
  std::vector<ColumnBuffer> columns_;
  std::vector<std::uint8_t> is_set_;
  std::vector<const char*> string_ptrs_;
  std::size_t set_count_ = 0;
  std::size_t chunk_rows_ = kDefaultChunkRows;
  std::size_t rows_written_ = 0;
  std::size_t rows_buffered_ = 0;
  bool closed_ = false;
};

template <typename T>
void TableWriter::Set(std::size_t column, const T& value) {
  using U = std::remove_cvref_t<T>;
  if constexpr (std::is_same_v<U, bool>) {
    SetBool(column, value);
  } else if constexpr (std::is_floating_point_v<U>) {
    SetDouble(column, static_cast<double>(value));
  } else if constexpr (std::is_integral_v<U> && std::is_signed_v<U>) {
    SetSigned(column, static_cast<std::int64_t>(value));
  } else if constexpr (std::is_integral_v<U>) {
    SetUnsigned(column, static_cast<std::uint64_t>(value));
  } else if constexpr (std::is_convertible_v<const U&, std::string_view>) {
    SetString(column, std::string_view(value));
  } else {
    static_assert(sizeof(U) == 0, "TableWriter::Set: unsupported value type");
  }
}

template <typename... Ts>
void TableWriter::AppendRow(const Ts&... values) {
  if (sizeof...(Ts) != columns_.size()) ThrowColumnCount(sizeof...(Ts));
  std::size_t i = 0;
  (Set(i++, values), ...);
  EndRow();
}

}  // namespace bmd::io
