#include "models/earth/atmosphere.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace bmd::earth
