#pragma once
/// Messages exchanged between C2 nodes over data links (names follow the public Link 16 /
/// JREAP message families; contents are notional). Fixed-size value types, so a message
/// queue is contiguous and copying a message never allocates. ECEF, SI units.
///
/// Track quality (TQ, integer 0..15, higher is better), from the position covariance:
///   sigma = sqrt(trace(P_rr) / 3)   (RMS 1-sigma position error per axis, m)
///   TQ    = clamp(15 - ceil(log2(sigma / 10 m)), 0, 15)
/// i.e. TQ 15 for sigma <= 10 m and one step down for every doubling of sigma (TQ 14 up to
/// 20 m, 13 up to 40 m, ..., 0 above ~164 km); a non-finite covariance gives 0. The node with
/// the higher TQ holds reporting responsibility for a track (Link 16 convention).
#include <Eigen/Core>

#include <cstdint>
#include <variant>

#include "models/fusion/gaussian_state.h"
#include "models/interop/nations.h"

namespace bmd::interop {

/// Releasability classes of the sharing policy; the value is also the Payload index.
enum class DataClass : std::uint8_t {
  kTracks = 0,
  kCues = 1,
  kEngagementStatus = 2,
  kKillAssessment = 3,
};
inline constexpr int kNumDataClasses = 4;
using DataClassSet = std::uint8_t;  ///< bit (1 << DataClass)
inline constexpr DataClassSet kAllDataClasses = 0x0F;
constexpr DataClassSet SetOf(DataClass c) {
  return static_cast<DataClassSet>(1u << static_cast<unsigned>(c));
}

/// TQ from a position covariance (see the header comment).
int TrackQualityFromCovariance(const Eigen::Matrix3d& P_rr);

/// A track report (cf. J3.6 space track): a node's estimate of one object.
struct TrackReport {
  std::int64_t network_track_number = -1;  ///< number in the network picture (-1: none yet)
  std::int64_t local_track_number = -1;    ///< the reporting node's / sensor's own number
  double t_s = 0.0;                        ///< time of validity of the estimate
  Eigen::Vector3d r_ecef = Eigen::Vector3d::Zero();  ///< m
  Eigen::Vector3d v_ecef = Eigen::Vector3d::Zero();  ///< m/s
  fusion::Matrix6d P = fusion::Matrix6d::Identity(); ///< covariance of (r, v)
  int quality = 0;                         ///< TQ 0..15, see TrackQualityFromCovariance
  NationSet contributing_nations = 0;      ///< nations whose sensors fed this track
  std::int64_t truth_id = -1;              ///< scoring only, never used by the models

  /// The estimate as a GaussianState (x = (r, v)).
  fusion::GaussianState State() const {
    // Built in place (no default identity covariance written first and overwritten).
    fusion::GaussianState s{(fusion::Vector6d() << r_ecef, v_ecef).finished(), P, t_s};
    return s;
  }
  /// Sets t_s, r, v, P and recomputes quality from P.
  void SetState(const fusion::GaussianState& s);
};

enum class EngagementState : std::uint8_t { kAssigned = 0, kEngaging = 1, kComplete = 2 };

/// Engagement status (cf. J10.2): what a fire unit is doing about a network track.
struct EngagementStatus {
  std::int32_t fire_unit = -1;
  NationId nation = -1;
  std::int64_t target_network_track = -1;
  EngagementState state = EngagementState::kAssigned;
  double planned_intercept_s = 0.0;  ///< predicted intercept time, s since scenario start
  double t_s = 0.0;                  ///< time of the status
  /// The engaged track's position and velocity at t_s (ECEF): lets a receiver whose picture
  /// holds the object under another, uncorrelated number still recognise it.
  Eigen::Vector3d target_r_ecef = Eigen::Vector3d::Zero();
  Eigen::Vector3d target_v_ecef = Eigen::Vector3d::Zero();
};

enum class KillResult : std::uint8_t { kKill = 0, kNoKill = 1, kUnknown = 2 };

/// Kill assessment of one intercept.
struct KillAssessmentReport {
  std::int32_t fire_unit = -1;
  NationId nation = -1;
  std::int64_t target_network_track = -1;
  KillResult result = KillResult::kUnknown;
  double intercept_s = 0.0;  ///< time of the intercept assessed
  double t_s = 0.0;          ///< time of the assessment
};

/// Launch cue from space-based IR (or any launch detector): launch point, time, heading and
/// the sector (about the heading) in which the object is expected.
struct CueReport {
  std::int32_t source_sensor = -1;
  double t_s = 0.0;                       ///< time the estimate refers to
  Eigen::Vector3d launch_ecef = Eigen::Vector3d::Zero();  ///< estimated launch point, m
  double launch_sigma_m = 0.0;            ///< horizontal 1-sigma of the launch point
  double launch_time_s = 0.0;
  double launch_time_sigma_s = 0.0;
  double heading_rad = 0.0;               ///< ground-track azimuth, clockwise from north
  double heading_sigma_rad = 0.0;
  double sector_half_width_rad = 0.0;     ///< expected ground track within heading +- this
  double sector_range_m = 0.0;            ///< and within this ground range of the launch point
  Eigen::Vector3d r_ecef = Eigen::Vector3d::Zero();  ///< object position at t_s, m
  Eigen::Vector3d v_ecef = Eigen::Vector3d::Zero();  ///< object velocity at t_s, m/s
  Eigen::Matrix3d P_r = Eigen::Matrix3d::Identity(); ///< covariance of r_ecef, m^2
  std::int64_t truth_id = -1;             ///< scoring only
};

/// Payload alternatives, in DataClass order (index() == DataClass value).
using Payload = std::variant<TrackReport, CueReport, EngagementStatus, KillAssessmentReport>;

/// One message on a link. The header is filled by the sender (node, nation) and the link
/// (sequence number, send and delivery times).
struct Message {
  std::int32_t sender_node = -1;
  NationId sender_nation = -1;
  std::int32_t receiver_node = -1;
  std::uint64_t seq = 0;        ///< per-link send sequence (set by Link::Send)
  double t_sent_s = 0.0;        ///< set by Link::Send
  double t_delivered_s = 0.0;   ///< set when the delivery is scheduled
  Payload payload;

  DataClass data_class() const { return static_cast<DataClass>(payload.index()); }
};

}  // namespace bmd::interop
