// Grid and run-list parsing of `bmdsim sweep`.
#include <gtest/gtest.h>

#include "sim/errors.h"
#include "sim/sweep_grid.h"

namespace bmd::sim {
namespace {

TEST(SweepGrid, SplitsOnTopLevelCommasOnly) {
  const auto v = SplitTopLevelCommas("{lofted: {apogee: 600 km}}, minimum_energy,[1, 2],'a,b'");
  ASSERT_EQ(v.size(), 4u);
  EXPECT_EQ(v[0], "{lofted: {apogee: 600 km}}");
  EXPECT_EQ(v[1], "minimum_energy");
  EXPECT_EQ(v[2], "[1, 2]");
  EXPECT_EQ(v[3], "'a,b'");
  EXPECT_THROW(SplitTopLevelCommas("{a: 1"), InputError);
  EXPECT_THROW(SplitTopLevelCommas("a]"), InputError);
}

TEST(SweepGrid, ParsesVaryArgument) {
  const SweepAxis a = ParseVaryArgument("links.us_rok.latency=100 ms,250 ms, 1 s");
  EXPECT_EQ(a.key, "links.us_rok.latency");
  EXPECT_EQ(a.values, (std::vector<std::string>{"100 ms", "250 ms", "1 s"}));
  EXPECT_THROW(ParseVaryArgument("no_equals"), InputError);
  EXPECT_THROW(ParseVaryArgument("=1,2"), InputError);
  EXPECT_THROW(ParseVaryArgument("k=1,,2"), InputError);
}

TEST(SweepGrid, CartesianProductLastAxisFastest) {
  const std::vector<SweepAxis> axes = {{"a", {"1", "2"}}, {"b", {"x", "y", "z"}}};
  const auto grid = BuildGrid(axes);
  ASSERT_EQ(grid.size(), 6u);
  // Nested loops in argument order: (1,x) (1,y) (1,z) (2,x) (2,y) (2,z).
  const std::vector<std::vector<std::size_t>> expected = {{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {1, 2}};
  for (std::size_t g = 0; g < 6; ++g) {
    EXPECT_EQ(grid[g].index, g);
    EXPECT_EQ(grid[g].value_index, expected[g]);
  }
  const auto ov = GridOverrides(axes, grid[5]);
  ASSERT_EQ(ov.size(), 2u);
  EXPECT_EQ(ov[0].path, "a");
  EXPECT_EQ(ov[0].value_text, "2");
  EXPECT_EQ(ov[1].value_text, "z");
  EXPECT_EQ(BuildGrid({}).size(), 1u);
  EXPECT_THROW(BuildGrid({{"a", {"1"}}, {"a", {"2"}}}), InputError);
  EXPECT_THROW(BuildGrid({{"a", {"1", "2", "3"}}, {"b", {"1", "2"}}}, 5), InputError);
}

TEST(SweepGrid, RunLists) {
  EXPECT_EQ(ParseRunList("0,5,10-12", 20), (std::vector<std::uint64_t>{0, 5, 10, 11, 12}));
  EXPECT_EQ(ParseRunList("3, 1-2,3", 4), (std::vector<std::uint64_t>{1, 2, 3}));
  EXPECT_TRUE(ParseRunList("", 4).empty());
  EXPECT_THROW(ParseRunList("4", 4), InputError);
  EXPECT_THROW(ParseRunList("3-1", 4), InputError);
  EXPECT_THROW(ParseRunList("x", 4), InputError);
  EXPECT_THROW(ParseRunList("1,,2", 4), InputError);
}

}  // namespace
}  // namespace bmd::sim
