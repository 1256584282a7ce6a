#include "sim/io/array_dataset.h"

#include <fmt/format.h>

#include <algorithm>

#include "sim/io/attributes.h"
#include "sim/io/h5_error.h"

namespace bmd::io {

namespace {

constexpr std::size_t kChunkThresholdElements = 4096;
constexpr std::size_t kTargetChunkBytes = 256 * 1024;

void WriteNumeric(const Group& parent, std::string_view name, std::span<const hsize_t> dims,
                  const void* data, std::size_t n_values, hid_t type, std::string_view units,
                  std::string_view description, ArrayCompression compression) {
  QuietHdf5Errors();
  const std::string where = parent.ChildPath(name);
  if (dims.empty() || dims.size() > H5S_MAX_RANK) {
    throw H5Error("write array", where, fmt::format("rank {} is not in 1..{}", dims.size(), H5S_MAX_RANK));
  }
  hsize_t product = 1;
  for (hsize_t d : dims) product *= d;
  if (product != n_values) {
    throw H5Error("write array", where,
                  fmt::format("shape holds {} elements but {} values were given", product, n_values));
  }
  if (parent.Contains(name)) throw H5Error("write array", where, "already exists");

  DataspaceHandle space(CheckId(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                                "create dataspace", where));
  PropListHandle dcpl(CheckId(H5Pcreate(H5P_DATASET_CREATE), "create property list", where));
  if (n_values >= kChunkThresholdElements && compression == ArrayCompression::kDeflate) {
    // Chunk along the first dimension, keeping whole trailing rows together.
    const hsize_t row_elements = product / std::max<hsize_t>(dims[0], 1);
    const hsize_t rows_per_chunk = std::clamp<hsize_t>(kTargetChunkBytes / (8 * std::max<hsize_t>(row_elements, 1)),
                                                       1, dims[0]);
    std::vector<hsize_t> chunk(dims.begin(), dims.end());
    chunk[0] = rows_per_chunk;
    CheckStatus(H5Pset_chunk(dcpl.id(), static_cast<int>(chunk.size()), chunk.data()), "set chunking", where);
    CheckStatus(H5Pset_shuffle(dcpl.id()), "set shuffle filter", where);
    CheckStatus(H5Pset_deflate(dcpl.id(), 1), "set deflate filter", where);
  }
  const std::string key(name);
  DatasetHandle dataset(CheckId(H5Dcreate2(parent.id(), key.c_str(), type, space.id(), H5P_DEFAULT,
                                           dcpl.id(), H5P_DEFAULT),
                                "create dataset", where));
  if (n_values > 0) {
    CheckStatus(H5Dwrite(dataset.id(), type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "write dataset", where);
  }
  WriteStringAttribute(dataset.id(), "units", units);
  WriteStringAttribute(dataset.id(), "description", description);
}

}  // namespace

void WriteArray(const Group& parent, std::string_view name, std::span<const hsize_t> dims,
                std::span<const double> values, std::string_view units, std::string_view description,
                ArrayCompression compression) {
  WriteNumeric(parent, name, dims, values.data(), values.size(), H5T_NATIVE_DOUBLE, units, description,
               compression);
}

void WriteArray(const Group& parent, std::string_view name, std::span<const hsize_t> dims,
                std::span<const std::int64_t> values, std::string_view units,
                std::string_view description) {
  WriteNumeric(parent, name, dims, values.data(), values.size(), H5T_NATIVE_INT64, units, description,
               ArrayCompression::kDeflate);
}

}  // namespace bmd::io
