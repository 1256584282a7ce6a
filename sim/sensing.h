#pragma once
/// The sensing and tracking part of a run: radars and space-IR satellites measure the truth
/// objects, per-sensor trackers build local tracks, and each C2 node fuses the tracks of its
/// sensors into its own picture. Metrics against truth are recorded as the run goes.
///
/// Time model: a radar scans every spec.track_revisit_s (at the first tick at or after each
/// scan instant); at a scan its scheduler decides which objects get a dwell (search sweep,
/// cued sector or track revisit), every dwell is a detection draw, false alarms are drawn,
/// and its tracker takes one Step with the scan's measurements. Space-IR satellites scan at
/// their revisit; their looks feed a launch estimator per object (grouped by truth id: the
/// engine's stand-in for IR track association, documented) whose cues steer every radar's
/// scheduler when cueing is on. Nodes fuse every tracking.fusion_interval_s.
///
/// Networking (sim/network.h): each node runs an interop::NetworkTrackManager over its own
/// radars' local tracks and the track reports it received from linked nodes (source ids:
/// sensors 0..S-1, remote nodes S + node index). After each fusion cycle it reports every
/// network track its own sensors contribute to (reporting responsibility) to its
/// neighbours, with the contributing nations (originator control in the policy). Space-IR
/// launch estimates are kept per node that owns IR sensors; its cues steer its own radars
/// at once and reach other nodes' radars as cue messages over the links. Registration
/// errors: radar.bias (range/az/el) is added in Dwell, the site error afterwards, and a
/// clock offset c makes the radar measure the object where it was c seconds earlier; with
/// tracking.registration_correction each node estimates its radars' biases from pairs of
/// their local tracks with the nearest other-source report and removes them.
#include <cstdint>
#include <exception>
#include <memory>
#include <span>
#include <vector>

#include "models/interop/network_track_manager.h"
#include "models/interop/picture_metrics.h"
#include "models/interop/registration.h"
#include "models/fusion/metrics.h"
#include "models/fusion/predictor.h"
#include "models/fusion/tracker.h"
#include "models/fusion/updater.h"
#include "models/sensors/launch_estimator.h"
#include "models/sensors/radar.h"
#include "models/sensors/radar_scheduler.h"
#include "models/sensors/space_ir.h"
#include "sim/network.h"
#include "sim/prepare.h"

namespace bmd::sim {

/// Calls f(i) for i in [0, n): on `threads` OpenMP threads when threads > 1 (static
/// schedule), else in a plain loop. f must only touch state of index i (results are then
/// independent of the thread count). The first exception (lowest index) is rethrown after
/// the loop.
template <typename F>
void ParallelForEach(int threads, std::size_t n, F&& f) {
  if (threads <= 1 || n < 2) {
    for (std::size_t i = 0; i < n; ++i) f(i);
    return;
  }
  const auto count = static_cast<std::int64_t>(n);
  std::exception_ptr error;
  std::int64_t error_at = count;
#pragma omp parallel for schedule(static) num_threads(threads)
  for (std::int64_t i = 0; i < count; ++i) {
    try {
      f(static_cast<std::size_t>(i));
    } catch (...) {
#pragma omp critical(bmd_parallel_for_each)
      {
        if (i < error_at) {
          error_at = i;
          error = std::current_exception();
        }
      }
    }
  }
  if (error) std::rethrow_exception(error);
}

/// Options of the sensing part of a run (world.h RunOptions).
struct SensingOptions {
  bool detail = true;  ///< record measurements, scans and track samples (metrics always)
  int threads = 1;     ///< radar scans and node fusion in parallel (results unchanged)
};

/// What sensors need to know about a truth object at the current tick.
struct SensedObject {
  std::int64_t id = -1;
  int threat = -1;
  bool present = false;         ///< launched, not yet impacted
  bool burning = false;
  Eigen::Vector3d r_ecef = Eigen::Vector3d::Zero();
  Eigen::Vector3d v_ecef = Eigen::Vector3d::Zero();
  double rcs_m2 = 1.0;
  double ir_intensity_w_sr = 0.0;
};

/// Recorded sensing output of a run (column-wise where it is long).
struct SensingRecord {
  std::vector<sensors::Measurement> measurements;
  struct Scan {
    double t_s;
    std::int32_t sensor;
    std::int32_t detections;      ///< measurements of the scan, false alarms included
  };
  std::vector<Scan> scans;        ///< every radar tracker step, empty ones included
  struct TrackSample {
    double t_s;
    std::int32_t owner;           ///< sensor index (local tracks) or node index (pictures)
    std::int64_t track_id;
    std::uint8_t status;          ///< local: TrackStatus; node: number of reports fused
    fusion::GaussianState state;
    std::int64_t truth_id;
    double pos_error_m, vel_error_m_s, nees;
    std::uint64_t source_mask;
    std::uint64_t nations = 0;    ///< node tracks: contributing nations (bit = nation id)
  };
  std::vector<TrackSample> local_tracks;
  std::vector<TrackSample> node_tracks;
  struct MetricSample {
    double t_s;
    std::int32_t node;
    double ospa_m, gospa_m, gospa_localisation, gospa_missed, gospa_false;
    std::int32_t truths, tracks;
  };
  std::vector<MetricSample> metrics;
  std::vector<fusion::SiapResult> siap;             ///< per node, at the end of the run
  /// [threat][node] first detection / first confirmed-track times (NaN if never).
  std::vector<std::vector<double>> first_detection_s, first_track_s;
  std::vector<sensors::Cue> cues;
  std::vector<std::int64_t> cue_truth;
  /// Per node and record tick: picture structure (dual tracks: more than one network track
  /// on one object, by truth label).
  struct InteropSample {
    double t_s;
    std::int32_t node;
    std::int32_t truths, truths_tracked, tracks, dual_tracks, spurious;
    double mean_position_error_m;
  };
  std::vector<InteropSample> interop;
  /// Per pair of nodes (a < b) and record tick: commonality of their pictures.
  struct CommonalitySample {
    double t_s;
    std::int32_t node_a, node_b;
    std::int32_t truths_in_both, truths_in_either;
    double common_fraction, same_number_fraction, mean_disagreement_m;
  };
  std::vector<CommonalitySample> commonality;
  /// Per node at the end: network track-number management counters.
  struct NodeCounters {
    std::int64_t tracks_created, number_changes, decorrelations, merges, remote_reports;
  };
  std::vector<NodeCounters> node_counters;
  /// Per radar (sensor index) at the end: registration bias estimate (range m, az, el rad)
  /// and accepted pairs; NaN when the sensor has no estimator.
  struct RegistrationResult {
    std::int32_t sensor;
    double range_m, az_rad, el_rad;
    std::int32_t pairs;
  };
  std::vector<RegistrationResult> registration;
};

class Sensing {
 public:
  /// `network` (may be empty of links) carries reports between nodes; it must outlive this.
  Sensing(const PreparedScenario& p, std::uint64_t seed, std::uint64_t run, std::size_t n_objects,
          Network& network, const SensingOptions& options = {});
  Sensing(const Sensing&) = delete;
  Sensing& operator=(const Sensing&) = delete;
  ~Sensing();

  /// Runs every sensor scan, tracker step and node fusion due in (t_prev, t_now], with the
  /// objects' truth at t_now; samples tracks and metrics when `record` is true.
  void Tick(double t_prev, double t_now, std::span<const SensedObject> objects, bool record);
  /// Final metrics (SIAP) into the record.
  void Finish();
  SensingRecord& record() { return rec_; }
  /// Each node's current network picture (index = node index).
  std::vector<const interop::NetworkTrackManager*> NodePictures() const;
  /// Bit mask of the sources (sensor indices) that report to `node` directly.
  std::uint64_t OwnSensorMask(int node) const;

 private:
  struct RadarUnit;
  struct IrUnit;
  struct NodeUnit;
  void ScanRadar(RadarUnit& u, double t, std::span<const SensedObject> objects);
  void RecordScan(RadarUnit& u, double t);
  void ScanIr(IrUnit& u, double t, std::span<const SensedObject> objects);
  void IngestRemote(NodeUnit& n, double t);
  void PredictRemote(double t);
  void FuseNode(NodeUnit& n, double t);
  void ReportNode(NodeUnit& n, double t);
  void RecordPictures(double t, std::span<const SensedObject> objects);
  void NoteDetection(int node, std::int64_t truth_id, double t);
  void IssueCues(double t, std::span<const SensedObject> objects);
  void ReceiveCues(double t);
  void Register(NodeUnit& n, double t);

  const PreparedScenario& p_;
  std::uint64_t seed_, run_;
  SensingOptions opt_;
  std::unique_ptr<fusion::MotionModel> motion_;
  std::unique_ptr<fusion::Predictor> predictor_;
  // Remote track estimates of this fusion cycle, each predicted once to the fusion time.
  struct SharedPrediction {
    int sender;
    const interop::TrackReport* report;
    fusion::GaussianState at_t;
  };
  std::vector<SharedPrediction> shared_;
  std::unique_ptr<fusion::Updater> updater_;
  std::vector<std::unique_ptr<RadarUnit>> radars_;
  std::vector<std::unique_ptr<IrUnit>> irs_;
  std::vector<std::unique_ptr<NodeUnit>> nodes_;
  Network& net_;
  /// [node][object] launch estimators of the nodes that own space-IR sensors (else empty).
  std::vector<std::vector<sensors::LaunchEstimator>> estimators_;
  /// Last launch estimate per node and object, with the number of looks it used: the
  /// estimate is a function of the looks alone, so it is recomputed only when looks arrived
  /// (after burnout the IR sensors stop seeing the object but its cue is re-issued).
  struct CueCache {
    int looks = -1;
    bool ok = false;
    sensors::Cue cue;
  };
  std::vector<std::vector<CueCache>> cue_cache_;
  std::vector<std::uint8_t> cued_;                    ///< per object: cue issued
  std::vector<int> object_threat_;
  SensingRecord rec_;
  double next_fusion_s_ = 0.0;
  std::vector<RadarUnit*> due_radars_;                ///< scans of the current tick
  // RecordPictures scratch (kept across ticks: no allocation once warm).
  std::vector<Eigen::Vector3d> truth_pos_;
  std::vector<fusion::TruthPoint> truth_pts_;
  std::vector<SensingRecord::CommonalitySample> pairs_;
};

}  // namespace bmd::sim
