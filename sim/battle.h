#pragma once
/// Battle management and interceptors in a run: each node with fire units evaluates its
/// picture every engagement.decision_interval_s (threat evaluation from the predicted
/// ballistic impact point), assigns engageable threats to its fire units (weapon-target
/// assignment), launches interceptors toward the predicted intercept point, flies them with
/// midcourse updates from the node's track and seeker homing, resolves the intercept at the
/// exact closest approach, draws the kill, assesses it after a delay and re-engages a
/// no-kill while the doctrine and the remaining window allow.
///
/// Simplifications (documented in docs/architecture.md): the interceptor homes on the truth
/// object that its target track follows (the track's truth id stands in for seeker target
/// selection).
///
/// Coordination over the network (sim/network.h): with engagement.share_engagement_status a
/// node sends an engagement status (fire unit, target network track, planned intercept) to
/// its neighbours at each launch and a kill assessment plus a "complete" status after the
/// assessment; links, policy and relays decide who hears it and when. A node holds off a
/// track that a received status names: by the same network number, or by the number its
/// network track manager correlated with the engaging node's report of that number. Without
/// the status (switched off, withheld, lost, late, or track numbers not correlated) two
/// nodes may engage one object: such launches are counted as duplicate engagements (truth
/// scoring: another node's interceptor is in flight against the same object).
///
/// engage_on per fire unit: own_sensors = tracks fed by the sensors of its own node;
/// node_picture = tracks carrying data of its own nation; remote = any track of its node's
/// picture (launch/engage on remote data another nation released).
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/common/random.h"
#include "models/interop/network_track_manager.h"
#include "models/guidance/engageability.h"
#include "models/guidance/interceptor_flight.h"
#include "sim/network.h"
#include "sim/prepare.h"

namespace bmd::sim {

struct EngagementRecord {
  double decision_t_s = 0.0;
  std::int32_t fire_unit = -1;
  std::int32_t node = -1;
  std::int64_t interceptor_id = -1;   ///< object id of the interceptor
  std::int64_t target_track = -1;     ///< network track number at the node
  std::int64_t truth_id = -1;         ///< object the track followed (scoring)
  int threat = -1;                    ///< threat index of that object
  Eigen::Vector3d pip_ecef = Eigen::Vector3d::Zero();
  double launch_t_s = 0.0;
  double planned_intercept_t_s = 0.0;
  double intercept_t_s = std::numeric_limits<double>::quiet_NaN();
  std::string result = "in_flight";   ///< kill | miss | ground_impact | timeout | in_flight
  double miss_m = std::numeric_limits<double>::quiet_NaN();
  std::string ka_result;              ///< kill | no_kill | "" (not assessed)
  bool duplicate = false;             ///< another node's interceptor was in flight at the object
};

struct InventorySample {
  double t_s;
  std::int32_t fire_unit;
  std::int32_t remaining;
};

/// Interceptor truth samples (same columns as the threat truth).
struct InterceptorTruth {
  std::int64_t id;
  double t_s;
  Eigen::Vector3d r, v;
};

struct BattleRecord {
  std::vector<EngagementRecord> engagements;
  std::vector<InventorySample> inventory;
  std::vector<InterceptorTruth> truth;
  std::vector<std::int32_t> interceptor_unit;   ///< per interceptor (id - first id): fire unit
  /// Per threat: "engaged", "unengageable" (threatened a defended asset but no fire unit
  /// could reach it), "not_threatening" (predicted to fall outside every defended area) or
  /// "not_evaluated" (never held in a picture with fire units).
  std::vector<std::string> threat_status;
  int duplicate_engagements = 0;                ///< same object engaged by two nodes at once
  int status_holds = 0;                         ///< decisions that held off a track on a received status
};

/// A truth object as the battle manager may change it (kills).
struct BattleObject {
  std::int64_t id = -1;
  int threat = -1;
  bool alive = false;                 ///< present and not yet killed or impacted
  Eigen::Vector3d r0, v0, a0;         ///< at the start of the tick
  Eigen::Vector3d r1, v1, a1;         ///< at the end of the tick
  bool killed = false;                ///< set by Battle::Tick
  double killed_t_s = 0.0;
};

class Battle {
 public:
  Battle(const PreparedScenario& p, std::uint64_t seed, std::uint64_t run, std::int64_t first_object_id);
  ~Battle();
  Battle(const Battle&) = delete;
  Battle& operator=(const Battle&) = delete;

  /// Decisions due at t_now (using each node's picture), then interceptor flight over
  /// (t_prev, t_now]; kills set BattleObject::killed. `pictures[k]` is node k's network
  /// picture; engagement status and kill assessments go over `net`.
  void Tick(double t_prev, double t_now, std::vector<BattleObject>& objects,
            const std::vector<const interop::NetworkTrackManager*>& pictures, Network& net, bool record);
  BattleRecord& record() { return rec_; }
  int interceptors_launched() const;

 private:
  struct Unit;
  struct Flight;
  struct TrackState;
  struct RemoteStatus {
    int node;              ///< node that holds it
    int origin_node;       ///< node of the engaging fire unit (its numbering)
    int fire_unit;
    std::int64_t target;   ///< network number at origin_node
    double until_s;        ///< considered active until then
    double t_s;            ///< time of the status
    Eigen::Vector3d r, v;  ///< target track at t_s
  };
  /// Threat evaluation: the track (r, v at t) still lies on its last predicted path.
  bool OnPath(const TrackState& ts, double t, const Eigen::Vector3d& r, const Eigen::Vector3d& v,
              const Eigen::Matrix<double, 6, 6>& P) const;
  /// Threat evaluation: a track new to the node takes over a path predicted for another
  /// track (of any node: the nodes decide in order, so this is deterministic) when it lies
  /// on it (OnPath on its own state and covariance); false if none.
  bool AdoptPath(TrackState& ts, double t, const Eigen::Vector3d& r, const Eigen::Vector3d& v,
                 const Eigen::Matrix<double, 6, 6>& P);
  /// Enters a state that has just received a path (its first, or one after its last one
  /// ended) in with_path_.
  void NoteHasPath(TrackState& ts);
  /// Threat evaluation: predict the path to the ground and the value of what it threatens.
  void Evaluate(TrackState& ts, double t, const Eigen::Vector3d& r, const Eigen::Vector3d& v);
  void NoteThreat(const interop::ManagedTrack& nt, const std::vector<BattleObject>& objects, int level);
  void Decide(int node, double t, const interop::NetworkTrackManager& picture, std::vector<BattleObject>& objects,
              Network& net);
  void Fly(Flight& f, double t_prev, double t_now, std::vector<BattleObject>& objects,
           const std::vector<const interop::NetworkTrackManager*>& pictures);
  bool EngagedElsewhere(int node, const interop::NetworkTrackManager& picture, const interop::ManagedTrack& track,
                        double t) const;
  void ReceiveStatus(Network& net, double t);
  void RefreshStatus(int node, double t, const interop::NetworkTrackManager& picture, Network& net);
  bool MayEngageOn(const Unit& u, const interop::ManagedTrack& nt) const;

  const PreparedScenario& p_;
  std::uint64_t seed_, run_;
  std::int64_t next_id_;
  std::vector<std::unique_ptr<Unit>> units_;
  std::vector<std::unique_ptr<Flight>> flights_;
  std::vector<std::size_t> active_flights_;  ///< flights_ not finished (kill assessment pending), in order
  std::vector<std::unique_ptr<TrackState>> tracks_;   ///< per (node, track number)
  std::vector<std::unordered_map<std::int64_t, TrackState*>> track_index_;  ///< [node] number -> state
  TrackState* FindTrackState(int node, std::int64_t number) const;
  /// The states holding a path that had not ended at the last AdoptPath, in tracks_ order.
  std::vector<TrackState*> with_path_;
  std::vector<RemoteStatus> remote_status_;
  /// A lower bound on every remote_status_ until_s (+inf when empty): no expiry sweep before.
  double status_expiry_s_ = std::numeric_limits<double>::infinity();
  std::size_t last_path_size_ = 0;  ///< samples of the last predicted path (capacity hint)
  std::vector<std::uint64_t> own_mask_;                ///< per node: its sensors (source bits)
  std::vector<Eigen::Vector3d> asset_ecef_;            ///< defended assets on the surface
  // Decide scratch (kept across calls).
  struct Candidate {
    const interop::ManagedTrack* track;
    TrackState* state;
    double value;
  };
  std::vector<int> scratch_units_;
  std::vector<Candidate> scratch_cands_;
  std::vector<guidance::Engageability> scratch_eng_;
  BattleRecord rec_;
  std::vector<double> next_decision_s_by_node_;
};

}  // namespace bmd::sim
