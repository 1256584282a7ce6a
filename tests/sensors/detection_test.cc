#include "models/sensors/detection.h"

#include <gtest/gtest.h>

#include <boost/math/distributions/non_central_chi_squared.hpp>

#include <cmath>

namespace bmd::sensors {
namespace {

// Exact single-sample square-law Pd for a steady target (Marcum Q1): with noise power
// normalised to 1 per complex sample, 2|x|^2 ~ noncentral chi-square with 2 degrees of
// freedom and noncentrality 2 SNR; the threshold T = -ln(Pfa) gives Pfa exactly.
double MarcumPd(double snr, double pfa) {
  const boost::math::non_central_chi_squared dist(2.0, 2.0 * snr);
  return boost::math::cdf(boost::math::complement(dist, -2.0 * std::log(pfa)));
}

// SNR (dB) at which a monotone Pd(snr) reaches pd, by bisection in dB.
template <class F>
double SnrDbFor(F pd_of_snr, double pd) {
  double lo = -10.0, hi = 40.0;
  for (int i = 0; i < 100; ++i) {
    const double mid = 0.5 * (lo + hi);
    (pd_of_snr(DbToLinear(mid)) < pd ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

TEST(Detection, Swerling1MatchesClosedFormTextbookCase) {
  // Pd = 0.9 at Pfa = 1e-6 needs SNR = ln(Pfa)/ln(Pd) - 1 = 130.13 (21.14 dB), the familiar
  // ~21 dB single-pulse Swerling 1 figure (Skolnik Fig. 2.23).
  const double snr = std::log(1e-6) / std::log(0.9) - 1.0;
  EXPECT_NEAR(PdSwerling1(snr, 1e-6), 0.9, 1e-12);
  EXPECT_NEAR(LinearToDb(snr), 21.14, 0.01);
  // Zero signal: Pd is the false-alarm probability.
  EXPECT_DOUBLE_EQ(PdSwerling1(0.0, 1e-6), 1e-6);
}

TEST(Detection, Swerling0NorthWithinTwoTenthsDbOfExactMarcum) {
  for (double pfa : {1e-3, 1e-4, 1e-5, 1e-6, 1e-7}) {
    for (double pd : {0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99}) {
      const double snr_model = SnrDbFor([&](double s) { return PdSwerling0(s, pfa); }, pd);
      const double snr_exact = SnrDbFor([&](double s) { return MarcumPd(s, pfa); }, pd);
      // 0.2 dB: the accuracy claimed in detection.h (and the usual bar for such formulas).
      EXPECT_NEAR(snr_model, snr_exact, 0.2) << "pfa " << pfa << " pd " << pd;
    }
  }
  // The classic single-pulse figure: Pd 0.9, Pfa 1e-6 needs ~13.2 dB (Skolnik Fig. 2.7).
  EXPECT_NEAR(SnrDbFor([](double s) { return PdSwerling0(s, 1e-6); }, 0.9), 13.2, 0.1);
}

TEST(Detection, AlbersheimAccurateAtModeratePdOnly) {
  for (double pfa : {1e-3, 1e-5, 1e-7}) {
    for (double pd : {0.4, 0.5, 0.7, 0.9}) {
      const double snr_alb = SnrDbFor([&](double s) { return PdAlbersheim(s, pfa); }, pd);
      const double snr_exact = SnrDbFor([&](double s) { return MarcumPd(s, pfa); }, pd);
      EXPECT_NEAR(snr_alb, snr_exact, 0.1) << "pfa " << pfa << " pd " << pd;
    }
  }
  // The documented weakness: at Pd = 0.1, Pfa = 1e-3 it is more than 2 dB optimistic.
  EXPECT_LT(SnrDbFor([](double s) { return PdAlbersheim(s, 1e-3); }, 0.1) + 2.0,
            SnrDbFor([](double s) { return MarcumPd(s, 1e-3); }, 0.1));
}

TEST(Detection, GaussianPassiveDetection) {
  // Threshold for Pfa = Q(3) = 1.3499e-3 is 3 sigma: a 3-sigma signal is detected half the time,
  // a 4-sigma one with Q(-1) = 0.841345.
  const double pfa = 0.5 * std::erfc(3.0 / std::sqrt(2.0));
  EXPECT_NEAR(PdGaussian(3.0, pfa), 0.5, 1e-9);
  EXPECT_NEAR(PdGaussian(4.0, pfa), 0.841345, 1e-6);
  EXPECT_NEAR(PdGaussian(0.0, pfa), pfa, 1e-12);
}

}  // namespace
}  // namespace bmd::sensors
