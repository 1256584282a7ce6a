#pragma once
/// The parameter grid of a sweep and the run lists of its command line.
///
/// `--vary KEY=V1,V2,...` names one axis: KEY is a scenario override path (override.h) and
/// each value is YAML text. Values are separated by commas at the top level only, so flow
/// collections keep their commas: `threats.t1.shaping={lofted: {apogee: 600 km}},minimum_energy`
/// has two values. The grid is the cartesian product of the axes; grid point g enumerates it
/// with the LAST axis varying fastest (row-major, like nested loops in argument order).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/override.h"

namespace bmd::sim {

/// One varied scenario key and its values, in command-line order.
struct SweepAxis {
  std::string key;                  ///< override path, e.g. "threats.t1.launch.time"
  std::vector<std::string> values;  ///< YAML texts, e.g. {"30 s", "40 s"}
};

/// One point of the grid: its index and the value index chosen on every axis.
struct GridPoint {
  std::uint64_t index = 0;
  std::vector<std::size_t> value_index;  ///< one per axis
};

/// Parses "KEY=V1,V2,...". Throws InputError for a missing '=', an empty key, an empty
/// value or unbalanced brackets/quotes.
SweepAxis ParseVaryArgument(std::string_view argument);

/// Splits on commas outside (), [], {} and quotes; trims spaces around each piece.
/// Throws InputError on unbalanced brackets or quotes.
std::vector<std::string> SplitTopLevelCommas(std::string_view text);

/// The cartesian product of the axes (one point with no values when there are none).
/// Throws InputError if two axes share a key or the product exceeds `max_points`.
std::vector<GridPoint> BuildGrid(const std::vector<SweepAxis>& axes,
                                 std::uint64_t max_points = 1'000'000);

/// The overrides that define a grid point, in axis order.
std::vector<Override> GridOverrides(const std::vector<SweepAxis>& axes, const GridPoint& point);

/// Parses a run list "0,5,10-12" into sorted unique run indices, each < `runs`.
/// Throws InputError for malformed items, reversed ranges or indices >= runs.
std::vector<std::uint64_t> ParseRunList(std::string_view text, std::uint64_t runs);

}  // namespace bmd::sim
