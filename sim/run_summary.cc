#include "sim/run_summary.h"

#include <array>
#include <cmath>
#include <limits>

namespace bmd::sim {
namespace {

constexpr std::array<SummaryMetric, 8> kMetrics = {{
    {"leakers", "1", MetricKind::kCount, "threats that reached impact without being intercepted"},
    {"zero_leakers", "1", MetricKind::kFlag, "1 if no threat leaked"},
    {"assets_hit", "1", MetricKind::kCount, "defended assets with at least one impact inside their radius"},
    {"any_asset_hit", "1", MetricKind::kFlag, "1 if any defended asset was hit"},
    {"impacts", "1", MetricKind::kCount, "reentry vehicles that reached the ground"},
    {"intercepts", "1", MetricKind::kCount, "threats intercepted"},
    {"interceptors_used", "1", MetricKind::kCount, "interceptors launched"},
    {"mean_miss_from_aim_m", "m", MetricKind::kContinuous,
     "mean impact-to-aim distance of the reentry vehicles that impacted"},
}};

}  // namespace

std::span<const SummaryMetric> SummaryMetrics() { return kMetrics; }

std::vector<double> SummarizeRun(const RunResult& r) {
  double miss_sum = 0.0;
  int intercepts = 0;
  for (const auto& t : r.threats) {
    if (t.impacted) miss_sum += t.miss_from_aim_m;
    if (t.intercepted) ++intercepts;
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> v = {
      static_cast<double>(r.leakers),
      r.leakers == 0 ? 1.0 : 0.0,
      static_cast<double>(r.assets_hit),
      r.assets_hit > 0 ? 1.0 : 0.0,
      static_cast<double>(r.impacts),
      static_cast<double>(intercepts),
      0.0,
      r.impacts > 0 ? miss_sum / r.impacts : nan,
  };
  return v;
}

}  // namespace bmd::sim
