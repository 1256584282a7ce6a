#pragma once
/// Single-dwell detection probability models (radar and passive IR). SNR as a power ratio
/// (linear) unless the name says _db.

#include <cmath>

namespace bmd::sensors {

enum class Swerling : int {
  kCase0 = 0,  ///< non-fluctuating target (Marcum), North approximation
  kCase1 = 1,  ///< slow Rayleigh fluctuation, scan to scan (exact closed form)
};

/// Swerling 1, one square-law-detected sample (the dwell's coherent gain is already in the
/// SNR): Pd = Pfa^(1 / (1 + SNR)) (Skolnik, Introduction to Radar Systems, 3rd ed., 2.7).
double PdSwerling1(double snr, double pfa);

/// Swerling 0 (steady target), one square-law sample: North's approximation to the Marcum Q
/// function (North 1943; DiFranco & Rubin, Radar Detection, ch. 10):
///   Pd = 0.5 erfc( sqrt(-ln Pfa) - sqrt(SNR + 1/2) ).
/// Within 0.2 dB in SNR of the exact Marcum result for 1e-7 <= Pfa <= 1e-3 and
/// 0.1 <= Pd <= 0.99 (tests/sensors/detection_test.cc checks this against Boost's noncentral
/// chi-square). Chosen over Albersheim, whose single-sample (N = 1) form is off by up to
/// 0.9-4 dB at Pd = 0.1 (see PdAlbersheim).
double PdSwerling0(double snr, double pfa);

/// Albersheim's empirical equation inverted for Pd, N = 1 (Albersheim 1981; Richards,
/// Fundamentals of Radar Signal Processing, 6.2.2):
///   A = ln(0.62 / Pfa),  Z = SNR_dB / 9.983   (9.983 = 6.2 + 4.54 / sqrt(1 + 0.44)),
///   B = (10^Z - A) / (1.7 + 0.12 A),  Pd = 1 / (1 + exp(-B)).
/// Within 0.1 dB of exact for Pd >= 0.4, but 0.3-4 dB optimistic at Pd 0.1-0.2 when N = 1.
/// Kept for comparison with tools that use it.
double PdAlbersheim(double snr, double pfa);

/// Either of the above.
double PdRadar(double snr, double pfa, Swerling case_);

/// Passive (IR) detection of a steady point source in Gaussian noise: the pixel sample is
/// S + n with n ~ N(0, 1) in noise-equivalent units and the threshold T = Qinv(Pfa), so
///   Pd = Q(T - S) = 0.5 erfc((T - S) / sqrt(2)),   S = E / NEI.
double PdGaussian(double snr, double pfa);

inline double DbToLinear(double db) { return std::pow(10.0, 0.1 * db); }
inline double LinearToDb(double x) { return 10.0 * std::log10(x); }

}  // namespace bmd::sensors
