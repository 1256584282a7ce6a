#pragma once
/// Sharing / releasability policy, enforced by the sender: for a message of data class c
/// from nation f to nation g, the first rule (in the order given) whose `from` set holds f,
/// whose `to` set holds g and whose classes hold c decides; if none matches, the default
/// release does. Nation sets come from NationTable::Resolve, so a rule may name alliances
/// ("NATO") or "*" for every nation. With own_nation_always_allowed (default) a nation's
/// messages to itself are always allowed, whatever the rules say.
///
/// Releases:
///   allow     the message goes out unchanged;
///   deny      withheld (counted per (from, to, class)); nothing is sent;
///   delayed   sent now, delivery delayed by exactly delay_s on top of the link latency
///             (Link::Send's extra_delay_s: the release review holds the message at the
///             gateway after transmission, so it does not occupy the link's queue);
///   degraded  positions quantised to a grid of q metres, per axis r_q = q round(r / q),
///             either in ECEF axes or in the axes of a local ENU frame (then mapped back to
///             ECEF), and the position covariance inflated by the quantisation noise of a
///             uniform error on [-q/2, q/2] per axis:  P_rr <- P_rr + (q^2 / 12) I  (I is
///             the same in ECEF and ENU axes), or alternatively the whole covariance scaled
///             P <- s P (s >= 1). Applies to track reports (r_ecef, P, TQ recomputed) and cues
///             (launch point and object position; P_r as P_rr; launch_sigma_m^2 gets
///             q^2 / 12 or the factor s). Engagement status and kill assessment carry no
///             position: degraded releases them unchanged (counted as degraded).
#include <Eigen/Core>

#include <bit>
#include <cstdint>
#include <vector>

#include "models/earth/geodesy.h"
#include "models/interop/link.h"
#include "models/interop/messages.h"
#include "models/interop/nations.h"

namespace bmd::interop {

enum class ReleaseAction : std::uint8_t { kAllow = 0, kDeny = 1, kDelay = 2, kDegrade = 3 };
enum class QuantisationFrame : std::uint8_t { kEcef = 0, kEnu = 1 };
enum class CovarianceInflation : std::uint8_t { kQuantisationNoise = 0, kScale = 1 };

struct Degradation {
  double position_quantum_m = 1000.0;  ///< q, > 0
  QuantisationFrame frame = QuantisationFrame::kEcef;
  earth::EnuFrame enu;                 ///< grid origin and axes for kEnu
  CovarianceInflation inflation = CovarianceInflation::kQuantisationNoise;
  double covariance_scale = 1.0;       ///< s for kScale, >= 1
};

struct Release {
  ReleaseAction action = ReleaseAction::kDeny;
  double delay_s = 0.0;  ///< kDelay
  Degradation degrade;   ///< kDegrade

  static Release Allow() { return {ReleaseAction::kAllow, 0.0, {}}; }
  static Release Deny() { return {ReleaseAction::kDeny, 0.0, {}}; }
  static Release Delayed(double delay_s) { return {ReleaseAction::kDelay, delay_s, {}}; }
  static Release Degraded(const Degradation& d) { return {ReleaseAction::kDegrade, 0.0, d}; }
};

struct SharingRule {
  NationSet from = 0;
  NationSet to = 0;
  DataClassSet classes = kAllDataClasses;
  Release release;
};

struct SharingPolicyConfig {
  Release default_release = Release::Deny();
  std::vector<SharingRule> rules;  ///< first match wins
  bool own_nation_always_allowed = true;
};

/// Per (from, to, class) counts of Apply() outcomes.
struct ReleaseCounters {
  std::int64_t allowed = 0;
  std::int64_t withheld = 0;
  std::int64_t delayed = 0;
  std::int64_t degraded = 0;
};

/// Quantises r (ECEF, m) on the degradation's grid and inflates P_rr (m^2) as documented.
void DegradePosition(const Degradation& d, Eigen::Vector3d* r_ecef, Eigen::Matrix3d* P_rr);

/// Applies a degraded release to a payload as documented (track reports and cues; other
/// classes unchanged).
void DegradePayload(const Degradation& d, Payload* payload);

class SharingPolicy {
 public:
  /// num_nations: ids 0..num_nations-1 (NationTable::size()). Throws std::invalid_argument on
  /// a negative delay, a non-positive quantum or a scale below 1.
  SharingPolicy(const SharingPolicyConfig& cfg, int num_nations);

  /// The release that applies (no counting, no transformation).
  const Release& Lookup(NationId from, NationId to, DataClass c) const;

  /// Decides the release of *msg from `from` to `to`, transforms *msg when degraded, and
  /// counts the outcome. The caller sends unless the action is kDeny (then nothing is sent).
  /// Same as Decide(from, to, class of *msg), then DegradePayload when degraded.
  const Release& Apply(Message* msg, NationId from, NationId to);

  /// Decides and counts the release of a message of class c from `from` to `to`, without
  /// transforming anything (the caller applies DegradePayload for kDegrade): lets a sender
  /// decide before it builds the message.
  const Release& Decide(NationId from, NationId to, DataClass c) {
    const std::size_t i = Index(from, to, c);
    const Release& r = At(i);
    ReleaseCounters& k = counters_[i];
    switch (r.action) {
      case ReleaseAction::kAllow: ++k.allowed; break;
      case ReleaseAction::kDeny:
        ++k.withheld;
        ++total_withheld_;
        break;
      case ReleaseAction::kDelay: ++k.delayed; break;
      case ReleaseAction::kDegrade: ++k.degraded; break;
    }
    return r;
  }

  /// Nations whose release of class c to nation `to` is kAllow (bit f for nation f): a
  /// message whose originators all lie in this set goes out unchanged.
  NationSet AllowedFrom(NationId to, DataClass c) const {
    return allowed_from_[Index(0, to, c)];
  }
  /// Counts an allowed release from every nation of `from` (all in AllowedFrom(to, c)) to
  /// `to`: the counts Decide would make for each of them.
  void CountAllowed(NationSet from, NationId to, DataClass c) {
    const std::size_t base = Index(0, to, c);
    const std::size_t stride = static_cast<std::size_t>(n_) * kNumDataClasses;
    for (NationSet rest = from; rest != 0; rest &= rest - 1) {
      ++counters_[base + static_cast<std::size_t>(std::countr_zero(rest)) * stride].allowed;
    }
  }

  const ReleaseCounters& counters(NationId from, NationId to, DataClass c) const;
  std::int64_t total_withheld() const { return total_withheld_; }
  int num_nations() const { return n_; }

 private:
  static constexpr int kDefault = -1;
  static constexpr int kOwnNation = -2;
  static void ThrowOutOfRange();
  std::size_t Index(NationId from, NationId to, DataClass c) const {
    if (from < 0 || from >= n_ || to < 0 || to >= n_) ThrowOutOfRange();
    return (static_cast<std::size_t>(from) * static_cast<std::size_t>(n_) + static_cast<std::size_t>(to)) *
               kNumDataClasses +
           static_cast<std::size_t>(c);
  }
  const Release& At(std::size_t i) const {
    const int r = table_[i];
    if (r == kOwnNation) return allow_;
    if (r == kDefault) return cfg_.default_release;
    return cfg_.rules[static_cast<std::size_t>(r)].release;
  }
  SharingPolicyConfig cfg_;
  int n_;
  Release allow_ = Release::Allow();
  std::vector<int> table_;                // [from][to][class] -> rule index or kDefault/kOwnNation
  std::vector<ReleaseCounters> counters_; // same indexing
  std::vector<NationSet> allowed_from_;   // [to][class] -> nations releasing with kAllow
  std::int64_t total_withheld_ = 0;
};

/// What ReleaseAndSend did.
struct ReleaseResult {
  ReleaseAction action = ReleaseAction::kDeny;
  bool sent = false;
  SendOutcome outcome = SendOutcome::kScheduled;  ///< valid when sent
};

/// Policy at the sender, then the link: a denied message is counted as withheld on the link
/// (Link::CountWithheld) and not sent; a delayed one is sent with extra_delay_s = delay_s; a
/// degraded one is sent transformed.
ReleaseResult ReleaseAndSend(SharingPolicy& policy, Link& link, Message msg, NationId from,
                             NationId to, double t_s);

}  // namespace bmd::interop
