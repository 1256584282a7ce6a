#pragma once
/// Plain N-D numeric datasets (row-major, C order, as h5py/numpy read them), e.g. an
/// N x 6 array of ECEF states or an N x M x M stack of covariances, each with `units`
/// and `description` attributes. Arrays of 4096 elements or more are stored chunked
/// (about 256 KiB per chunk, whole rows of the trailing dimensions) with shuffle +
/// deflate(1), unless written with ArrayCompression::kNone (for data that barely compresses,
/// e.g. float64 covariances: ~1.2x for most of a run file's write time); smaller ones, and
/// uncompressed ones, contiguously.
#include <hdf5.h>

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "sim/io/group.h"

namespace bmd::io {

enum class ArrayCompression { kDeflate, kNone };

/// Writes dataset `name` under `parent` with shape `dims` (product must equal
/// values.size()). Throws H5Error on a shape mismatch or if the dataset exists.
void WriteArray(const Group& parent, std::string_view name, std::span<const hsize_t> dims,
                std::span<const double> values, std::string_view units, std::string_view description,
                ArrayCompression compression = ArrayCompression::kDeflate);
void WriteArray(const Group& parent, std::string_view name, std::span<const hsize_t> dims,
                std::span<const std::int64_t> values, std::string_view units,
                std::string_view description);

/// An N-D array read back: shape and row-major values.
template <typename T>
struct ArrayData {
  std::vector<hsize_t> dims;
  std::vector<T> values;
};

}  // namespace bmd::io
