#include "sim/run_output_interop.h"

#include <cmath>

#include "sim/io/attributes.h"
#include "sim/io/table.h"

namespace bmd::sim {
namespace {

using io::Column;

const char* ActionName(interop::ReleaseAction a) {
  switch (a) {
    case interop::ReleaseAction::kAllow: return "allow";
    case interop::ReleaseAction::kDeny: return "deny";
    case interop::ReleaseAction::kDelay: return "delayed";
    case interop::ReleaseAction::kDegrade: return "degraded";
  }
  return "unknown";
}

void WriteLinks(io::Group& root, const PreparedScenario& p, const RunResult& r) {
  const Scenario& sc = *p.scenario;
  if (sc.links.empty()) return;
  io::Group g = root.CreateGroup("links");
  {
    std::vector<std::int64_t> idx, a, b, queue;
    std::vector<std::string> id;
    std::vector<double> lat, jit, loss, cap, mtbf, mttr, outage;
    for (std::size_t i = 0; i < sc.links.size(); ++i) {
      const auto& l = sc.links[i];
      idx.push_back(static_cast<std::int64_t>(i));
      id.push_back(l.id);
      a.push_back(l.node_a);
      b.push_back(l.node_b);
      lat.push_back(l.config.latency.fixed_s + l.config.latency.random_mean_s);
      jit.push_back(l.config.latency.jitter_s);
      loss.push_back(l.config.loss_probability);
      cap.push_back(l.config.capacity_msg_per_s);
      queue.push_back(l.config.queue_limit);
      mtbf.push_back(l.config.mtbf_s);
      mttr.push_back(l.config.mttr_s);
      double out = 0.0;
      for (const auto& w : l.config.outages) out += w.end_s - w.start_s;
      outage.push_back(out);
    }
    const Column cols[] = {
        Column::Int64("link_index", idx, "", "link index"),
        Column::String("id", id, "link id"),
        Column::Int64("node_a", a, "", "one end (/entities/nodes node_index)"),
        Column::Int64("node_b", b, "", "other end"),
        Column::Float64("mean_latency_s", lat, "s", "configured mean latency (fixed + random part)"),
        Column::Float64("jitter_s", jit, "s", "standard deviation of the random latency part"),
        Column::Float64("loss_probability", loss, "1", "per-message loss probability"),
        Column::Float64("capacity_msg_s", cap, "1/s", "messages per second (0: unlimited)"),
        Column::Int64("queue_limit", queue, "", "messages that may wait for a slot"),
        Column::Float64("mtbf_s", mtbf, "s", "mean time between random failures (0: none)"),
        Column::Float64("mttr_s", mttr, "s", "mean time to repair"),
        Column::Float64("scheduled_outage_s", outage, "s", "total scheduled outage time"),
    };
    io::WriteTable(g, "config", "data links of the scenario", cols);
  }
  const auto& net = r.network;
  if (!net.messages.empty()) {
    const auto n = net.messages.size();
    std::vector<double> ts(n), tr(n);
    std::vector<std::string> link(n), kind(n), status(n), fn(n), tn(n);
    std::vector<std::int32_t> from(n), to(n);
    std::vector<bool> relayed(n);
    for (std::size_t i = 0; i < n; ++i) {
      const auto& m = net.messages[i];
      ts[i] = m.t_send_s;
      tr[i] = m.t_recv_s;
      link[i] = sc.links[static_cast<std::size_t>(m.link)].id;
      from[i] = m.from_node;
      to[i] = m.to_node;
      fn[i] = sc.nodes[static_cast<std::size_t>(m.from_node)].nation;
      tn[i] = sc.nodes[static_cast<std::size_t>(m.to_node)].nation;
      kind[i] = DataClassName(m.kind);
      status[i] = MessageStatusName(m.status);
      relayed[i] = m.relayed;
    }
    const Column cols[] = {
        Column::Float64("t_send_s", ts, "s", "time the sender released the message"),
        Column::Float64("t_recv_s", tr, "s", "delivery time (NaN: not delivered)"),
        Column::String("link", link, "link id"),
        Column::Int32("from_node", from, "", "sending node (node_index)"),
        Column::Int32("to_node", to, "", "receiving node (node_index)"),
        Column::String("from_nation", fn, "nation of the sending node"),
        Column::String("to_nation", tn, "nation of the receiving node"),
        Column::String("kind", kind, "track | cue | engagement_status | kill_assessment"),
        Column::String("status", status, "delivered | lost | withheld | dropped_capacity | outage | in_flight"),
        Column::Bool("relayed", relayed, "forwarded on behalf of another node"),
    };
    io::WriteTable(g, "messages", "every message offered to a link direction, in send order", cols);
  }
  {
    const auto n = net.links.size();
    std::vector<std::string> link(n);
    std::vector<std::int32_t> from(n), to(n);
    std::vector<std::int64_t> sent(n), del(n), lost(n), cap(n), out(n), wh(n);
    std::vector<double> mean(n), sd(n), mx(n);
    for (std::size_t i = 0; i < n; ++i) {
      const auto& d = net.links[i];
      link[i] = sc.links[static_cast<std::size_t>(d.link)].id;
      from[i] = d.from_node;
      to[i] = d.to_node;
      sent[i] = d.counters.sent;
      del[i] = d.counters.delivered;
      lost[i] = d.counters.lost;
      cap[i] = d.counters.dropped_capacity;
      out[i] = d.counters.outage;
      wh[i] = d.counters.withheld;
      mean[i] = d.counters.latency.count > 0 ? d.counters.latency.Mean() : std::nan("");
      sd[i] = d.counters.latency.count > 1 ? d.counters.latency.StdDev() : std::nan("");
      mx[i] = d.counters.latency.count > 0 ? d.counters.latency.max_s : std::nan("");
    }
    const Column cols[] = {
        Column::String("link", link, "link id"),
        Column::Int32("from_node", from, "", "sending node"),
        Column::Int32("to_node", to, "", "receiving node"),
        Column::Int64("sent", sent, "", "messages put on the link"),
        Column::Int64("delivered", del, "", "messages delivered"),
        Column::Int64("lost", lost, "", "lost in transmission"),
        Column::Int64("dropped_capacity", cap, "", "pushed out of a full queue"),
        Column::Int64("outage", out, "", "dropped by an outage or failure"),
        Column::Int64("withheld", wh, "", "kept back by the sharing policy (not sent)"),
        Column::Float64("mean_latency_s", mean, "s", "mean end-to-end latency of delivered messages"),
        Column::Float64("latency_sd_s", sd, "s", "sample standard deviation of that latency"),
        Column::Float64("max_latency_s", mx, "s", "largest latency"),
    };
    io::WriteTable(g, "summary", "counters per link direction", cols);
  }
}

void WriteSharing(io::Group& root, const PreparedScenario& p, const RunResult& r) {
  const int nn = p.nations.size();
  if (nn == 0) return;
  io::Group g = root.CreateGroup("sharing");
  static constexpr const char* kArch[] = {"custom", "national", "bilateral", "trilateral"};
  io::WriteStringAttribute(g.id(), "architecture", kArch[static_cast<int>(p.scenario->sharing.architecture)]);
  {
    // The resolved policy, one row per (from, to, class).
    interop::SharingPolicy policy(p.sharing, nn);
    std::vector<std::string> from, to, cls, action;
    std::vector<double> delay, quantum;
    for (int f = 0; f < nn; ++f) {
      for (int t = 0; t < nn; ++t) {
        for (int c = 0; c < interop::kNumDataClasses; ++c) {
          const auto& rel = policy.Lookup(f, t, static_cast<interop::DataClass>(c));
          from.push_back(p.nations.Name(f));
          to.push_back(p.nations.Name(t));
          cls.push_back(DataClassName(static_cast<interop::DataClass>(c)));
          action.push_back(ActionName(rel.action));
          delay.push_back(rel.action == interop::ReleaseAction::kDelay ? rel.delay_s : 0.0);
          quantum.push_back(rel.action == interop::ReleaseAction::kDegrade ? rel.degrade.position_quantum_m : 0.0);
        }
      }
    }
    const Column cols[] = {
        Column::String("from_nation", from, "originating nation"),
        Column::String("to_nation", to, "receiving nation"),
        Column::String("data_class", cls, "track | cue | engagement_status | kill_assessment"),
        Column::String("action", action, "allow | deny | delayed | degraded"),
        Column::Float64("delay_s", delay, "s", "extra delay of a delayed release"),
        Column::Float64("quantum_m", quantum, "m", "position quantum of a degraded release"),
    };
    io::WriteTable(g, "policy", "resolved releasability policy (enforced by the sender)", cols);
  }
  if (!r.network.policy.empty()) {
    std::vector<std::string> from, to, cls;
    std::vector<std::int64_t> al, wh, de, dg;
    for (const auto& pc : r.network.policy) {
      from.push_back(p.nations.Name(pc.from));
      to.push_back(p.nations.Name(pc.to));
      cls.push_back(DataClassName(pc.data_class));
      al.push_back(pc.counters.allowed);
      wh.push_back(pc.counters.withheld);
      de.push_back(pc.counters.delayed);
      dg.push_back(pc.counters.degraded);
    }
    const Column cols[] = {
        Column::String("from_nation", from, "originating nation"),
        Column::String("to_nation", to, "receiving nation"),
        Column::String("data_class", cls, "track | cue | engagement_status | kill_assessment"),
        Column::Int64("allowed", al, "", "messages released unchanged"),
        Column::Int64("withheld", wh, "", "messages withheld"),
        Column::Int64("delayed", de, "", "messages released with a delay"),
        Column::Int64("degraded", dg, "", "messages released degraded"),
    };
    io::WriteTable(g, "counters", "policy outcomes per originator, receiver and class", cols);
  }
}

void WritePictureStructure(io::Group& root, const Scenario& sc, const RunResult& r) {
  const auto& rec = r.sensing;
  if (rec.interop.empty()) return;
  io::Group m = root.OpenGroup("metrics");
  {
    const auto n = rec.interop.size();
    std::vector<double> t(n), pe(n);
    std::vector<std::int32_t> node(n), truths(n), tracked(n), tracks(n), dual(n), spur(n);
    for (std::size_t i = 0; i < n; ++i) {
      const auto& s = rec.interop[i];
      t[i] = s.t_s; node[i] = s.node; truths[i] = s.truths; tracked[i] = s.truths_tracked;
      tracks[i] = s.tracks; dual[i] = s.dual_tracks; spur[i] = s.spurious; pe[i] = s.mean_position_error_m;
    }
    const Column cols[] = {
        Column::Float64("t_s", t, "s", "sample time"),
        Column::Int32("node_index", node, "", "node"),
        Column::Int32("truths", truths, "", "objects in flight"),
        Column::Int32("truths_tracked", tracked, "", "objects with at least one network track"),
        Column::Int32("tracks", tracks, "", "network tracks held"),
        Column::Int32("dual_tracks", dual, "", "redundant tracks: sum over objects of (tracks on it - 1)"),
        Column::Int32("spurious", spur, "", "tracks on no object"),
        Column::Float64("mean_position_error_m", pe, "m", "mean position error of tracks on objects"),
    };
    io::WriteTable(m, "interop", "network picture structure per node (association by truth label)", cols);
  }
  if (!rec.commonality.empty()) {
    const auto n = rec.commonality.size();
    std::vector<double> t(n), cf(n), sn(n), dis(n);
    std::vector<std::int32_t> a(n), b(n), both(n), either(n);
    for (std::size_t i = 0; i < n; ++i) {
      const auto& c = rec.commonality[i];
      t[i] = c.t_s; a[i] = c.node_a; b[i] = c.node_b; both[i] = c.truths_in_both; either[i] = c.truths_in_either;
      cf[i] = c.common_fraction; sn[i] = c.same_number_fraction; dis[i] = c.mean_disagreement_m;
    }
    const Column cols[] = {
        Column::Float64("t_s", t, "s", "sample time"),
        Column::Int32("node_a", a, "", "first node"),
        Column::Int32("node_b", b, "", "second node"),
        Column::Int32("truths_in_both", both, "", "objects tracked by both nodes"),
        Column::Int32("truths_in_either", either, "", "objects tracked by either node"),
        Column::Float64("common_fraction", cf, "1", "truths_in_both / truths_in_either"),
        Column::Float64("same_number_fraction", sn, "1", "of the common objects: same track number"),
        Column::Float64("mean_disagreement_m", dis, "m", "mean distance between the two nodes' tracks"),
    };
    io::WriteTable(m, "commonality", "commonality of each pair of node pictures", cols);
  }
  if (!rec.node_counters.empty()) {
    const auto n = rec.node_counters.size();
    std::vector<std::int64_t> idx(n), created(n), changes(n), decor(n), merges(n), remote(n);
    for (std::size_t i = 0; i < n; ++i) {
      const auto& c = rec.node_counters[i];
      idx[i] = static_cast<std::int64_t>(i); created[i] = c.tracks_created; changes[i] = c.number_changes;
      decor[i] = c.decorrelations; merges[i] = c.merges; remote[i] = c.remote_reports;
    }
    const Column cols[] = {
        Column::Int64("node_index", idx, "", "node"),
        Column::Int64("tracks_created", created, "", "network track numbers created"),
        Column::Int64("number_changes", changes, "", "source tracks whose network number changed"),
        Column::Int64("decorrelations", decor, "", "source tracks decorrelated after repeated gate failures"),
        Column::Int64("merges", merges, "", "dual tracks resolved by merging"),
        Column::Int64("remote_reports", remote, "", "track reports received from other nodes"),
    };
    io::WriteTable(m, "track_numbers", "network track-number management per node", cols);
  }
  if (!rec.registration.empty()) {
    std::vector<std::int32_t> sensor, pairs;
    std::vector<double> rng, az, el, trng, taz, tel;
    for (const auto& g : rec.registration) {
      sensor.push_back(g.sensor); pairs.push_back(g.pairs);
      rng.push_back(g.range_m); az.push_back(g.az_rad); el.push_back(g.el_rad);
      const auto& b = sc.sensors[static_cast<std::size_t>(g.sensor)].radar.bias;
      trng.push_back(b.range_m); taz.push_back(b.az_rad); tel.push_back(b.el_rad);
    }
    const Column cols[] = {
        Column::Int32("sensor_index", sensor, "", "radar"),
        Column::Int32("pairs", pairs, "", "accepted registration pairs"),
        Column::Float64("range_bias_est_m", rng, "m", "estimated range bias"),
        Column::Float64("az_bias_est_rad", az, "rad", "estimated azimuth bias"),
        Column::Float64("el_bias_est_rad", el, "rad", "estimated elevation bias"),
        Column::Float64("range_bias_true_m", trng, "m", "configured range bias"),
        Column::Float64("az_bias_true_rad", taz, "rad", "configured azimuth bias"),
        Column::Float64("el_bias_true_rad", tel, "rad", "configured elevation bias"),
    };
    io::WriteTable(m, "registration", "registration bias estimates at the end of the run", cols);
  }
}

}  // namespace

void WriteInteropGroups(io::Group& root, const PreparedScenario& p, const RunResult& r) {
  WriteLinks(root, p, r);
  WriteSharing(root, p, r);
  WritePictureStructure(root, *p.scenario, r);
}

}  // namespace bmd::sim
