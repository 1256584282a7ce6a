// Throughput of the data-link model: messages per second through Send + Deliver with
// normal latency jitter, 1 % loss and a capacity-limited queue (drops included).
#include <benchmark/benchmark.h>

#include <vector>

#include "models/interop/link.h"
#include "models/interop/sharing_policy.h"

namespace bmd::interop {
namespace {

Message TrackMessage() {
  Message m;
  m.sender_node = 0;
  m.sender_nation = 0;
  m.payload = TrackReport{};
  return m;
}

// The benchmarks' link: terrestrial-class latency 150 +- 50 ms, 1 % loss, 200 msg/s, queue 64.
LinkConfig BenchLinkConfig() {
  LinkConfig cfg;
  cfg.latency = {LatencyDistribution::kNormal, 0.15, 0.05, 0.0};
  cfg.loss_probability = 0.01;
  cfg.capacity_msg_per_s = 200.0;
  cfg.queue_limit = 64;
  return cfg;
}

// state.range(0): offered load in msg/s against a capacity of 200 msg/s.
void BM_LinkSendDeliver(benchmark::State& state) {
  Link link(BenchLinkConfig(), LinkStreams::For(1, 0, 1, 0));
  std::vector<Message> out;
  out.reserve(4096);
  const Message msg = TrackMessage();
  const double dt = 1.0 / static_cast<double>(state.range(0));
  double t = 0.0;
  for (auto _ : state) {
    link.Send(msg, t);
    t += dt;
    if (out.size() > 2048) out.clear();
    link.Deliver(t, &out);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["delivered_frac"] =
      static_cast<double>(link.counters().delivered) / static_cast<double>(link.counters().sent);
}
BENCHMARK(BM_LinkSendDeliver)->Arg(100)->Arg(400);

// The engine's path (sim::Network): the message written once into the link's storage
// (Compose + SendComposed) and handed out in place (NextDelivery), copied once into an inbox.
void BM_LinkComposeNextDelivery(benchmark::State& state) {
  Link link(BenchLinkConfig(), LinkStreams::For(1, 0, 1, 0));
  std::vector<Message> inbox;
  inbox.reserve(4096);
  const Message msg = TrackMessage();
  const double dt = 1.0 / static_cast<double>(state.range(0));
  double t = 0.0;
  for (auto _ : state) {
    Message& m = link.Compose();
    m.sender_node = msg.sender_node;
    m.sender_nation = msg.sender_nation;
    m.payload = msg.payload;
    link.SendComposed(t);
    t += dt;
    if (inbox.size() > 2048) inbox.clear();
    while (const Message* d = link.NextDelivery(t)) inbox.push_back(*d);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LinkComposeNextDelivery)->Arg(100)->Arg(400);

// Same with the sharing policy applied at the sender (degraded release).
void BM_PolicyAndLink(benchmark::State& state) {
  LinkConfig cfg;
  cfg.latency = {LatencyDistribution::kNormal, 0.15, 0.05, 0.0};
  cfg.loss_probability = 0.01;
  cfg.capacity_msg_per_s = 200.0;
  Link link(cfg, LinkStreams::For(1, 0, 2, 0));
  SharingPolicyConfig pc;
  Degradation d;
  d.position_quantum_m = 1000.0;
  pc.default_release = Release::Degraded(d);
  SharingPolicy policy(pc, 2);
  std::vector<Message> out;
  out.reserve(4096);
  const Message msg = TrackMessage();
  double t = 0.0;
  for (auto _ : state) {
    ReleaseAndSend(policy, link, msg, 0, 1, t);
    t += 0.01;
    if (out.size() > 2048) out.clear();
    link.Deliver(t, &out);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PolicyAndLink);

}  // namespace
}  // namespace bmd::interop
