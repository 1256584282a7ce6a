#include "models/earth/atmosphere.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace bmd::earth {
namespace {

// U.S. Standard Atmosphere 1976 (NOAA-S/T 76-1562), Table I, geometric altitude.
// Columns: altitude m, temperature K, pressure Pa, density kg/m^3.
struct Row {
  double z, t, p, rho;
};
constexpr Row kTable[] = {
    {0.0, 288.150, 1.01325e5, 1.2250},
    {1000.0, 281.651, 8.98763e4, 1.1117},
    {5000.0, 255.676, 5.40482e4, 7.3643e-1},
    {10000.0, 223.252, 2.64999e4, 4.1351e-1},
    {11000.0, 216.774, 2.26999e4, 3.6480e-1},
    {15000.0, 216.650, 1.21118e4, 1.9476e-1},
    {20000.0, 216.650, 5.52929e3, 8.8910e-2},
    {25000.0, 221.552, 2.54921e3, 4.0084e-2},
    {32000.0, 228.490, 8.8906e2, 1.3555e-2},
    {40000.0, 250.350, 2.8714e2, 3.9957e-3},
    {50000.0, 270.650, 7.9779e1, 1.0269e-3},
    {60000.0, 247.021, 2.19586e1, 3.0968e-4},
    {70000.0, 219.585, 5.22087e0, 8.2829e-5},
    {80000.0, 198.639, 1.05246e0, 1.8458e-5},
    {86000.0, 186.870, 3.73384e-1, 6.958e-6},
};

TEST(Ussa1976, MatchesPublishedTableWithinTenthOfPercent) {
  for (const auto& row : kTable) {
    const auto s = Ussa1976(row.z);
    EXPECT_NEAR(s.temperature_k, row.t, 1e-3 * row.t) << "z=" << row.z;
    EXPECT_NEAR(s.pressure_pa, row.p, 1e-3 * row.p) << "z=" << row.z;
    EXPECT_NEAR(s.density_kg_m3, row.rho, 1e-3 * row.rho) << "z=" << row.z;
  }
}

TEST(Ussa1976, SpeedOfSoundAtSeaLevel) {
  EXPECT_NEAR(Ussa1976(0.0).speed_of_sound_m_s, 340.294, 0.01);
}

TEST(Ussa1976, UpperAtmosphereFollowsTabulatedDensities) {
  EXPECT_NEAR(Ussa1976(100e3).density_kg_m3, 5.604e-7, 1e-3 * 5.604e-7);
  EXPECT_NEAR(Ussa1976(300e3).density_kg_m3, 1.916e-11, 1e-3 * 1.916e-11);
  EXPECT_EQ(Ussa1976(2000e3).density_kg_m3, 0.0);
  // Monotonic decrease with altitude.
  double prev = Ussa1976(0.0).density_kg_m3;
  for (double z = 500.0; z < 1000e3; z += 500.0) {
    const double rho = Ussa1976(z).density_kg_m3;
    ASSERT_LT(rho, prev) << z;
    prev = rho;
  }
}

TEST(Ussa1976, FastTableAgreesWithExactModel) {
  for (double z = -4000.0; z < 999e3; z += 137.0) {
    const double exact = Ussa1976(z).density_kg_m3;
    ASSERT_NEAR(DensityFast(z), exact, 2e-4 * exact) << "z=" << z;
  }
}

// DensityFast is inline and reads a table built during static initialisation: at every 50 m
// node (where the interpolation weight is exactly 0) it must return the exact 1976 density
// bit for bit (a table read before its initialisation, or a misplaced node, would not), and
// NaN must land on the -5 km node like any height below it (no out-of-range read).
TEST(DensityFast, TableNodesAreTheExactModel) {
  for (int i = 0; i <= 3100; ++i) {
    const double z = -5000.0 + 50.0 * i;
    ASSERT_EQ(DensityFast(z), Ussa1976(z).density_kg_m3) << "z=" << z;
  }
  EXPECT_EQ(DensityFast(std::nan("")), Ussa1976(-5000.0).density_kg_m3);
}

TEST(DensityFast, ErrorBoundsOfTheLinearTable) {
  // Sweep off the 50 m nodes below 150 km: linear interpolation of exp-like data with scale
  // height >= 5.5 km errs by < (0.05/5.5)^2/8 = 1.0e-5 inside a layer; a cell that straddles
  // a gradient break errs by up to (jump of d ln rho/dh) * 50 m / 4: at 11.019 km the lapse
  // rate jumps by 6.5 K/km at 216.65 K, i.e. 3.0e-5 /m -> 3.75e-4.
  double worst_inside = 0.0;
  for (double h = -4963.0; h < 150e3; h += 7.0) {
    const double exact = Ussa1976(h).density_kg_m3;
    const double rel = std::abs(DensityFast(h) - exact) / exact;
    ASSERT_LT(rel, 3.8e-4) << h;
    // Geometric heights of the 1976 gradient breaks (layer bases in geopotential altitude
    // converted to geometric, the 80 km molecular-weight start, the tabulated knots above
    // 86 km).
    bool near_break = false;
    for (double b : {11.019e3, 20.063e3, 32.162e3, 47.350e3, 51.413e3, 71.802e3, 80e3, 86e3,
                     100e3, 110e3, 120e3}) {
      near_break |= std::abs(h - b) < 60.0;
    }
    if (!near_break) worst_inside = std::max(worst_inside, rel);
  }
  EXPECT_LT(worst_inside, 1.1e-5);
  // Published 1976 table values: sea level 1.2250 kg/m^3, 50 km 1.0269e-3 kg/m^3 (5 digits).
  EXPECT_NEAR(DensityFast(0.0), 1.2250, 1e-4);
  EXPECT_NEAR(DensityFast(50e3), 1.0269e-3, 2e-7);
  // Above the table: the tabulated 1976 knots exactly (piecewise exponential between them).
  EXPECT_NEAR(DensityFast(200e3), 2.541e-10, 1e-12 * 2.541e-10 + 1e-25);
  EXPECT_NEAR(DensityFast(400e3), 2.803e-12, 1e-12 * 2.803e-12 + 1e-27);
  EXPECT_EQ(DensityFast(1500e3), 0.0);
  // Continuous across the table top (150 km is a knot of both forms).
  EXPECT_NEAR(DensityFast(150e3 - 1e-6), DensityFast(150e3 + 1e-6), 1e-6 * 2.076e-9);
  // Clamped below -5 km.
  EXPECT_EQ(DensityFast(-8000.0), DensityFast(-5000.0));
}

TEST(SpeedOfSoundFast, AgreesWithExactModel) {
  // a = sqrt(gamma R T / M) with T piecewise linear in height: inside a layer the 100 m
  // chord errs by < 1e-3 m/s; at a break da/dh = a / (2T) dT/dh jumps by at most
  // 295 / 433 * 6.5e-3 = 4.4e-3 /s (11 km), so the cell across it errs by < 4.4e-3 * 100 / 4
  // = 0.11 m/s.
  for (double z = -4000.0; z < 200e3; z += 91.0) {
    ASSERT_NEAR(SpeedOfSoundFast(z), Ussa1976(z).speed_of_sound_m_s, 0.115) << z;
  }
  EXPECT_NEAR(SpeedOfSoundFast(0.0), 340.294, 0.01);  // 1976 table, sea level
}

}  // namespace
}  // namespace bmd::earth
