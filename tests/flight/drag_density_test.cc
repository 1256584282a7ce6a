// The drag kernel's density and height against the exact USSA 1976 layers and
// earth::FastAltitude.
#include "models/flight/drag_density.h"

#include <gtest/gtest.h>

#include <cmath>

#include "models/earth/atmosphere.h"
#include "models/earth/geodesy.h"

namespace bmd::flight {
namespace {

TEST(DragDensity, MatchesUssa1976Exactly) {
  // Sweep off the 100 m nodes: linear interpolation of exp-like data with scale height
  // >= 5.5 km errs by < (0.1/5.5)^2/8 = 4e-5 inside a layer; a cell that straddles a layer
  // boundary errs by up to (jump of the relative slope) * 100 m / 4: at 11 km the lapse rate
  // jumps by 6.5 K/km at 216.65 K, i.e. 3e-5 /m -> 7.5e-4.
  double worst_inside = 0.0;
  for (double h = -4963.0; h < 150e3; h += 37.0) {
    const double exact = earth::Ussa1976(h).density_kg_m3;
    const double rel = std::abs(DragDensity(h) - exact) / exact;
    ASSERT_LT(rel, 8e-4) << h;
    // Geometric heights of the 1976 gradient breaks (layer bases, 80 km molecular-weight
    // start, tabulated knots above 86 km).
    bool near_break = false;
    for (double b : {11.019e3, 20.063e3, 32.162e3, 47.350e3, 51.413e3, 71.802e3, 80e3, 86e3,
                     100e3, 110e3, 120e3}) {
      near_break |= std::abs(h - b) < 150.0;
    }
    if (!near_break) worst_inside = std::max(worst_inside, rel);
  }
  EXPECT_LT(worst_inside, 6e-5);
  // Published 1976 table values: sea level 1.2250 kg/m^3, 50 km 1.0269e-3 kg/m^3.
  EXPECT_NEAR(DragDensity(0.0), 1.2250, 1e-4);
  EXPECT_NEAR(DragDensity(50e3), 1.0269e-3, 2e-7);
}

TEST(DragDensity, HeightMatchesFastAltitude) {
  for (double lat = -90.0; lat <= 90.0; lat += 7.5) {
    for (double alt : {-300.0, 0.0, 10e3, 80e3, 150e3}) {
      const Eigen::Vector3d r = earth::GeodeticToEcef({lat * earth::kDeg, 0.3, alt});
      // Series truncation of the ellipsoid radius: < 4 mm (see drag_density.h).
      ASSERT_NEAR(DragAltitude(r, r.norm(), earth::Shape::kWgs84),
                  earth::FastAltitude(r, earth::Shape::kWgs84), 4e-3);
      ASSERT_NEAR(DragAltitude(r, r.norm(), earth::Shape::kSphere),
                  earth::FastAltitude(r, earth::Shape::kSphere), 1e-9);
    }
  }
}

}  // namespace
}  // namespace bmd::flight
