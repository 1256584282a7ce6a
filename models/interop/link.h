#pragma once
/// One direction of a data link between two C2 nodes (Link 16 / JREAP / SATCOM bearer
/// classes; all figures notional). Plain config in, messages out, exact times.
///
/// Life of a message sent at t (Send):
///   1. link down at t (scheduled outage or random failure)   -> dropped, reason kOutage;
///   2. capacity C (msg/s, 0 = unlimited): one transmitter, one message per slot of 1/C s.
///      If the transmitter is free the message starts at t_start = t; otherwise it waits in
///      a FIFO queue of queue_limit messages and starts at the first free slot. A message
///      arriving at a full queue pushes out the OLDEST queued one (kCapacity; with
///      queue_limit = 0 the arriving message itself is dropped);
///   3. at t_start: link down -> kOutage; else lost with probability loss_probability
///      (one uniform from the loss stream) -> kLost; else latency L drawn (latency stream);
///   4. delivery scheduled at t_deliver = t_start + L + extra_delay_s (policy delay);
///   5. link down at t_deliver -> kOutage (nothing is delivered during an outage), else the
///      message is handed out by the first Deliver(t_until >= t_deliver).
/// Deliver returns messages in order of (t_deliver, send sequence).
///
/// Latency L (>= 0), with jitter_s the standard deviation of the random part:
///   kFixed      L = fixed_s
///   kNormal     L = fixed_s + jitter_s N(0,1),                redrawn while L < 0
///   kUniform    L = fixed_s + jitter_s sqrt(3) (2U - 1),      redrawn while L < 0
///   kLognormal  L = fixed_s + exp(mu + s N(0,1)),  s^2 = ln(1 + (jitter/m)^2),
///               mu = ln m - s^2/2, m = random_mean_s (mean of the random part)
/// (a redraw after 64 negative draws gives 0). Each draw consumes the latency stream in
/// transmission order, so a test can reproduce it from an identical stream.
///
/// Random failures: an alternating renewal process from t = 0 (link up): up durations
/// ~ Exp(mean mtbf_s), down durations ~ Exp(mean mttr_s), drawn in order from the failure
/// stream only, so the failure timeline does not depend on traffic; long-run availability
/// A = MTBF / (MTBF + MTTR). Give both directions of a bidirectional link the same failure
/// stream (LinkStreams::For does) and they fail at the same instants.
///
/// Determinism: same config, same streams, same calls => same results. Send times must be
/// non-decreasing. Steady state allocates nothing while the number of messages queued or in
/// flight stays within reserve_in_flight + queue_limit (each random failure appends one
/// 16-byte window).
///
/// Storage: a message is copied once, into a slot of the link's pool, when it is sent
/// (Send), or written there directly by the caller (Compose + SendComposed); the queue and
/// the delivery heap hold slot indices only, and NextDelivery hands out the slot itself, so a
/// message costs one copy from sender to receiver whatever its fate.
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "models/common/random.h"
#include "models/interop/messages.h"

namespace bmd::interop {

enum class LatencyDistribution : std::uint8_t { kFixed, kNormal, kUniform, kLognormal };

struct LatencyConfig {
  LatencyDistribution distribution = LatencyDistribution::kFixed;
  double fixed_s = 0.0;        ///< constant part: bearer + gateway processing, s
  double jitter_s = 0.0;       ///< standard deviation of the random part, s
  double random_mean_s = 0.0;  ///< kLognormal only: mean of the random part, s (> 0)
};

/// Half-open time interval [start_s, end_s), s since scenario start.
struct TimeWindow {
  double start_s = 0.0;
  double end_s = 0.0;
  bool Contains(double t_s) const { return t_s >= start_s && t_s < end_s; }
};

struct LinkConfig {
  LatencyConfig latency;
  double loss_probability = 0.0;    ///< per transmitted message, [0, 1]
  double capacity_msg_per_s = 0.0;  ///< 0 = unlimited
  int queue_limit = 64;             ///< messages waiting for a slot (beyond the one sending)
  std::vector<TimeWindow> outages;  ///< scheduled outages (any order, may overlap)
  double mtbf_s = 0.0;              ///< mean time between failures; 0 = never fails
  double mttr_s = 0.0;              ///< mean time to repair (> 0 when mtbf_s > 0)
  std::size_t reserve_in_flight = 1024;

  /// Throws std::invalid_argument listing every invalid field.
  void Validate() const;
};

/// Why a message did not arrive.
enum class DropReason : std::uint8_t { kLost = 0, kCapacity = 1, kOutage = 2 };

/// What Send did with the message right away.
enum class SendOutcome : std::uint8_t {
  kScheduled = 0,  ///< transmitted, delivery time fixed (still subject to an outage then)
  kQueued = 1,     ///< waiting for a transmission slot
  kLost = 2,
  kOutage = 3,
  kCapacity = 4,   ///< queue_limit = 0 and the transmitter busy
};

struct DropRecord {
  std::uint64_t seq = 0;
  double t_sent_s = 0.0;
  double t_drop_s = 0.0;  ///< time the fate was decided
  DropReason reason = DropReason::kLost;
  DataClass data_class = DataClass::kTracks;
};

/// Running statistics of end-to-end latency (t_deliver - t_sent, queueing and policy delay
/// included) of delivered messages.
struct LatencyStats {
  std::int64_t count = 0;
  double sum_s = 0.0;
  double sum_sq_s2 = 0.0;
  double min_s = 0.0;
  double max_s = 0.0;
  void Add(double latency_s);
  double Mean() const { return count > 0 ? sum_s / static_cast<double>(count) : 0.0; }
  double StdDev() const;  ///< sample standard deviation (n - 1)
};

/// sent = delivered + lost + dropped_capacity + outage + queued + in flight, at any time;
/// withheld counts messages the sharing policy kept from this link (never sent).
struct LinkCounters {
  std::int64_t sent = 0;
  std::int64_t delivered = 0;
  std::int64_t lost = 0;
  std::int64_t dropped_capacity = 0;
  std::int64_t outage = 0;
  std::int64_t withheld = 0;
  LatencyStats latency;
};

/// The three random streams of one link direction.
struct LinkStreams {
  RandomStream latency;
  RandomStream loss;
  RandomStream failure;
  /// Streams keyed by (seed, run, link id, purpose); latency and loss also by direction
  /// (0 or 1), failure shared by both directions.
  static LinkStreams For(std::uint64_t seed, std::uint64_t run, std::uint64_t link_id,
                         int direction);
};

class Link {
 public:
  /// Validates cfg (throws std::invalid_argument).
  Link(const LinkConfig& cfg, const LinkStreams& streams);

  /// Sends msg at t_s (non-decreasing across calls); extra_delay_s (>= 0) is added to the
  /// delivery time (policy delay). Sets msg.seq / t_sent_s. See the header comment.
  SendOutcome Send(const Message& msg, double t_s, double extra_delay_s = 0.0);

  /// Send without a copy, in two steps: Compose returns the storage of the next message
  /// (header reset to its defaults, payload left as it was: assign it), the caller fills
  /// it, and SendComposed sends it exactly as Send would. Calling Compose again before
  /// SendComposed returns the same storage; no other call may come in between.
  Message& Compose();
  SendOutcome SendComposed(double t_s, double extra_delay_s = 0.0);

  /// Appends to *out every message delivered at or before t_until_s, ordered by
  /// (t_delivered_s, seq). Returns the number appended.
  int Deliver(double t_until_s, std::vector<Message>* out);

  /// The next message delivered at or before t_until_s, in (t_delivered_s, seq) order, or
  /// nullptr when none is left; calling it until nullptr is Deliver(t_until_s) without the
  /// copies. The message stays valid until the next Send/Compose on this link.
  const Message* NextDelivery(double t_until_s) {
    return next_due_s() <= t_until_s ? PopDelivery(t_until_s) : nullptr;
  }

  /// Earliest time at which Deliver/NextDelivery can do anything (hand out a message, or
  /// start a queued transmission, whose delivery may then fall due): min(earliest scheduled
  /// delivery, start of the next queued transmission); +inf when nothing is queued or in
  /// flight. Until then Deliver(t < next_due_s()) is a no-op and may be skipped.
  double next_due_s() const {
    double t = heap_.empty() ? std::numeric_limits<double>::infinity() : heap_.front().t_s;
    if (queue_count_ > 0 && next_free_s_ < t) t = next_free_s_;
    return t;
  }

  /// True unless a scheduled outage or a random failure covers t_s.
  bool IsUp(double t_s) { return always_up_ || IsUpAt(t_s); }
  /// Random failure windows generated so far (covering at least up to the latest query).
  std::span<const TimeWindow> failures() const { return failures_; }

  /// Counts one message kept from this link by the sharing policy.
  void CountWithheld() { ++counters_.withheld; }
  const LinkCounters& counters() const { return counters_; }
  std::size_t queued() const { return queue_count_; }
  std::size_t in_flight() const { return heap_.size(); }
  /// If set, every drop is appended here (may allocate; for recording).
  void set_drop_log(std::vector<DropRecord>* log) { drop_log_ = log; }
  const LinkConfig& config() const { return cfg_; }

 private:
  struct Flight {
    double t_s;
    std::uint64_t seq;
    std::uint32_t slot;
  };
  struct Waiting {
    std::uint32_t slot;
    double extra_delay_s;
  };
  static constexpr std::uint32_t kNoSlot = 0xFFFFFFFFu;
  bool IsUpAt(double t_s);
  const Message* PopDelivery(double t_until_s);
  std::uint32_t AcquireSlot();
  void ReleaseSlot(std::uint32_t slot) { free_slots_.push_back(slot); }
  void Advance(double t_s);
  void Transmit(std::uint32_t slot, double t_start_s, double extra_delay_s);
  double DrawLatency();
  void GenerateFailuresUntil(double t_s);
  bool InScheduledOutage(double t_s) const;
  /// Counts the drop, logs it and frees the message's slot.
  void Drop(std::uint32_t slot, double t_s, DropReason reason);

  LinkConfig cfg_;
  LinkStreams rng_;
  double slot_s_;                      // 1 / capacity, 0 when unlimited
  double next_free_s_ = -1e300;        // transmitter free from this time
  std::uint64_t next_seq_ = 0;
  std::vector<Waiting> queue_;         // ring buffer, queue_limit entries
  std::size_t queue_head_ = 0;
  std::size_t queue_count_ = 0;
  std::vector<Message> slots_;         // messages composed, queued or in flight, by slot
  std::vector<std::uint32_t> free_slots_;
  std::uint32_t composed_ = kNoSlot;   // slot handed out by Compose, not sent yet
  std::vector<Flight> heap_;           // min-heap on (t_s, seq)
  std::vector<TimeWindow> outages_;    // merged, sorted
  std::vector<TimeWindow> failures_;   // sorted, disjoint
  double failure_horizon_s_ = 0.0;     // failure timeline known on [0, horizon)
  bool always_up_ = false;             // no scheduled outage and no random failures
  double lognormal_mu_ = 0.0;
  double lognormal_s_ = 0.0;
  LinkCounters counters_;
  std::vector<DropRecord>* drop_log_ = nullptr;
};

}  // namespace bmd::interop
