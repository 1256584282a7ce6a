#pragma once
/// The data-link network of a run: one interop::Link per direction of every scenario link,
/// the releasability policy enforced by senders, per-node inboxes, relaying, and the record
/// of every message (for /links/messages).
///
/// Sending (Send): the message is released by the policy for every ORIGINATOR nation of its
/// content (originator control: a node's fused track carries the nations whose sensors fed
/// it, and each of them must release it to the receiver's nation). Any deny withholds the
/// message (counted on the link and by the policy); delays add up to the longest one;
/// degradations apply in turn. A released message goes on the link (latency, loss,
/// capacity queue, outages, failures: interop/link.h).
///
/// Delivering (Deliver, once per tick): every message due by t lands in the receiver's
/// inbox of its data class. Cues, engagement status and kill assessments are relayed: a node
/// forwards each one it sees for the first time to its other neighbours (a store-and-forward
/// gateway; again under the policy, with the original nation as originator), so that a hub
/// connects nodes with no direct link. Track reports are not relayed: a node's own reports
/// carry what it fused from others (relay by fusion, with originator control).
///
/// Determinism: links draw from streams keyed by (seed, run, link, purpose); the order of
/// sends within a tick is the caller's (node order), so results do not depend on threads.
///
/// Cost: the policy is decided before a message is built (a withheld one never is); a
/// released message is built once, in its link's storage (Link::Compose), and copied once,
/// into the receiver's inbox. Nothing allocates per message in steady state.
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "models/common/key_set.h"
#include "models/interop/link.h"
#include "models/interop/messages.h"
#include "models/interop/sharing_policy.h"
#include "sim/prepare.h"

namespace bmd::sim {

/// Fate of one message on one link direction.
enum class MessageStatus : std::uint8_t {
  kDelivered = 0,
  kLost = 1,
  kWithheld = 2,        ///< kept back by the sharing policy (never sent)
  kDroppedCapacity = 3,
  kOutage = 4,
  kInFlight = 5,        ///< still queued or in flight at the end of the run
};
const char* MessageStatusName(MessageStatus s);
const char* DataClassName(interop::DataClass c);

struct LinkMessageRecord {
  double t_send_s = 0.0;
  double t_recv_s = std::numeric_limits<double>::quiet_NaN();
  std::int32_t link = -1;       ///< index into Scenario::links
  std::int32_t from_node = -1;
  std::int32_t to_node = -1;
  interop::DataClass kind = interop::DataClass::kTracks;
  MessageStatus status = MessageStatus::kInFlight;
  bool relayed = false;         ///< forwarded by from_node on behalf of another node
};

struct LinkDirectionSummary {
  std::int32_t link = -1;
  std::int32_t from_node = -1;
  std::int32_t to_node = -1;
  interop::LinkCounters counters;
};

struct NetworkRecord {
  std::vector<LinkMessageRecord> messages;     ///< when recording messages
  std::vector<LinkDirectionSummary> links;     ///< per link direction, at Finish
  /// Policy outcomes per (from nation, to nation, class) with any count, at Finish.
  struct PolicyCount {
    interop::NationId from, to;
    interop::DataClass data_class;
    interop::ReleaseCounters counters;
  };
  std::vector<PolicyCount> policy;
  std::int64_t withheld = 0;
};

class Network {
 public:
  Network(const PreparedScenario& p, std::uint64_t seed, std::uint64_t run, bool record_messages);
  ~Network();
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  /// Nodes with a direct link to `node`.
  const std::vector<int>& Neighbors(int node) const { return neighbors_[static_cast<std::size_t>(node)]; }
  bool empty() const { return dirs_.empty(); }

  /// Releases and sends `payload` from node `from` to its neighbour `to` at t_s;
  /// `originators` are the nations whose data the payload carries (never empty: at least
  /// the sender's nation). Returns false if the policy withheld it.
  bool Send(int from, int to, const interop::Payload& payload, interop::NationSet originators, double t_s);
  /// Sends to every neighbour of `from` (in neighbour order).
  void SendToNeighbors(int from, const interop::Payload& payload, interop::NationSet originators, double t_s);

  /// Moves every message due by t_s into the inboxes and relays first-seen cues,
  /// engagement status and kill assessments. Returns at once when no link has anything due
  /// by t_s (the network keeps the earliest Link::next_due_s of its links).
  void Deliver(double t_s);
  /// Messages of class c delivered to `node` since the consumer last cleared the inbox.
  std::vector<interop::Message>& Inbox(int node, interop::DataClass c) {
    return inbox_[static_cast<std::size_t>(node) * interop::kNumDataClasses + static_cast<std::size_t>(c)];
  }

  /// Final counters into the record (messages still in flight are marked kInFlight).
  void Finish();
  NetworkRecord& record() { return rec_; }
  const interop::SharingPolicy& policy() const { return *policy_; }

 private:
  struct Direction;
  int DirectionOf(int from, int to) const;
  void Consume(Direction& d);
  void Relay(int at_node, int came_from, const interop::Message& m, double t_s);

  const PreparedScenario& p_;
  bool record_messages_;
  std::unique_ptr<interop::SharingPolicy> policy_;
  interop::NationSet known_nations_ = 0;                    ///< nations of the table
  std::vector<std::unique_ptr<Direction>> dirs_;
  std::vector<std::vector<int>> neighbors_;
  std::vector<int> dir_index_;                                ///< [from * n + to] -> dir or -1
  std::vector<std::vector<interop::Message>> inbox_;  ///< [node * kNumDataClasses + class]
  std::vector<KeySet> seen_;                          ///< per node: relayed keys
  /// Messages of this Deliver to relay, in delivery order: (inbox, index in it).
  struct RelayRef {
    std::uint32_t box;
    std::uint32_t index;
  };
  std::vector<RelayRef> to_relay_;
  /// min over links of Link::next_due_s: no Deliver(t) with t below it has anything to do.
  double next_due_s_ = std::numeric_limits<double>::infinity();
  NetworkRecord rec_;
};

}  // namespace bmd::sim
