#include "models/earth/atmosphere.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace bmd::earth {
namespace {

constexpr double kR0 = 6356766.0;           // m, effective Earth radius for geopotential altitude
constexpr double kRStar = 8.31432;          // N m / (mol K), 1976 gas constant
constexpr double kM0 = 0.0289644;           // kg/mol, sea-level mean molecular weight
constexpr double kG0 = 9.80665;             // m/s^2
constexpr double kGamma = 1.4;
constexpr double kGmr = kG0 * kM0 / kRStar;  // K/m, hydrostatic constant (34.163195 K/km)

struct Layer {
  double h_base_m;   // geopotential altitude of the layer base
  double lapse_k_m;  // molecular-scale temperature gradient
};
constexpr std::array<Layer, 7> kLayers = {{
    {0.0, -6.5e-3}, {11000.0, 0.0}, {20000.0, 1.0e-3}, {32000.0, 2.8e-3},
    {47000.0, 0.0}, {51000.0, -2.8e-3}, {71000.0, -2.0e-3}}};
constexpr double kTopGeometric = 86000.0;

// Base temperature and pressure of each layer, derived from the sea-level values.
struct LayerBase {
  double t_k, p_pa;
};
std::array<LayerBase, 8> ComputeBases() {
  std::array<LayerBase, 8> b{};
  b[0] = {288.15, 101325.0};
  for (std::size_t i = 0; i < kLayers.size(); ++i) {
    const double h_top = i + 1 < kLayers.size() ? kLayers[i + 1].h_base_m : 84852.0;
    const double dh = h_top - kLayers[i].h_base_m;
    const double l = kLayers[i].lapse_k_m;
    const double t_top = b[i].t_k + l * dh;
    const double p_top = l == 0.0 ? b[i].p_pa * std::exp(-kGmr * dh / b[i].t_k)
                                  : b[i].p_pa * std::pow(b[i].t_k / t_top, kGmr / l);
    b[i + 1] = {t_top, p_top};
  }
  return b;
}
const std::array<LayerBase, 8>& Bases() {
  static const std::array<LayerBase, 8> b = ComputeBases();
  return b;
}

// Molecular-weight ratio M/M0 from 80 to 86 km (1976 standard, Table 8), 0.5 km steps.
constexpr std::array<double, 13> kMRatio = {1.000000, 0.999996, 0.999989, 0.999971, 0.999941,
                                            0.999909, 0.999870, 0.999829, 0.999786, 0.999741,
                                            0.999694, 0.999641, 0.999579};

// 1976 tabulated densities above 86 km (geometric km, kg/m^3).
struct DensityKnot {
  double z_m, rho;
};
constexpr std::array<DensityKnot, 14> kUpper = {{{86e3, 6.958e-6},   {100e3, 5.604e-7},
                                                 {110e3, 9.708e-8},  {120e3, 2.222e-8},
                                                 {150e3, 2.076e-9},  {200e3, 2.541e-10},
                                                 {300e3, 1.916e-11}, {400e3, 2.803e-12},
                                                 {500e3, 5.215e-13}, {600e3, 1.137e-13},
                                                 {700e3, 3.070e-14}, {800e3, 1.136e-14},
                                                 {900e3, 5.759e-15}, {1000e3, 3.561e-15}}};

AtmosphereState Lower(double z) {
  const double h = kR0 * z / (kR0 + z);
  std::size_t i = kLayers.size() - 1;
  while (i > 0 && h < kLayers[i].h_base_m) --i;
  const auto& base = Bases()[i];
  const double l = kLayers[i].lapse_k_m;
  const double dh = h - kLayers[i].h_base_m;
  const double tm = base.t_k + l * dh;  // molecular-scale temperature
  const double p = l == 0.0 ? base.p_pa * std::exp(-kGmr * dh / base.t_k)
                            : base.p_pa * std::pow(base.t_k / tm, kGmr / l);
  double m_ratio = 1.0;
  if (z > 80000.0) {
    const double u = std::min((z - 80000.0) / 500.0, 12.0);
    const auto k = std::min<std::size_t>(static_cast<std::size_t>(u), 11);
    m_ratio = kMRatio[k] + (u - static_cast<double>(k)) * (kMRatio[k + 1] - kMRatio[k]);
  }
  AtmosphereState s;
  s.temperature_k = tm * m_ratio;
  s.pressure_pa = p;
  s.density_kg_m3 = p * kM0 / (kRStar * tm);
  s.speed_of_sound_m_s = std::sqrt(kGamma * kRStar * tm / kM0);
  return s;
}

}  // namespace

double detail::UpperDensity(double z) {
  if (z >= kUpper.back().z_m) return z > kUpper.back().z_m ? 0.0 : kUpper.back().rho;
  std::size_t i = 0;
  while (z > kUpper[i + 1].z_m) ++i;
  const double f = (z - kUpper[i].z_m) / (kUpper[i + 1].z_m - kUpper[i].z_m);
  return kUpper[i].rho * std::pow(kUpper[i + 1].rho / kUpper[i].rho, f);
}

namespace {

// Speed of sound: 100 m nodes up to 86 km (constant above).
constexpr double kTableMin = -5000.0;
constexpr double kSoundStep = 100.0;
constexpr auto kSoundNodes = static_cast<std::size_t>((kTopGeometric - kTableMin) / kSoundStep) + 1;

// One spare node past the top so that the interpolation at exactly the top needs no branch.
std::array<double, kSoundNodes + 1> BuildSoundTable() {
  std::array<double, kSoundNodes + 1> t{};
  for (std::size_t i = 0; i < t.size(); ++i) {
    t[i] = Ussa1976(kTableMin + kSoundStep * static_cast<double>(i)).speed_of_sound_m_s;
  }
  return t;
}

std::array<double, detail::kDensityNodes + 1> BuildDensityTable() {
  std::array<double, detail::kDensityNodes + 1> t{};
  for (std::size_t i = 0; i < t.size(); ++i) {
    t[i] = Ussa1976(detail::kDensityTableMin_m + detail::kDensityStep_m * static_cast<double>(i))
               .density_kg_m3;
  }
  return t;
}

// Built during static initialisation (Ussa1976 reads only constant-initialised data and its
// own function-local statics, so the order of initialisation does not matter here).
const std::array<double, kSoundNodes + 1> kSoundTable = BuildSoundTable();

}  // namespace

const std::array<double, detail::kDensityNodes + 1> detail::kDensityTable = BuildDensityTable();

AtmosphereState Ussa1976(double z) {
  z = std::max(z, -5000.0);
  if (z <= kTopGeometric) return Lower(z);
  AtmosphereState s = Lower(kTopGeometric);
  s.density_kg_m3 = detail::UpperDensity(z);
  s.pressure_pa = s.density_kg_m3 * kRStar * s.temperature_k / kM0;
  return s;
}

double SpeedOfSoundFast(double z) {
  const double u = (!(z >= kTableMin) ? 0.0 : std::min(z, kTopGeometric) - kTableMin) / kSoundStep;
  const auto i = static_cast<std::size_t>(u);
  const double f = u - static_cast<double>(i);
  return kSoundTable[i] + f * (kSoundTable[i + 1] - kSoundTable[i]);
}

}  // namespace bmd::earth
