#include "models/sensors/radar.h"

#include <gtest/gtest.h>

#include <boost/math/distributions/chi_squared.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "models/earth/geodesy.h"

namespace bmd::sensors {
namespace {

using earth::kDeg;
constexpr double kC = 299792458.0;

// Notional X-band forward-based class (same values as scenarios/catalog/sensors.yaml).
RadarSpec XbandSpec() {
  RadarSpec s;
  s.name = std::string("xband_forward_based");  // (move-assign: avoids a GCC 12 -Wrestrict false positive)
  s.band = std::string("X");
  s.frequency_hz = 9.5e9;
  s.reference_snr_db = 30.0;
  s.reference_range_m = 1000e3;
  s.pfa = 1e-6;
  s.swerling = Swerling::kCase1;
  s.false_alarms_per_frame = 0.5;
  s.beamwidth_rad = 0.6 * kDeg;
  s.bandwidth_hz = 500e6;
  s.coherent_dwell_s = 5e-3;
  s.min_range_sigma_m = 0.5;
  s.min_angle_sigma_rad = 50e-6;
  s.min_range_rate_sigma_mps = 0.1;
  s.min_range_m = 10e3;
  s.max_range_rate_mps = 8e3;
  s.max_range_m = 2000e3;
  s.min_elevation_rad = 0.5 * kDeg;
  s.for_az_half_width_rad = 60 * kDeg;
  s.for_el_half_width_rad = 40 * kDeg;
  s.search_frame_s = 10.0;
  s.track_revisit_s = 1.0;
  s.track_capacity = 100;
  s.measures_range_rate = true;
  s.refraction_k = 1.3333;
  return s;
}

// Site at 40 N, 127 E facing north-west (boresight az 315 deg, el 40 deg).
RadarSite Site() {
  RadarSite site;
  site.name = std::string("fbr1");
  site.sensor_index = 3;
  site.path = SitePath(earth::Geodetic{40 * kDeg, 127 * kDeg, 100.0});
  site.boresight_az_rad = -45 * kDeg;
  site.boresight_el_rad = 40 * kDeg;
  return site;
}

// Target position at range/az/el from the site (ENU construction, independent of Look).
Eigen::Vector3d At(const SiteState& s, double range, double az, double el) {
  return s.r_ecef + s.R_ecef_from_enu * Eigen::Vector3d(range * std::cos(el) * std::sin(az),
                                                         range * std::cos(el) * std::cos(az),
                                                         range * std::sin(el));
}

TEST(Radar, SnrFollowsTheFourthPowerLaw) {
  const Radar radar(XbandSpec(), Site());
  // Hand values: at the reference range a 1 m^2 target has the reference SNR; halving the
  // range adds 40 log10(2) = 12.041 dB; 0.01 m^2 subtracts 20 dB.
  EXPECT_NEAR(radar.SnrDb(1000e3, 1.0), 30.0, 1e-12);
  EXPECT_NEAR(radar.SnrDb(500e3, 1.0), 42.0412, 1e-4);
  EXPECT_NEAR(radar.SnrDb(500e3, 0.01), 22.0412, 1e-4);
}

TEST(Radar, VisibilityChecks) {
  const Radar radar(XbandSpec(), Site());
  const SiteState s = radar.SiteAt(0.0);
  const double az = -45 * kDeg;
  EXPECT_EQ(radar.Look(s, At(s, 800e3, az, 10 * kDeg)).visibility, Visibility::kVisible);
  EXPECT_EQ(radar.Look(s, At(s, 2100e3, az, 10 * kDeg)).visibility, Visibility::kOutOfRange);
  EXPECT_EQ(radar.Look(s, At(s, 1e3, az, 10 * kDeg)).visibility, Visibility::kOutOfRange);
  EXPECT_EQ(radar.Look(s, At(s, 800e3, az, 0.3 * kDeg)).visibility,
            Visibility::kBelowMinElevation);
  EXPECT_EQ(radar.Look(s, At(s, 800e3, az + 61 * kDeg, 10 * kDeg)).visibility,
            Visibility::kOutsideFieldOfRegard);
  EXPECT_EQ(radar.Look(s, At(s, 800e3, az - 59 * kDeg, 10 * kDeg)).visibility,
            Visibility::kVisible);
  EXPECT_EQ(radar.Look(s, At(s, 800e3, az, 81 * kDeg)).visibility,
            Visibility::kOutsideFieldOfRegard);
  const RadarLook look = radar.Look(s, At(s, 800e3, 10 * kDeg - 45 * kDeg, 20 * kDeg));
  EXPECT_NEAR(look.range_m, 800e3, 1e-6);
  EXPECT_NEAR(look.az_rad, -35 * kDeg, 1e-12);
  EXPECT_NEAR(look.el_rad, 20 * kDeg, 1e-12);
}

TEST(Radar, EmpiricalPdMatchesSwerlingCurveVersusRange) {
  for (Swerling sw : {Swerling::kCase1, Swerling::kCase0}) {
    RadarSpec spec = XbandSpec();
    spec.swerling = sw;
    const Radar radar(spec, Site());
    const SiteState s = radar.SiteAt(0.0);
    RandomStream det(42, 0, 3, Purpose::kDetection), noise(42, 0, 3, Purpose::kMeasurementNoise);
    Measurement m;
    constexpr int kDwells = 4000;
    // 0.001 m^2 target: SNR = 30 - 30 + 40 log10(1000 km / R) dB, from ~21 dB down to ~2 dB.
    for (double range_km = 300; range_km <= 900; range_km += 75) {
      const RadarTarget tgt{9, At(s, range_km * 1e3, -45 * kDeg, 15 * kDeg), {}, 0.001};
      int hits = 0;
      for (int i = 0; i < kDwells; ++i) hits += radar.Dwell(s, tgt, det, noise, &m);
      // Reference Pd by hand from the textbook formulas (not through Radar).
      const double snr = std::pow(10.0, 0.1 * (40.0 * std::log10(1000.0 / range_km)));
      double pd;
      if (sw == Swerling::kCase1) {
        pd = std::pow(1e-6, 1.0 / (1.0 + snr));
      } else {
        // North's approximation, written out (see detection.h).
        pd = 0.5 * std::erfc(std::sqrt(-std::log(1e-6)) - std::sqrt(snr + 0.5));
      }
      // 4-sigma binomial band (plus 1/N for p near 0 or 1): 9 bins x 2 cases, each false
      // failure ~6e-5, and the seed is fixed so the outcome is reproducible.
      const double band = 4.0 * std::sqrt(pd * (1 - pd) / kDwells) + 1.0 / kDwells;
      EXPECT_NEAR(static_cast<double>(hits) / kDwells, pd, band)
          << "range " << range_km << " km, swerling " << static_cast<int>(sw);
    }
  }
}

TEST(Radar, FalseAlarmCountMatchesConfiguredRate) {
  RadarSpec spec = XbandSpec();
  spec.false_alarms_per_frame = 2.0;
  const Radar radar(spec, Site());
  const SiteState s = radar.SiteAt(0.0);
  RandomStream fa(5, 0, 3, Purpose::kFalseAlarm);
  std::vector<Measurement> out;
  out.reserve(4096);
  constexpr int kFrames = 1000;
  const double dt = 0.1;
  const int ticks = static_cast<int>(kFrames * spec.search_frame_s / dt);
  for (int k = 0; k < ticks; ++k) radar.FalseAlarms(s, k * dt, dt, fa, &out);
  // Poisson total with mean 2 * 1000 = 2000, sd 44.7: accept +-4 sd.
  const double expected = spec.false_alarms_per_frame * kFrames;
  EXPECT_NEAR(static_cast<double>(out.size()), expected, 4.0 * std::sqrt(expected));
  // Each false alarm lies in the field of regard, within range, marked as such.
  double mean_az = 0.0;
  for (const Measurement& m : out) {
    ASSERT_EQ(m.truth_id, -1);
    ASSERT_EQ(m.sensor, 3);
    ASSERT_EQ(m.kind, MeasurementKind::kRangeAzElRate);
    ASSERT_GE(m.z[0], spec.min_range_m);
    ASSERT_LE(m.z[0], spec.max_range_m);
    ASSERT_LE(std::abs(std::remainder(m.z[1] + 45 * kDeg, 2 * M_PI)), 60 * kDeg);
    ASSERT_GE(m.z[2], spec.min_elevation_rad);
    ASSERT_LE(m.z[2], 80 * kDeg);
    ASSERT_GE(m.snr_db, 10 * std::log10(-std::log(1e-6)));
    mean_az += std::remainder(m.z[1] + 45 * kDeg, 2 * M_PI);
  }
  // Uniform over +-60 deg: mean 0, sd of the mean (120 deg / sqrt 12) / sqrt(n); 4 sd band.
  mean_az /= out.size();
  EXPECT_NEAR(mean_az, 0.0, 4.0 * (120 * kDeg / std::sqrt(12.0)) / std::sqrt(out.size()));
}

// Sample variance test: (n-1) s^2 / sigma^2 ~ chi-square(n-1); two-sided 0.1% bounds.
void ExpectVarianceMatches(const std::vector<double>& x, double sigma, const char* what) {
  const double n = static_cast<double>(x.size());
  double mean = 0.0;
  for (double v : x) mean += v;
  mean /= n;
  double ss = 0.0;
  for (double v : x) ss += (v - mean) * (v - mean);
  const boost::math::chi_squared chi2(n - 1);
  const double stat = ss / (sigma * sigma);
  EXPECT_GT(stat, boost::math::quantile(chi2, 0.0005)) << what;
  EXPECT_LT(stat, boost::math::quantile(chi2, 0.9995)) << what;
  // Zero-mean noise: |mean| within 4 standard errors.
  EXPECT_NEAR(mean, 0.0, 4.0 * sigma / std::sqrt(n)) << what;
}

TEST(Radar, MeasurementNoiseMatchesSnrDependentSigma) {
  RadarSpec spec = XbandSpec();
  spec.bandwidth_hz = 5e6;  // coarse range so the floor does not apply
  spec.swerling = Swerling::kCase0;
  const Radar radar(spec, Site());
  const SiteState s = radar.SiteAt(0.0);
  const double range = 1000e3, az = -30 * kDeg, el = 25 * kDeg;
  const Eigen::Vector3d r = At(s, range, az, el);
  const Eigen::Vector3d v = s.R_ecef_from_enu * Eigen::Vector3d(100.0, -2000.0, 500.0);
  const RadarTarget tgt{4, r, v, 0.1};  // SNR = 30 - 10 = 20 dB = 100
  // Independent sigmas (Skolnik): c / (2 B sqrt(2 SNR)), theta / (1.6 sqrt(2 SNR)),
  // lambda / (2 T sqrt(2 SNR)).
  const double root = std::sqrt(200.0);
  const double sig_r = kC / (2 * 5e6 * root);                      // 2.12 m
  const double sig_th = 0.6 * kDeg / (1.6 * root);                  // 0.463 mrad
  const double sig_rr = (kC / 9.5e9) / (2 * 5e-3 * root);           // 0.223 m/s
  const double rdot = (r - s.r_ecef).normalized().dot(v);
  RandomStream det(8, 0, 3, Purpose::kDetection), noise(8, 0, 3, Purpose::kMeasurementNoise);
  std::vector<double> er, eaz, eel, err;
  Measurement m;
  while (er.size() < 5000) {
    if (!radar.Dwell(s, tgt, det, noise, &m)) continue;
    er.push_back(m.z[0] - range);
    eaz.push_back(std::remainder(m.z[1] - az, 2 * M_PI));
    eel.push_back(m.z[2] - el);
    err.push_back(m.z[3] - rdot);
  }
  EXPECT_NEAR(m.sigma[0], sig_r, 1e-9);
  EXPECT_NEAR(m.sigma[1], sig_th / std::cos(el), 1e-12);
  EXPECT_NEAR(m.sigma[2], sig_th, 1e-12);
  EXPECT_NEAR(m.sigma[3], sig_rr, 1e-9);
  EXPECT_NEAR(m.snr_db, 20.0, 1e-9);
  ExpectVarianceMatches(er, sig_r, "range");
  ExpectVarianceMatches(eaz, sig_th / std::cos(el), "azimuth");
  ExpectVarianceMatches(eel, sig_th, "elevation");
  ExpectVarianceMatches(err, sig_rr, "range rate");
  // The measurement is filled completely for the tracker: h(x) reproduces the truth.
  EXPECT_EQ(m.truth_id, 4);
  EXPECT_EQ(m.sensor, 3);
  EXPECT_EQ(m.kind, MeasurementKind::kRangeAzElRate);
  const Eigen::Vector4d h = PredictMeasurement(m, r, v);
  EXPECT_NEAR(h[0], range, 1e-6);
  EXPECT_NEAR(h[1], az, 1e-12);
  EXPECT_NEAR(h[2], el, 1e-12);
  EXPECT_NEAR(h[3], rdot, 1e-9);
}

TEST(Radar, SigmaIsFlooredAtHighSnr) {
  const Radar radar(XbandSpec(), Site());
  const RadarAccuracy a = radar.Accuracy(80.0, 0.0);
  EXPECT_DOUBLE_EQ(a.range_m, 0.5);
  EXPECT_DOUBLE_EQ(a.el_rad, 50e-6);
  EXPECT_DOUBLE_EQ(a.range_rate_mps, 0.1);
}

TEST(Radar, BiasShiftsTheMeanByTheConfiguredAmount) {
  RadarSite site = Site();
  site.bias = RadarBias{50.0, 1e-3, -0.5e-3};
  RadarSpec spec = XbandSpec();
  spec.bandwidth_hz = 5e6;
  const Radar radar(spec, site);
  const SiteState s = radar.SiteAt(0.0);
  const double range = 600e3, az = -50 * kDeg, el = 30 * kDeg;
  const RadarTarget tgt{1, At(s, range, az, el), {}, 1.0};
  RandomStream det(9, 0, 3, Purpose::kDetection), noise(9, 0, 3, Purpose::kMeasurementNoise);
  double sr = 0, saz = 0, sel = 0;
  int n = 0;
  Measurement m;
  while (n < 4000) {
    if (!radar.Dwell(s, tgt, det, noise, &m)) continue;
    sr += m.z[0] - range;
    saz += std::remainder(m.z[1] - az, 2 * M_PI);
    sel += m.z[2] - el;
    ++n;
  }
  // Mean error equals the bias within 4 standard errors of the mean.
  EXPECT_NEAR(sr / n, 50.0, 4 * m.sigma[0] / std::sqrt(n));
  EXPECT_NEAR(saz / n, 1e-3, 4 * m.sigma[1] / std::sqrt(n));
  EXPECT_NEAR(sel / n, -0.5e-3, 4 * m.sigma[2] / std::sqrt(n));
  // And the bias is large against that band, so the test can fail.
  EXPECT_GT(50.0, 20 * m.sigma[0] / std::sqrt(n));
}

TEST(Radar, ShipSiteMovesAlongWaypoints) {
  // Ship steaming east along the equator at 10 m/s: 36 km in an hour is 36e3 / a rad.
  const double dlon = 36e3 / earth::kWgs84A;
  RadarSite site = Site();
  site.path = SitePath({{0.0, {0.0, 130 * kDeg, 20.0}}, {3600.0, {0.0, 130 * kDeg + dlon, 20.0}}});
  const Radar radar(XbandSpec(), site);
  const SiteState s0 = radar.SiteAt(1000.0), s1 = radar.SiteAt(1001.0);
  // Velocity: (a + h) dlon/dt east; finite difference of positions agrees to ~1e-6.
  EXPECT_NEAR(s0.v_ecef.norm(), 10.0 * (earth::kWgs84A + 20.0) / earth::kWgs84A, 1e-9);
  EXPECT_NEAR((s1.r_ecef - s0.r_ecef - s0.v_ecef).norm(), 0.0, 1e-4);
  EXPECT_NEAR(s0.v_ecef.dot(s0.R_ecef_from_enu.col(0)), s0.v_ecef.norm(), 1e-9);
  // Holds still after the last waypoint.
  EXPECT_NEAR((radar.SiteAt(5000.0).r_ecef - earth::GeodeticToEcef({0.0, 130 * kDeg + dlon, 20.0}))
                  .norm(),
              0.0, 1e-6);
  EXPECT_EQ(radar.SiteAt(5000.0).v_ecef.norm(), 0.0);
}

}  // namespace
}  // namespace bmd::sensors
