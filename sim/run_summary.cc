#include "sim/run_summary.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace bmd::sim {
namespace {

constexpr std::array<SummaryMetric, 13> kMetrics = {{
    {"leakers", "1", MetricKind::kCount, "threats that reached impact without being intercepted"},
    {"zero_leakers", "1", MetricKind::kFlag, "1 if no threat leaked"},
    {"assets_hit", "1", MetricKind::kCount, "defended assets with at least one impact inside their radius"},
    {"any_asset_hit", "1", MetricKind::kFlag, "1 if any defended asset was hit"},
    {"impacts", "1", MetricKind::kCount, "reentry vehicles that reached the ground"},
    {"intercepts", "1", MetricKind::kCount, "threats intercepted"},
    {"interceptors_used", "1", MetricKind::kCount, "interceptors launched"},
    {"mean_miss_from_aim_m", "m", MetricKind::kContinuous,
     "mean impact-to-aim distance of the reentry vehicles that impacted"},
    {"time_to_first_detection_s", "s", MetricKind::kContinuous,
     "mean over detected threats of (first detection by any node's sensor - launch time)"},
    {"time_to_first_track_s", "s", MetricKind::kContinuous,
     "mean over tracked threats of (first network track at any node - launch time)"},
    {"threats_tracked", "1", MetricKind::kCount, "threats that some node's picture held at some time"},
    {"mean_ospa_m", "m", MetricKind::kContinuous, "OSPA (c = 5 km, p = 2) averaged over nodes and samples"},
    {"mean_completeness", "1", MetricKind::kContinuous, "SIAP completeness averaged over nodes"},
}};

// Mean over threats of the earliest time (over nodes) minus launch; NaN if none.
double MeanFirst(const std::vector<std::vector<double>>& per_threat_node,
                 const std::vector<double>& launch, int* count) {
  double sum = 0.0;
  int n = 0;
  for (std::size_t i = 0; i < per_threat_node.size(); ++i) {
    double best = std::numeric_limits<double>::infinity();
    for (double t : per_threat_node[i]) {
      if (!std::isnan(t)) best = std::min(best, t);
    }
    if (std::isfinite(best)) {
      sum += best - launch[i];
      ++n;
    }
  }
  if (count) *count = n;
  return n > 0 ? sum / n : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

std::span<const SummaryMetric> SummaryMetrics() { return kMetrics; }

std::vector<double> SummarizeRun(const RunResult& r) {
  const std::vector<double>& launch = r.launch_times_s;
  int tracked = 0;
  const double t_det = MeanFirst(r.sensing.first_detection_s, launch, nullptr);
  const double t_trk = MeanFirst(r.sensing.first_track_s, launch, &tracked);
  double ospa = 0.0, comp = 0.0;
  for (const auto& m : r.sensing.metrics) ospa += m.ospa_m;
  for (const auto& s : r.sensing.siap) comp += s.completeness;
  double miss_sum = 0.0;
  for (const auto& t : r.threats) {
    if (t.impacted) miss_sum += t.miss_from_aim_m;
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> v = {
      static_cast<double>(r.leakers),
      r.leakers == 0 ? 1.0 : 0.0,
      static_cast<double>(r.assets_hit),
      r.assets_hit > 0 ? 1.0 : 0.0,
      static_cast<double>(r.impacts),
      static_cast<double>(r.intercepts),
      static_cast<double>(r.interceptors_used),
      r.impacts > 0 ? miss_sum / r.impacts : nan,
      t_det,
      t_trk,
      static_cast<double>(tracked),
      r.sensing.metrics.empty() ? nan : ospa / static_cast<double>(r.sensing.metrics.size()),
      r.sensing.siap.empty() ? nan : comp / static_cast<double>(r.sensing.siap.size()),
  };
  return v;
}

}  // namespace bmd::sim
