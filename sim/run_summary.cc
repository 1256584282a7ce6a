#include "sim/run_summary.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace bmd::sim {
namespace {

constexpr std::array<SummaryMetric, 20> kMetrics = {{
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
    {"mean_commonality", "1", MetricKind::kContinuous,
     "objects tracked by both of two nodes / by either, averaged over node pairs and samples"},
    {"mean_same_number", "1", MetricKind::kContinuous,
     "of the objects two nodes both track, fraction under the same track number (pairs, samples)"},
    {"mean_dual_tracks", "1", MetricKind::kContinuous,
     "redundant network tracks on one object per node picture, averaged over nodes and samples"},
    {"engagement_timeliness_s", "s", MetricKind::kContinuous,
     "mean over engaged threats of (first interceptor launch - first network track at any node)"},
    {"interceptors_per_kill", "1", MetricKind::kContinuous, "interceptors launched / threats intercepted"},
    {"duplicate_engagements", "1", MetricKind::kCount,
     "launches at an object another node's interceptor was already flying at"},
    {"messages_withheld", "1", MetricKind::kCount, "messages the sharing policy kept back"},
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
  double common = 0.0, same = 0.0, dual = 0.0;
  for (const auto& c : r.sensing.commonality) {
    common += c.common_fraction;
    same += c.same_number_fraction;
  }
  for (const auto& d : r.sensing.interop) dual += d.dual_tracks;
  // Engagement timeliness: first launch at a threat after its first network track.
  std::vector<double> first_launch(launch.size(), std::numeric_limits<double>::infinity());
  for (const auto& e : r.battle.engagements) {
    if (e.threat >= 0 && e.threat < static_cast<int>(first_launch.size())) {
      first_launch[static_cast<std::size_t>(e.threat)] = std::min(first_launch[static_cast<std::size_t>(e.threat)], e.launch_t_s);
    }
  }
  double timely = 0.0;
  int n_timely = 0;
  for (std::size_t i = 0; i < first_launch.size() && i < r.sensing.first_track_s.size(); ++i) {
    double first_track = std::numeric_limits<double>::infinity();
    for (double t : r.sensing.first_track_s[i]) {
      if (!std::isnan(t)) first_track = std::min(first_track, t);
    }
    if (std::isfinite(first_launch[i]) && std::isfinite(first_track)) {
      timely += first_launch[i] - first_track;
      ++n_timely;
    }
  }
  const auto n_common = static_cast<double>(r.sensing.commonality.size());
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
      n_common > 0 ? common / n_common : nan,
      n_common > 0 ? same / n_common : nan,
      r.sensing.interop.empty() ? nan : dual / static_cast<double>(r.sensing.interop.size()),
      n_timely > 0 ? timely / n_timely : nan,
      r.intercepts > 0 ? static_cast<double>(r.interceptors_used) / r.intercepts : nan,
      static_cast<double>(r.battle.duplicate_engagements),
      static_cast<double>(r.network.withheld),
  };
  return v;
}

}  // namespace bmd::sim
