#include "models/sensors/detection.h"

#include <boost/math/special_functions/erf.hpp>

#include <algorithm>
#include <cmath>

namespace bmd::sensors {

double PdSwerling1(double snr, double pfa) {
  if (!(snr > 0.0)) return pfa;
  return std::pow(pfa, 1.0 / (1.0 + snr));
}

double PdSwerling0(double snr, double pfa) {
  const double s = std::max(snr, 0.0);
  return 0.5 * std::erfc(std::sqrt(-std::log(pfa)) - std::sqrt(s + 0.5));
}

double PdAlbersheim(double snr, double pfa) {
  if (!(snr > 0.0)) return 0.0;
  const double a = std::log(0.62 / pfa);
  const double z = LinearToDb(snr) / (6.2 + 4.54 / std::sqrt(1.44));
  const double b = (std::pow(10.0, z) - a) / (1.7 + 0.12 * a);
  return 1.0 / (1.0 + std::exp(-b));
}

double PdRadar(double snr, double pfa, Swerling case_) {
  return case_ == Swerling::kCase1 ? PdSwerling1(snr, pfa) : PdSwerling0(snr, pfa);
}

double PdGaussian(double snr, double pfa) {
  const double threshold = std::sqrt(2.0) * boost::math::erfc_inv(2.0 * pfa);
  return 0.5 * std::erfc((threshold - snr) / std::sqrt(2.0));
}

}  // namespace bmd::sensors
