#include "models/flight/drag_density.h"

#include <algorithm>
#include <vector>

#include "models/earth/atmosphere.h"

namespace bmd::flight {
namespace {

constexpr double kMin_m = -5000.0;
constexpr double kMax_m = 151000.0;
constexpr double kStep_m = 100.0;
constexpr double kInvStep = 1.0 / kStep_m;

const std::vector<double>& Table() {
  static const std::vector<double> table = [] {
    const auto n = static_cast<std::size_t>((kMax_m - kMin_m) / kStep_m) + 2;
    std::vector<double> t(n);
    for (std::size_t i = 0; i < n; ++i) {
      t[i] = earth::Ussa1976(kMin_m + kStep_m * static_cast<double>(i)).density_kg_m3;
    }
    return t;
  }();
  return table;
}

}  // namespace

double DragDensity(double h_m) {
  const std::vector<double>& t = Table();
  const double u = (std::clamp(h_m, kMin_m, kMax_m) - kMin_m) * kInvStep;
  const auto i = static_cast<std::size_t>(u);
  const double f = u - static_cast<double>(i);
  return t[i] + f * (t[i + 1] - t[i]);
}

}  // namespace bmd::flight
