#include "models/sensors/earth_blockage.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "models/common/random.h"
#include "models/earth/geodesy.h"
#include "models/sensors/radar.h"

namespace bmd::sensors {
namespace {

using earth::kDeg;
using earth::kWgs84A;

// Point on the equator at longitude lon and height h: the equatorial section of WGS-84 is
// a circle of radius a, so horizons there have an exact closed form.
Eigen::Vector3d Equator(double lon_rad, double h_m) {
  return (kWgs84A + h_m) * Eigen::Vector3d(std::cos(lon_rad), std::sin(lon_rad), 0.0);
}

// Exact horizon central angle between heights h1 and h2 over a circle of radius r.
double HorizonAngle(double r, double h1, double h2) {
  return std::acos(r / (r + h1)) + std::acos(r / (r + h2));
}

TEST(EarthBlockage, EquatorialHorizonExact) {
  for (double hs : {10.0, 30.0, 1000.0}) {
    for (double ht : {100.0, 1000.0, 10e3, 100e3}) {
      const double theta = HorizonAngle(kWgs84A, hs, ht);
      // 1e-4 relative in angle is >= 5 m of ground arc: well clear of the 1e-12 tolerance.
      EXPECT_TRUE(LineOfSightClear(Equator(0, hs), Equator(theta * (1 - 1e-4), ht)));
      EXPECT_FALSE(LineOfSightClear(Equator(0, hs), Equator(theta * (1 + 1e-4), ht)));
      // Small-height approximation sqrt(2 R h): acos(1 / (1 + x)) = sqrt(2x) (1 - 5x/12 + ...),
      // so the relative error is below (5/12) h_max / R; allow h_max / R.
      const double approx = std::sqrt(2 * kWgs84A * hs) + std::sqrt(2 * kWgs84A * ht);
      EXPECT_NEAR(theta * kWgs84A / approx, 1.0, std::max(hs, ht) / kWgs84A);
    }
  }
}

TEST(EarthBlockage, RadarSeesAboveButNotBelowTheHorizon) {
  // A mast radar (30 m) whose minimum elevation is set below the horizon dip, so that the
  // Earth is what blocks: a target at 1 km altitude beyond the exact horizon is never
  // detected, one just inside is visible and detected (high SNR).
  RadarSpec spec;
  spec.min_elevation_rad = -5.0 * kDeg;
  spec.for_az_half_width_rad = 3.2;  // all round
  spec.for_el_half_width_rad = 90 * kDeg;
  spec.reference_snr_db = 60.0;
  RadarSite site;
  site.boresight_el_rad = 0.0;
  site.path = SitePath(earth::Geodetic{0.0, 0.0, 30.0});
  const Radar radar(spec, site);
  const SiteState s = radar.SiteAt(0.0);
  const double theta = HorizonAngle(kWgs84A, 30.0, 1000.0);
  RandomStream det(1, 0, 7, Purpose::kDetection), noise(1, 0, 7, Purpose::kMeasurementNoise);
  Measurement m;
  int detected_beyond = 0, detected_inside = 0;
  for (int i = 0; i < 200; ++i) {
    RadarTarget beyond{1, Equator(theta * 1.001, 1000.0), {}, 1.0};
    RadarTarget inside{2, Equator(theta * 0.999, 1000.0), {}, 1.0};
    EXPECT_EQ(radar.Look(s, beyond.r_ecef).visibility, Visibility::kEarthBlocked);
    EXPECT_EQ(radar.Look(s, inside.r_ecef).visibility, Visibility::kVisible);
    detected_beyond += radar.Dwell(s, beyond, det, noise, &m);
    detected_inside += radar.Dwell(s, inside, det, noise, &m);
  }
  EXPECT_EQ(detected_beyond, 0);
  // Pd at >= 60 dB - 40 log10(~150/1000) ~ 93 dB SNR is 1 to double precision.
  EXPECT_EQ(detected_inside, 200);
}

// Independent reference: minimum geodetic height (GeographicLib) along the segment by dense
// sampling and golden-section refinement around the smallest sample.
double MinHeightAlong(const Eigen::Vector3d& a, const Eigen::Vector3d& b) {
  auto h = [&](double s) { return earth::EcefToGeodetic(a + s * (b - a)).alt_m; };
  constexpr int kN = 2000;
  int best = 0;
  double best_h = h(0.0);
  for (int i = 1; i <= kN; ++i) {
    const double v = h(static_cast<double>(i) / kN);
    if (v < best_h) {
      best_h = v;
      best = i;
    }
  }
  double lo = std::max(0.0, (best - 1.0) / kN), hi = std::min(1.0, (best + 1.0) / kN);
  for (int it = 0; it < 80; ++it) {
    const double m1 = hi - 0.618 * (hi - lo), m2 = lo + 0.618 * (hi - lo);
    if (h(m1) < h(m2)) {
      hi = m2;
    } else {
      lo = m1;
    }
  }
  return std::min(best_h, h(0.5 * (lo + hi)));
}

TEST(EarthBlockage, AgreesWithSampledGeodeticHeightOnRandomSegments) {
  RandomStream rng(11, 0, 0, Purpose::kTest);
  int blocked = 0, clear = 0, checked = 0;
  for (int i = 0; i < 300; ++i) {
    const earth::Geodetic ga{rng.Uniform(-1.5, 1.5), rng.Uniform(-3.1, 3.1), rng.Uniform(0, 2e5)};
    // Second point within ~30 deg so that both outcomes occur often.
    const earth::Geodetic gb{std::clamp(ga.lat_rad + rng.Uniform(-0.5, 0.5), -1.55, 1.55),
                             ga.lon_rad + rng.Uniform(-0.5, 0.5), rng.Uniform(0, 1e6)};
    const Eigen::Vector3d a = earth::GeodeticToEcef(ga), b = earth::GeodeticToEcef(gb);
    const double min_h = MinHeightAlong(a, b);
    // Skip grazing cases within 1 m of the surface: the ellipsoid-scaling test and the
    // geodetic height agree at the surface only (exactly there), so a 1 m band is ample.
    if (std::abs(min_h) < 1.0) continue;
    ++checked;
    const bool expect_clear = min_h > 0.0;
    EXPECT_EQ(LineOfSightClear(a, b), expect_clear) << "min height " << min_h;
    (expect_clear ? clear : blocked)++;
  }
  EXPECT_GT(checked, 250);
  EXPECT_GT(blocked, 30);
  EXPECT_GT(clear, 30);
}

TEST(EarthBlockage, MarginRaisesTheSurface) {
  // With a 10 km margin the equatorial "surface" is a circle of radius a + 10 km.
  const double theta = HorizonAngle(kWgs84A + 10e3, 35786e3 - 10e3, 50e3 - 10e3);
  const Eigen::Vector3d sat = Equator(0.0, 35786e3);
  EXPECT_TRUE(LineOfSightClear(sat, Equator(theta * (1 - 1e-4), 50e3), 10e3));
  EXPECT_FALSE(LineOfSightClear(sat, Equator(theta * (1 + 1e-4), 50e3), 10e3));
}

TEST(EarthBlockage, RefractedHorizonIsFourThirdsEarth) {
  // At the equator the Gaussian radius is sqrt(M N) = a sqrt(1 - e^2); the effective-Earth
  // horizon arc is k R [acos(kR/(kR+h1)) + acos(kR/(kR+h2))] ~ sqrt(2kRh1) + sqrt(2kRh2).
  const double k = 4.0 / 3.0;
  const double r = kWgs84A * std::sqrt(1.0 - earth::kWgs84E2);
  for (double ht : {1000.0, 10e3}) {
    const double arc = std::sqrt(2 * k * r * 30.0) + std::sqrt(2 * k * r * ht);
    const double theta = arc / r;  // the model's ground arc is R_local * central angle
    // The sqrt approximation is good to ~h/R (< 0.2%); test 1% either side.
    EXPECT_TRUE(LineOfSightClearRefracted(Equator(0, 30.0), Equator(theta * 0.99, ht), k));
    EXPECT_FALSE(LineOfSightClearRefracted(Equator(0, 30.0), Equator(theta * 1.01, ht), k));
    // Refraction extends the horizon by sqrt(4/3) = 1.155 over the straight-line test.
    EXPECT_FALSE(LineOfSightClear(Equator(0, 30.0), Equator(theta * 0.99, ht)));
  }
}

}  // namespace
}  // namespace bmd::sensors
