#include "models/fusion/association.h"

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <cmath>
#include <limits>

namespace bmd::fusion {
namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
using sensors::Measurement;
using sensors::MeasurementKind;

// Largest 1-sigma extent of a measurement's error in the Cartesian frame (squared).
double CartesianSigma2(const Measurement& m) {
  if (m.kind == MeasurementKind::kPosition) {
    return std::max({m.sigma[0] * m.sigma[0], m.sigma[1] * m.sigma[1], m.sigma[2] * m.sigma[2]});
  }
  const double r = m.z[0];
  const double s_az = r * m.sigma[1], s_el = r * m.sigma[2];
  return std::max({m.sigma[0] * m.sigma[0], s_az * s_az, s_el * s_el});
}
}  // namespace

GateThresholds::GateThresholds(double probability) {
  for (int k = 1; k <= 4; ++k) {
    g[k] = boost::math::quantile(boost::math::chi_squared(k), probability);
  }
}

bool RangeResidualExceedsGate(const Eigen::Vector3d& r, const Eigen::Matrix3d& p_rr,
                              const Measurement& m, double gate) {
  if (m.kind != MeasurementKind::kRangeAzEl && m.kind != MeasurementKind::kRangeAzElRate) {
    return false;
  }
  const Eigen::Vector3d d = r - m.site_pos;
  const double range2 = d.squaredNorm();
  const double y = m.z[0] - std::sqrt(range2);
  // S_00 |d|^2 = d^T P_rr d + sigma_0^2 |d|^2 (no division; |d| = 0 gives 0 > 0: false).
  const double s_range2 = d.dot(p_rr * d) + m.sigma[0] * m.sigma[0] * range2;
  return y * y * range2 > kRangeGateMargin * gate * s_range2;
}

GnnAssociator::GnnAssociator(const GateConfig& cfg, const Updater& updater)
    : gates_(cfg.probability),
      updater_(updater),
      range_pregate_(dynamic_cast<const EkfUpdater*>(&updater) != nullptr) {}

void GnnAssociator::Reserve(int max_tracks, int max_measurements) {
  const std::size_t cols = static_cast<std::size_t>(max_measurements + max_tracks);
  cost_.reserve(static_cast<std::size_t>(max_tracks) * cols);
  row_to_col_.reserve(max_tracks);
  meas_sigma2_.reserve(max_measurements);
  meas_pos_.reserve(max_measurements);
  work_.reserve(max_tracks);
  pair_work_.reserve(static_cast<std::size_t>(max_tracks) * max_measurements);
  solver_.Reserve(max_tracks, max_measurements + max_tracks);
}

void GnnAssociator::Associate(std::span<const Track> tracks, std::span<const Measurement> ms,
                              Associations* out) {
  const int n = static_cast<int>(tracks.size());
  const int m = static_cast<int>(ms.size());
  out->track_to_measurement.assign(n, -1);
  out->measurement_to_track.assign(m, -1);
  out->track_d2.assign(n, 0.0);
  out->gated_pairs = 0;
  num_measurements_ = static_cast<std::size_t>(m);
  pair_work_.assign(static_cast<std::size_t>(n) * m, -1);
  if (n == 0 || m == 0) return;

  // Per-measurement Cartesian position and error extent for the pre-gate.
  meas_pos_.resize(m);
  meas_sigma2_.resize(m);
  for (int j = 0; j < m; ++j) {
    if (ms[j].kind == MeasurementKind::kAngles) {
      meas_sigma2_[j] = -1.0;  // no pre-gate
    } else {
      meas_pos_[j] = sensors::MeasurementToPosition(ms[j]);
      meas_sigma2_[j] = CartesianSigma2(ms[j]);
    }
  }

  // Cost matrix n x (m + n): measurement columns, then one dummy (miss) column per track.
  const int cols = m + n;
  int gated = 0;  // pairs that passed the full gate (their work is work_[0, gated))
  cost_.assign(static_cast<std::size_t>(n) * cols, kInf);
  for (int i = 0; i < n; ++i) {
    double* row = cost_.data() + static_cast<std::size_t>(i) * cols;
    const Track& t = tracks[i];
    double g_max = 0.0;
    if (t.status == TrackStatus::kDeleted) {
      row[m + i] = 0.0;
      continue;
    }
    const Eigen::Vector3d r = t.state.x.head<3>();
    const Eigen::Matrix3d p_rr = t.state.P.topLeftCorner<3, 3>();
    const double p_trace = p_rr.trace();
    for (int j = 0; j < m; ++j) {
      const double g = gates_[ms[j].Dim()];
      if (meas_sigma2_[j] >= 0.0) {
        const double factor = ms[j].kind == MeasurementKind::kPosition ? 1.0 : kPreGateFactor;
        const double lim = factor * g * (p_trace + meas_sigma2_[j]);
        if ((r - meas_pos_[j]).squaredNorm() > lim) continue;
      }
      if (range_pregate_ && RangeResidualExceedsGate(r, p_rr, ms[j], g)) continue;
      // The innovation into the next free work slot, kept (for the update) if it gates.
      if (static_cast<std::size_t>(gated) == work_.size()) work_.emplace_back();
      updater_.PrepareUpdate(t.state, ms[j], &work_[static_cast<std::size_t>(gated)]);
      const Innovation& inn = work_[static_cast<std::size_t>(gated)].innovation;
      if (!inn.ok || inn.d2 > g) continue;
      pair_work_[static_cast<std::size_t>(i) * m + j] = gated++;
      row[j] = inn.d2;
      g_max = std::max(g_max, g);
    }
    // Leaving a track unassigned costs the gate, so any gated pair is at least as good.
    row[m + i] = g_max > 0.0 ? g_max : 0.0;
  }

  out->gated_pairs = gated;
  row_to_col_.resize(n);
  solver_.Solve(cost_.data(), n, cols, row_to_col_.data());
  for (int i = 0; i < n; ++i) {
    const int j = row_to_col_[i];
    if (j < 0 || j >= m) continue;
    out->track_to_measurement[i] = j;
    out->measurement_to_track[j] = i;
    out->track_d2[i] = cost_[static_cast<std::size_t>(i) * cols + j];
  }
}

}  // namespace bmd::fusion
