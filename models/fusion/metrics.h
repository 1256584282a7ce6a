#pragma once
/// Tracking performance metrics. Not in the per-scan hot path (they may allocate).
///
/// Estimate errors: position/velocity error norms, NEES = e^T P^-1 e (6 dof; 3 dof for the
/// position block), e = x_hat - x_true. NIS comes from the update (UpdateResult::nis).
///
/// OSPA (Schuhmacher, Vo & Vo 2008), |X| = m <= |Y| = n (else swap), d_c = min(d, c):
///   OSPA = ( (1/n) (min_pi sum_i d_c(x_i, y_pi(i))^p + c^p (n - m)) )^(1/p);  0 if m = n = 0.
/// GOSPA (Rahmathullah, Garcia-Fernandez & Svensson 2017) with alpha = 2:
///   GOSPA^p = min over assignments [ sum_assigned d^p + (c^p / 2) (#missed + #false) ],
///   pairs with d >= c count as one missed + one false (same cost c^p); decomposition into the
///   localisation, missed and false terms (each in units of m^p, summing to GOSPA^p).
///
/// SIAP (Votruba et al. 2001, "Single Integrated Air Picture (SIAP) Metrics Implementation";
/// as in Stone Soup's SIAPMetrics), accumulated over scans. At each scan every track is
/// associated with the nearest truth within association_distance_m (or none); then with
/// N_T truths, N_JT truths with at least one track, N_A associated tracks, N_S unassociated
/// tracks and N_tr tracks, summed over scans:
///   completeness C = sum N_JT / sum N_T;     ambiguity A = sum N_A / sum N_JT;
///   spuriousness S = sum N_S / sum N_tr;     positional accuracy PA = sum |dr| / sum N_A;
///   velocity accuracy VA = sum |dv| / sum N_A;
///   track-number change rate R = (number of changes of the track number a truth is held
///     by) / (total time truths are tracked); a truth keeps its current number while a track
///     of that number is associated with it, else takes its nearest associated track's;
///     tracked time of a scan = t_k - t_{k-1} (the first scan adds none);
///   longest track segment LS = mean over truths of (longest run of consecutive scans held by
///     one track number) / (scans in which the truth exists).
#include <Eigen/Core>
#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "models/fusion/gaussian_state.h"

namespace bmd::fusion {

struct EstimateErrors {
  double position_error_m = 0.0;
  double velocity_error_mps = 0.0;
  double nees = 0.0;           ///< 6-dof
  double nees_position = 0.0;  ///< 3-dof, position block
};

EstimateErrors ComputeErrors(const GaussianState& est, const Eigen::Vector3d& r_true,
                             const Eigen::Vector3d& v_true);

double Ospa(std::span<const Eigen::Vector3d> x, std::span<const Eigen::Vector3d> y, double c,
            double p);

struct GospaResult {
  double distance = 0.0;      ///< GOSPA
  double localisation = 0.0;  ///< sum d^p of assigned pairs (d < c)
  double missed = 0.0;        ///< (c^p / 2) * num_missed
  double false_tracks = 0.0;  ///< (c^p / 2) * num_false
  int num_assigned = 0;
  int num_missed = 0;
  int num_false = 0;
};

/// truths X, estimates Y; alpha = 2.
GospaResult Gospa(std::span<const Eigen::Vector3d> truths, std::span<const Eigen::Vector3d> estimates,
                  double c, double p);
/// As above, and the optimal assignment itself: estimate_to_truth[k] = index of the truth that
/// estimate k is assigned to (distance < c), or -1 (a false estimate). The span must hold
/// estimates.size() entries.
GospaResult Gospa(std::span<const Eigen::Vector3d> truths, std::span<const Eigen::Vector3d> estimates,
                  double c, double p, std::span<int> estimate_to_truth);

/// OSPA of the same sets from a GOSPA result (same cut-off c and order p): both use the same
/// optimal assignment of min(d, c)^p, so
///   OSPA = ((localisation + c^p (n - num_assigned)) / n)^(1/p),  n = max(|X|, |Y|)
/// (an assigned pair at d >= c counts c^p like an unassigned element); 0 for two empty sets.
/// Saves the second assignment when both metrics are wanted.
double OspaFromGospa(const GospaResult& g, double c, double p);

struct TruthPoint {
  std::int64_t id = -1;
  Eigen::Vector3d r = Eigen::Vector3d::Zero();
  Eigen::Vector3d v = Eigen::Vector3d::Zero();
};
struct TrackPoint {
  std::int64_t number = -1;
  Eigen::Vector3d r = Eigen::Vector3d::Zero();
  Eigen::Vector3d v = Eigen::Vector3d::Zero();
};

struct SiapResult {
  double completeness = 0.0;
  double ambiguity = 0.0;
  double spuriousness = 0.0;
  double positional_accuracy_m = 0.0;
  double velocity_accuracy_mps = 0.0;
  double track_number_change_rate_per_s = 0.0;
  double longest_track_segment = 0.0;
  std::int64_t track_number_changes = 0;
};

class SiapAccumulator {
 public:
  explicit SiapAccumulator(double association_distance_m) : assoc_m_(association_distance_m) {}
  void AddScan(double t_s, std::span<const TruthPoint> truths, std::span<const TrackPoint> tracks);
  SiapResult Result() const;

 private:
  struct TruthHistory {
    std::int64_t current_number = -1;
    int scans_present = 0;
    int run = 0;
    int longest_run = 0;
    double tracked_s = 0.0;
  };
  double assoc_m_;
  bool have_scan_ = false;
  double last_t_s_ = 0.0;
  double sum_nt_ = 0, sum_njt_ = 0, sum_na_ = 0, sum_ns_ = 0, sum_ntr_ = 0;
  double sum_pos_err_ = 0, sum_vel_err_ = 0;
  std::int64_t changes_ = 0;
  std::unordered_map<std::int64_t, TruthHistory> truths_;
};

}  // namespace bmd::fusion
