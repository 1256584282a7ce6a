// The Tracker in IMM mode: the IMM cycle runs per track, the IMM states stay parallel to the
// track list through initiation and deletion, and the track state is their combination.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "models/common/random.h"
#include "models/fusion/imm.h"
#include "models/fusion/tracker.h"

namespace bmd::fusion {
namespace {

sensors::Measurement Position(double t, const Eigen::Vector3d& r, std::int64_t truth, double sigma) {
  sensors::Measurement m;
  m.kind = sensors::MeasurementKind::kPosition;
  m.t_s = t;
  m.sensor = 0;
  m.truth_id = truth;
  m.sigma << sigma, sigma, sigma, 0;
  m.z.head<3>() = r;
  return m;
}

// Flat-gravity ballistic truth: r(t) = r0 + v0 t - g t^2 / 2 z.
Eigen::Vector3d Arc(const Eigen::Vector3d& r0, const Eigen::Vector3d& v0, double t) {
  return r0 + v0 * t + Eigen::Vector3d(0, 0, -0.5 * earth::kG0 * t * t);
}

TEST(TrackerImm, TracksBallisticTargetsAndKeepsStatesParallel) {
  ImmConfig ic;
  for (auto& m : ic.models) m.kind = MotionKind::kFlatGravity;
  ic.models[kImmBoost].q_m2ps3 = 2500.0;
  ic.models[kImmBallistic].q_m2ps3 = 0.1;
  const ImmFilter imm(ic);
  TrackerConfig tc;
  tc.initiator.velocity_sigma_mps = 3000.0;
  Tracker tracker(tc, imm);
  ASSERT_TRUE(tracker.is_imm());

  const Eigen::Vector3d r_a(0, 0, 100e3), v_a(2000, 0, 500);
  const Eigen::Vector3d r_b(0, 200e3, 150e3), v_b(0, -1500, 300);
  RandomStream rng(11, 0, 0, Purpose::kTest);
  constexpr double kSigma = 30.0;
  for (int k = 0; k < 40; ++k) {
    const double t = k;
    std::vector<sensors::Measurement> ms;
    auto noisy = [&](const Eigen::Vector3d& r) -> Eigen::Vector3d {
      return r + kSigma * Eigen::Vector3d(rng.Normal(), rng.Normal(), rng.Normal());
    };
    ms.push_back(Position(t, noisy(Arc(r_a, v_a, t)), 1, kSigma));
    if (k < 20) ms.push_back(Position(t, noisy(Arc(r_b, v_b, t)), 2, kSigma));  // B vanishes at 20 s
    tracker.Step(t, ms);
    // Invariant: one IMM state per track, and the track state is the IMM combination.
    ASSERT_EQ(tracker.imm_states().size(), tracker.tracks().size());
    for (std::size_t i = 0; i < tracker.tracks().size(); ++i) {
      const GaussianState c = ImmFilter::Combined(tracker.imm_states()[i]);
      EXPECT_LT((c.x - tracker.tracks()[i].state.x).norm(), 1e-9);
      EXPECT_NEAR(tracker.imm_states()[i].mu.sum(), 1.0, 1e-12);
    }
  }
  // B was deleted after its misses (max 5 consecutive); A remains, confirmed, on truth 1.
  ASSERT_EQ(tracker.tracks().size(), 1u);
  const Track& a = tracker.tracks()[0];
  EXPECT_EQ(a.status, TrackStatus::kConfirmed);
  EXPECT_EQ(a.truth_id, 1);
  // 39 s of a ballistic arc with 30 m noise: a filter matched to the dynamics is within a few
  // sigma of truth (bound 4 sigma per axis in 3-D, ~ 210 m, generous for one sample).
  EXPECT_LT((a.state.Position() - Arc(r_a, v_a, 39.0)).norm(), 4.0 * std::sqrt(3.0) * kSigma);
  // Unpowered flight: the low-noise (ballistic) model dominates.
  EXPECT_GT(tracker.imm_states()[0].mu[kImmBallistic], 0.8);
}

}  // namespace
}  // namespace bmd::fusion
