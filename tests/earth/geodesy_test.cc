#include "models/earth/geodesy.h"

#include <gtest/gtest.h>

#include <Eigen/Dense>

#include <cmath>

#include "models/earth/gravity.h"

namespace bmd::earth {
namespace {

TEST(Geodesy, KnownEcefPoints) {
  // On the equator at the prime meridian the ECEF x is the semi-major axis.
  const auto r = GeodeticToEcef({0.0, 0.0, 0.0});
  EXPECT_NEAR(r.x(), kWgs84A, 1e-6);
  EXPECT_NEAR(r.y(), 0.0, 1e-6);
  // At the north pole z is the semi-minor axis b = a (1 - f) = 6356752.314245 m.
  const auto p = GeodeticToEcef({90.0 * kDeg, 0.0, 0.0});
  EXPECT_NEAR(p.z(), 6356752.314245, 1e-5);
}

TEST(Geodesy, RoundTripsAcrossTheGlobe) {
  for (double lat = -89.0; lat <= 89.0; lat += 7.3) {
    for (double lon = -179.0; lon <= 180.0; lon += 23.1) {
      for (double alt : {-400.0, 0.0, 1.5e3, 85e3, 700e3, 36000e3}) {
        for (Shape shape : {Shape::kWgs84, Shape::kSphere}) {
          const Geodetic g{lat * kDeg, lon * kDeg, alt};
          const Geodetic back = EcefToGeodetic(GeodeticToEcef(g, shape), shape);
          ASSERT_NEAR(back.lat_rad, g.lat_rad, 1e-12);
          ASSERT_NEAR(std::remainder(back.lon_rad - g.lon_rad, 2 * M_PI), 0.0, 1e-12);
          ASSERT_NEAR(back.alt_m, g.alt_m, 1e-6);
        }
      }
    }
  }
}

TEST(Geodesy, FastAltitudeCloseToGeodeticHeight) {
  for (double lat = -89.5; lat <= 89.5; lat += 2.5) {
    for (double alt : {0.0, 10e3, 100e3, 1000e3}) {
      const Geodetic g{lat * kDeg, 0.7, alt};
      EXPECT_NEAR(FastAltitude(GeodeticToEcef(g), Shape::kWgs84), alt, 0.05 + 5.6e-6 * alt) << lat << " " << alt;
    }
  }
}

TEST(Geodesy, EnuAxesAreOrthonormalAndUpIsNormal) {
  const Geodetic g{37.5 * kDeg, 127.0 * kDeg, 0.0};
  const Eigen::Matrix3d r = REcefFromEnu(g.lat_rad, g.lon_rad);
  EXPECT_TRUE((r.transpose() * r).isApprox(Eigen::Matrix3d::Identity(), 1e-14));
  EXPECT_NEAR(r.determinant(), 1.0, 1e-14);
  // A point 1 km up along the geodetic normal is (0, 0, 1000) in ENU.
  const EnuFrame f = EnuFrame::At(g);
  const Eigen::Vector3d up = f.ToEnu(GeodeticToEcef({g.lat_rad, g.lon_rad, 1000.0}));
  EXPECT_NEAR(up.x(), 0.0, 1e-6);
  EXPECT_NEAR(up.y(), 0.0, 1e-6);
  EXPECT_NEAR(up.z(), 1000.0, 1e-6);
}

TEST(Geodesy, GeodesicAgreesWithKnownDistance) {
  // Sphere: a quarter meridian is pi/2 R.
  const auto q = GeodesicInverse(0.0, 0.0, 90.0 * kDeg, 0.0, Shape::kSphere);
  EXPECT_NEAR(q.distance_m, M_PI / 2 * kSphereRadius, 1e-6);
  // WGS-84 quarter meridian: 10,001,965.729 m (Karney 2013).
  const auto w = GeodesicInverse(0.0, 0.0, 90.0 * kDeg, 0.0);
  EXPECT_NEAR(w.distance_m, 10001965.729, 1e-3);
  // Direct inverts Inverse.
  const auto d = GeodesicDirect(38.0 * kDeg, 125.5 * kDeg, 2.9, 450e3);
  const auto back = GeodesicInverse(38.0 * kDeg, 125.5 * kDeg, d.lat_rad, d.lon_rad);
  EXPECT_NEAR(back.distance_m, 450e3, 1e-6);
  EXPECT_NEAR(back.azimuth1_rad, 2.9, 1e-12);
}

TEST(Gravity, PointMassAndJ2AtEquatorAndPole) {
  // Point mass: |g| = GM / r^2.
  const Eigen::Vector3d r(kWgs84A, 0, 0);
  EXPECT_NEAR(GravityEcef(r, false).norm(), kGM / (kWgs84A * kWgs84A), 1e-12);
  // J2 at the equator strengthens gravity by the factor (1 + 1.5 J2).
  EXPECT_NEAR(GravityEcef(r, true).norm() / GravityEcef(r, false).norm(), 1.0 + 1.5 * kJ2, 1e-12);
  // At the pole it weakens it by (1 - 3 J2).
  const Eigen::Vector3d p(0, 0, kWgs84A);
  EXPECT_NEAR(GravityEcef(p, true).norm() / GravityEcef(p, false).norm(), 1.0 - 3.0 * kJ2, 1e-12);
}

TEST(Gravity, EciEcefRoundTrip) {
  const Eigen::Vector3d r(7000e3, 100e3, -300e3), v(10.0, 7500.0, 20.0);
  for (double t : {0.0, 100.0, 5000.0}) {
    const auto ri = EcefToEciPosition(r, t);
    const auto vi = EcefToEciVelocity(r, v, t);
    EXPECT_TRUE(EciToEcefPosition(ri, t).isApprox(r, 1e-14));
    EXPECT_TRUE(EciToEcefVelocity(ri, vi, t).isApprox(v, 1e-12));
  }
}

TEST(Geodesy, FastAltitudeSeriesMatchesFastAltitude) {
  for (double lat = -90.0; lat <= 90.0; lat += 7.5) {
    for (double alt : {-300.0, 0.0, 10e3, 80e3, 150e3}) {
      const Eigen::Vector3d r = GeodeticToEcef({lat * kDeg, 0.3, alt});
      // Series truncation of the ellipsoid radius: 35 e^8 / 128 * b = 3.6 mm at the equator.
      ASSERT_NEAR(FastAltitudeSeries(r, r.norm(), Shape::kWgs84), FastAltitude(r, Shape::kWgs84),
                  4e-3);
      ASSERT_NEAR(FastAltitudeSeries(r, r.norm(), Shape::kSphere), FastAltitude(r, Shape::kSphere),
                  1e-9);
    }
  }
}

}  // namespace
}  // namespace bmd::earth
