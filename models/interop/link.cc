#include "models/interop/link.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace bmd::interop {
namespace {

constexpr int kMaxLatencyRedraws = 64;

// Min-heap order on (delivery time, send sequence): "a after b" means a has lower priority.
struct Later {
  template <typename F>
  bool operator()(const F& a, const F& b) const {
    return a.t_s > b.t_s || (a.t_s == b.t_s && a.seq > b.seq);
  }
};

std::uint64_t DirectionEntity(std::uint64_t link_id, int direction) {
  return Mix64(link_id * 2 + static_cast<std::uint64_t>(direction & 1));
}

}  // namespace

void LatencyStats::Add(double latency_s) {
  if (count == 0) {
    min_s = max_s = latency_s;
  } else {
    min_s = std::min(min_s, latency_s);
    max_s = std::max(max_s, latency_s);
  }
  ++count;
  sum_s += latency_s;
  sum_sq_s2 += latency_s * latency_s;
}

double LatencyStats::StdDev() const {
  if (count < 2) return 0.0;
  const double n = static_cast<double>(count);
  const double var = (sum_sq_s2 - sum_s * sum_s / n) / (n - 1.0);
  return std::sqrt(std::max(var, 0.0));
}

LinkStreams LinkStreams::For(std::uint64_t seed, std::uint64_t run, std::uint64_t link_id,
                             int direction) {
  const std::uint64_t e = DirectionEntity(link_id, direction);
  return {RandomStream(seed, run, e, Purpose::kLinkLatency),
          RandomStream(seed, run, e, Purpose::kLinkLoss),
          RandomStream(seed, run, link_id, Purpose::kLinkFailure)};
}

void LinkConfig::Validate() const {
  std::string errors;
  auto bad = [&](const std::string& what) { errors += (errors.empty() ? "" : "; ") + what; };
  if (!(latency.fixed_s >= 0.0) || !std::isfinite(latency.fixed_s)) bad("latency.fixed_s must be >= 0");
  if (!(latency.jitter_s >= 0.0) || !std::isfinite(latency.jitter_s)) bad("latency.jitter_s must be >= 0");
  if (latency.distribution == LatencyDistribution::kLognormal &&
      !(latency.random_mean_s > 0.0 && std::isfinite(latency.random_mean_s))) {
    bad("latency.random_mean_s must be > 0 for a lognormal latency");
  }
  if (!(loss_probability >= 0.0 && loss_probability <= 1.0)) bad("loss_probability must be in [0, 1]");
  if (!(capacity_msg_per_s >= 0.0)) bad("capacity_msg_per_s must be >= 0");
  if (queue_limit < 0) bad("queue_limit must be >= 0");
  for (std::size_t i = 0; i < outages.size(); ++i) {
    if (!(outages[i].end_s > outages[i].start_s)) {
      bad("outages[" + std::to_string(i) + "]: end must be after start");
    }
  }
  if (!(mtbf_s >= 0.0)) bad("mtbf_s must be >= 0");
  if (mtbf_s > 0.0 && !(mttr_s > 0.0)) bad("mttr_s must be > 0 when mtbf_s > 0");
  if (!errors.empty()) throw std::invalid_argument("link config: " + errors);
}

Link::Link(const LinkConfig& cfg, const LinkStreams& streams)
    : cfg_(cfg),
      rng_(streams),
      slot_s_(cfg.capacity_msg_per_s > 0.0 && std::isfinite(cfg.capacity_msg_per_s)
                  ? 1.0 / cfg.capacity_msg_per_s
                  : 0.0) {
  cfg_.Validate();
  queue_.resize(static_cast<std::size_t>(cfg_.queue_limit));
  // Slots hold queued messages as well as those in flight (and one being composed).
  const std::size_t slots = cfg_.reserve_in_flight + static_cast<std::size_t>(cfg_.queue_limit) + 1;
  slots_.reserve(slots);
  free_slots_.reserve(slots);
  heap_.reserve(cfg_.reserve_in_flight);
  failures_.reserve(64);
  // Scheduled outages: sorted by start, overlapping windows merged.
  outages_ = cfg_.outages;
  std::sort(outages_.begin(), outages_.end(),
            [](const TimeWindow& a, const TimeWindow& b) { return a.start_s < b.start_s; });
  std::vector<TimeWindow> merged;
  for (const TimeWindow& w : outages_) {
    if (!merged.empty() && w.start_s <= merged.back().end_s) {
      merged.back().end_s = std::max(merged.back().end_s, w.end_s);
    } else {
      merged.push_back(w);
    }
  }
  outages_ = std::move(merged);
  always_up_ = outages_.empty() && !(cfg_.mtbf_s > 0.0);
  if (cfg_.latency.distribution == LatencyDistribution::kLognormal) {
    const double m = cfg_.latency.random_mean_s;
    const double s2 = std::log1p((cfg_.latency.jitter_s / m) * (cfg_.latency.jitter_s / m));
    lognormal_s_ = std::sqrt(s2);
    lognormal_mu_ = std::log(m) - 0.5 * s2;
  }
}

bool Link::InScheduledOutage(double t_s) const {
  // Last window starting at or before t.
  auto it = std::upper_bound(outages_.begin(), outages_.end(), t_s,
                             [](double t, const TimeWindow& w) { return t < w.start_s; });
  return it != outages_.begin() && std::prev(it)->Contains(t_s);
}

void Link::GenerateFailuresUntil(double t_s) {
  if (!(cfg_.mtbf_s > 0.0)) return;
  while (failure_horizon_s_ <= t_s) {
    const double up_s = rng_.failure.Exponential(cfg_.mtbf_s);
    const double down_s = rng_.failure.Exponential(cfg_.mttr_s);
    const double start = failure_horizon_s_ + up_s;
    failures_.push_back({start, start + down_s});
    failure_horizon_s_ = start + down_s;
  }
}

bool Link::IsUpAt(double t_s) {
  if (InScheduledOutage(t_s)) return false;
  if (!(cfg_.mtbf_s > 0.0) || t_s < 0.0) return true;
  GenerateFailuresUntil(t_s);
  auto it = std::upper_bound(failures_.begin(), failures_.end(), t_s,
                             [](double t, const TimeWindow& w) { return t < w.start_s; });
  return !(it != failures_.begin() && std::prev(it)->Contains(t_s));
}

double Link::DrawLatency() {
  const LatencyConfig& c = cfg_.latency;
  switch (c.distribution) {
    case LatencyDistribution::kFixed: return c.fixed_s;
    case LatencyDistribution::kLognormal:
      return c.fixed_s + std::exp(lognormal_mu_ + lognormal_s_ * rng_.latency.Normal());
    case LatencyDistribution::kNormal:
    case LatencyDistribution::kUniform:
      for (int i = 0; i < kMaxLatencyRedraws; ++i) {
        const double r = c.distribution == LatencyDistribution::kNormal
                             ? rng_.latency.Normal()
                             : std::sqrt(3.0) * (2.0 * rng_.latency.Uniform() - 1.0);
        const double l = c.fixed_s + c.jitter_s * r;
        if (l >= 0.0) return l;
      }
      return 0.0;
  }
  return c.fixed_s;
}

std::uint32_t Link::AcquireSlot() {
  if (!free_slots_.empty()) {
    const std::uint32_t slot = free_slots_.back();
    free_slots_.pop_back();
    return slot;
  }
  slots_.emplace_back();
  return static_cast<std::uint32_t>(slots_.size() - 1);
}

void Link::Drop(std::uint32_t slot, double t_s, DropReason reason) {
  switch (reason) {
    case DropReason::kLost: ++counters_.lost; break;
    case DropReason::kCapacity: ++counters_.dropped_capacity; break;
    case DropReason::kOutage: ++counters_.outage; break;
  }
  if (drop_log_ != nullptr) {
    const Message& msg = slots_[slot];
    drop_log_->push_back({msg.seq, msg.t_sent_s, t_s, reason, msg.data_class()});
  }
  ReleaseSlot(slot);
}

void Link::Transmit(std::uint32_t slot, double t_start_s, double extra_delay_s) {
  if (!IsUp(t_start_s)) {
    Drop(slot, t_start_s, DropReason::kOutage);
    return;
  }
  if (rng_.loss.Bernoulli(cfg_.loss_probability)) {
    Drop(slot, t_start_s, DropReason::kLost);
    return;
  }
  const double t_deliver = t_start_s + DrawLatency() + extra_delay_s;
  Message& msg = slots_[slot];
  msg.t_delivered_s = t_deliver;
  heap_.push_back({t_deliver, msg.seq, slot});
  std::push_heap(heap_.begin(), heap_.end(), Later{});
}

void Link::Advance(double t_s) {
  // Start queued transmissions whose slot begins at or before t.
  while (queue_count_ > 0 && next_free_s_ <= t_s) {
    const Waiting w = queue_[queue_head_];
    const double start = next_free_s_;
    next_free_s_ = start + slot_s_;
    queue_head_ = (queue_head_ + 1) % queue_.size();
    --queue_count_;
    Transmit(w.slot, start, w.extra_delay_s);
  }
}

Message& Link::Compose() {
  if (composed_ == kNoSlot) composed_ = AcquireSlot();
  Message& msg = slots_[composed_];
  msg.sender_node = -1;
  msg.sender_nation = -1;
  msg.receiver_node = -1;
  msg.seq = 0;
  msg.t_sent_s = 0.0;
  msg.t_delivered_s = 0.0;
  return msg;
}

SendOutcome Link::Send(const Message& msg, double t_s, double extra_delay_s) {
  // msg may live in the slot of a message this link just delivered (free again): then it is
  // already in place.
  if (composed_ == kNoSlot) composed_ = AcquireSlot();
  Message& slot = slots_[composed_];
  if (&slot != &msg) slot = msg;
  return SendComposed(t_s, extra_delay_s);
}

SendOutcome Link::SendComposed(double t_s, double extra_delay_s) {
  const std::uint32_t slot = composed_;
  if (slot == kNoSlot) {
    // Programmer error: nothing was composed.
    std::fputs("interop::Link::SendComposed called without Compose\n", stderr);
    std::abort();
  }
  composed_ = kNoSlot;
  Advance(t_s);
  Message& msg = slots_[slot];
  msg.seq = next_seq_++;
  msg.t_sent_s = t_s;
  msg.t_delivered_s = 0.0;
  ++counters_.sent;
  extra_delay_s = std::max(extra_delay_s, 0.0);
  if (!IsUp(t_s)) {
    Drop(slot, t_s, DropReason::kOutage);
    return SendOutcome::kOutage;
  }
  if (slot_s_ <= 0.0) {
    const std::int64_t lost_before = counters_.lost;
    const std::int64_t outage_before = counters_.outage;
    Transmit(slot, t_s, extra_delay_s);
    if (counters_.lost != lost_before) return SendOutcome::kLost;
    if (counters_.outage != outage_before) return SendOutcome::kOutage;
    return SendOutcome::kScheduled;
  }
  if (queue_count_ == 0 && next_free_s_ <= t_s) {
    next_free_s_ = t_s + slot_s_;
    const std::int64_t lost_before = counters_.lost;
    Transmit(slot, t_s, extra_delay_s);
    return counters_.lost != lost_before ? SendOutcome::kLost : SendOutcome::kScheduled;
  }
  if (queue_.empty()) {
    Drop(slot, t_s, DropReason::kCapacity);
    return SendOutcome::kCapacity;
  }
  if (queue_count_ == queue_.size()) {
    // Full: the oldest waiting message gives way to the new one.
    Drop(queue_[queue_head_].slot, t_s, DropReason::kCapacity);
    queue_head_ = (queue_head_ + 1) % queue_.size();
    --queue_count_;
  }
  queue_[(queue_head_ + queue_count_) % queue_.size()] = {slot, extra_delay_s};
  ++queue_count_;
  return SendOutcome::kQueued;
}

// NextDelivery once something may be due by t_until_s (next_due_s() <= t_until_s).
const Message* Link::PopDelivery(double t_until_s) {
  // Idempotent: after the first call for t_until_s nothing queued starts by then.
  Advance(t_until_s);
  while (!heap_.empty() && heap_.front().t_s <= t_until_s) {
    std::pop_heap(heap_.begin(), heap_.end(), Later{});
    const Flight f = heap_.back();
    heap_.pop_back();
    if (!IsUp(f.t_s)) {
      Drop(f.slot, f.t_s, DropReason::kOutage);
      continue;
    }
    // The slot is free for the next message but keeps this one until then.
    ReleaseSlot(f.slot);
    const Message& msg = slots_[f.slot];
    ++counters_.delivered;
    counters_.latency.Add(f.t_s - msg.t_sent_s);
    return &msg;
  }
  return nullptr;
}

int Link::Deliver(double t_until_s, std::vector<Message>* out) {
  int n = 0;
  while (const Message* msg = NextDelivery(t_until_s)) {
    out->push_back(*msg);
    ++n;
  }
  return n;
}

}  // namespace bmd::interop
