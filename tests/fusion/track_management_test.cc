// M-of-N confirmation and deletion on scripted hit/miss sequences; tracker life cycle.
#include <gtest/gtest.h>

#include <numbers>
#include <string>

#include "models/fusion/deleter.h"
#include "models/fusion/initiator.h"
#include "models/fusion/predictor.h"
#include "models/fusion/tracker.h"
#include "models/fusion/updater.h"

namespace bmd::fusion {
namespace {

sensors::Measurement PositionMeasurement(double t, Eigen::Vector3d r) {
  sensors::Measurement m;
  m.kind = sensors::MeasurementKind::kPosition;
  m.t_s = t;
  m.sensor = 2;
  m.truth_id = 7;
  m.sigma << 10, 10, 10, 0;
  m.z.head<3>() = r;
  return m;
}

// Plays a script of 'H'/'M' scans (the first must be 'H', the initiating measurement) and
// returns the status letter after each scan: T, C, K (coasting) or D (deleted).
std::string Play(const std::string& script, int m, int n, int max_misses = 5) {
  InitiatorConfig ic;
  ic.confirm_m = m;
  ic.confirm_n = n;
  DeleterConfig dc;
  dc.confirm_m = m;
  dc.confirm_n = n;
  dc.max_consecutive_misses = max_misses;
  dc.max_coast_s = 1e9;
  const Initiator init(ic);
  const Deleter del(dc);
  Track t = init.InitiateOne(PositionMeasurement(0, Eigen::Vector3d::Zero()), 1);
  std::string out;
  for (std::size_t k = 0; k < script.size(); ++k) {
    if (k > 0) {
      if (script[k] == 'H') {
        t.RecordHit(static_cast<double>(k), 2, 7);
      } else {
        t.RecordMiss();
      }
      init.Confirm(&t);
    }
    if (del.ShouldDelete(t, static_cast<double>(k))) {
      out += 'D';
      break;
    }
    out += "TCKD"[static_cast<int>(t.status)];
  }
  return out;
}

TEST(TrackManagement, MOfNConfirmation) {
  // 3 of 4: hits on scans 1, 2, 4 confirm at scan 4; two early misses kill the tentative track.
  EXPECT_EQ(Play("HHMH", 3, 4), "TTTC");
  EXPECT_EQ(Play("HHH", 3, 4), "TTC");
  EXPECT_EQ(Play("HMMH", 3, 4), "TTD");
  EXPECT_EQ(Play("HMHMH", 3, 4), "TTTD");
  // 2 of 3.
  EXPECT_EQ(Play("HMH", 2, 3), "TTC");
  EXPECT_EQ(Play("HMM", 2, 3), "TTD");
  // 1 of 1: confirmed at once.
  EXPECT_EQ(Play("H", 1, 1), "C");
}

TEST(TrackManagement, CoastingAndDeletionOnMisses) {
  // Confirmed after HHH; a miss coasts, a hit re-confirms; more than 3 misses in a row delete.
  EXPECT_EQ(Play("HHHMHMMMMH", 3, 4, 3), "TTCKCKKKD");
  EXPECT_EQ(Play("HHHMMMH", 3, 4, 3), "TTCKKKC");
}

TEST(TrackManagement, DeletesOnCoastTimeAndCovarianceSize) {
  DeleterConfig dc;
  dc.max_coast_s = 10.0;
  dc.max_position_sigma_m = 1000.0;
  const Deleter del(dc);
  Track t;
  t.status = TrackStatus::kCoasting;
  t.last_update_s = 100.0;
  t.state.P = Matrix6d::Identity() * 100.0;
  EXPECT_FALSE(del.ShouldDelete(t, 110.0));
  EXPECT_TRUE(del.ShouldDelete(t, 110.5));
  // sqrt(trace P_rr) = sqrt(3 * 4e5) = 1095 m > 1000 m.
  t.state.P = Matrix6d::Identity() * 4e5;
  EXPECT_TRUE(del.ShouldDelete(t, 100.0));
  t.state.P = Matrix6d::Identity() * 3e5;  // 949 m
  EXPECT_FALSE(del.ShouldDelete(t, 100.0));
}

TEST(TrackManagement, SinglePointInitiationCovariance) {
  // Range/az/el at az = 90 deg (east), el = 0, range 100 km, in a frame equal to ENU:
  // range error along x (20 m), azimuth error along -y (100 km * 1 mrad = 100 m), elevation
  // along z (100 m); velocity sigma as configured.
  InitiatorConfig ic;
  ic.velocity_sigma_mps = 2000.0;
  sensors::Measurement m;
  m.kind = sensors::MeasurementKind::kRangeAzEl;
  m.z << 100e3, std::numbers::pi / 2, 0.0, 0.0;
  m.sigma << 20.0, 1e-3, 1e-3, 0.0;
  m.sensor = 3;
  const Track t = Initiator(ic).InitiateOne(m, 5);
  EXPECT_EQ(t.id, 5);
  EXPECT_NEAR((t.state.Position() - Eigen::Vector3d(100e3, 0, 0)).norm(), 0.0, 1e-6);
  const Matrix6d& p = t.state.P;
  EXPECT_NEAR(p(0, 0), 400.0, 1e-6);
  EXPECT_NEAR(p(1, 1), 1e4, 1e-6);
  EXPECT_NEAR(p(2, 2), 1e4, 1e-6);
  EXPECT_NEAR(p(0, 1), 0.0, 1e-6);
  EXPECT_NEAR(p(3, 3), 4e6, 1e-6);
  EXPECT_EQ(t.status, TrackStatus::kTentative);
  EXPECT_TRUE(t.HasSource(m.sensor));
}

TEST(Tracker, LifeCycleOfOneTarget) {
  // A target seen for 10 scans then gone: confirmed at scan 3 (3 of 4), coasts, deleted after
  // more than 5 misses in a row (default). A single false alarm far away never confirms.
  MotionModelConfig mc;
  mc.kind = MotionKind::kFlatGravity;
  mc.q_m2ps3 = 1.0;
  const EkfPredictor predictor{MotionModel(mc)};
  const EkfUpdater updater;
  TrackerConfig cfg;
  cfg.initiator.velocity_sigma_mps = 1000.0;
  Tracker tracker(cfg, predictor, updater);
  std::vector<sensors::Measurement> ms;
  for (int k = 0; k < 20; ++k) {
    const double t = k;
    ms.clear();
    if (k < 10) {
      // Ballistic in the flat frame: r = r0 + v t + g t^2 / 2, noise-free.
      ms.push_back(PositionMeasurement(
          t, Eigen::Vector3d(1000 + 500 * t, 0, 20000 + 300 * t - 0.5 * earth::kG0 * t * t)));
    }
    if (k == 4) ms.push_back(PositionMeasurement(t, Eigen::Vector3d(-50e3, 50e3, 1e3)));
    tracker.Step(t, ms);
    const auto& tr = tracker.tracks();
    if (k < 2) {
      ASSERT_EQ(tr.size(), 1u);
      EXPECT_EQ(tr[0].status, TrackStatus::kTentative);
    } else if (k < 10) {
      ASSERT_GE(tr.size(), 1u);
      EXPECT_EQ(tr[0].status, TrackStatus::kConfirmed) << k;
      EXPECT_EQ(tr[0].id, 1);
    } else if (k <= 14) {  // misses 1..5 after the last hit at k = 9
      ASSERT_GE(tr.size(), 1u) << k;
      EXPECT_EQ(tr[0].status, TrackStatus::kCoasting) << k;
    } else if (k == 15) {  // the sixth miss in a row
      EXPECT_TRUE(tr.empty());
      ASSERT_EQ(tracker.deleted_ids().size(), 1u);
      EXPECT_EQ(tracker.deleted_ids()[0], 1);
    }
    if (k == 5) {
      // The false alarm's tentative track survives one miss (3 of 4 still reachable) ...
      EXPECT_EQ(tr.size(), 2u);
    }
    if (k == 6) {  // ... not two.
      EXPECT_EQ(tr.size(), 1u);
    }
  }
}

}  // namespace
}  // namespace bmd::fusion
