// Section "links": data links between C2 nodes,
//   [{id, between: [NODE, NODE], latency, loss, capacity, queue, outages, failures}].
// latency is a time ("150 ms": fixed) or {mean, jitter, distribution, fixed}: normal and
// uniform draw mean + jitter * (unit-variance noise); lognormal draws fixed + a lognormal
// part with the given mean and standard deviation (interop/link.h).
#include <fmt/format.h>

#include <vector>

#include "sim/scenario/did_you_mean.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/loader_sections.h"

namespace bmd::sim {
namespace {

constexpr Presence kReq = Presence::kRequired;
// One day of latency or repair is a unit mistake, not a link.
constexpr Bounds kLatency{0.0, 86400.0, false, false};
constexpr Bounds kProbability{0.0, 1.0, false, false};

void ReadLatency(DocContext& doc, const YAML::Node& node, const std::string& path,
                 interop::LatencyConfig& lat) {
  using interop::LatencyDistribution;
  if (node.IsScalar()) {
    if (auto v = ReadQuantity(doc, node, path, Dimension::kTime)) {
      if (Require(*v >= 0.0 && *v <= 86400.0, doc, node, path,
                  fmt::format("latency must be within [0 s, 1 day]; got {}",
                              FormatQuantity(*v, Dimension::kTime)))) {
        lat.distribution = LatencyDistribution::kFixed;
        lat.fixed_s = *v;
      }
    }
    return;
  }
  static constexpr std::string_view kKeys[] = {"mean", "jitter", "distribution", "fixed"};
  static constexpr std::string_view kDists[] = {"fixed", "normal", "uniform", "lognormal"};
  MapReader m(doc, node, path, kKeys);
  if (!m.ok()) return;
  const auto mean = RangedQuantity(m, "mean", Dimension::kTime, kLatency, kReq);
  const auto jitter = RangedQuantity(m, "jitter", Dimension::kTime, kLatency);
  const auto fixed = RangedQuantity(m, "fixed", Dimension::kTime, kLatency);
  std::size_t dist = jitter && *jitter > 0.0 ? 1 : 0;
  if (auto d = m.Choice("distribution", kDists)) dist = *d;
  if (!mean) return;
  lat.jitter_s = jitter.value_or(0.0);
  switch (dist) {
    case 0:
      lat.distribution = LatencyDistribution::kFixed;
      lat.fixed_s = *mean;
      if (lat.jitter_s > 0.0) {
        doc.Error(*m.Get("jitter"), m.PathOf("jitter"),
                  "a fixed latency has no jitter: use 'distribution: normal', 'uniform' or "
                  "'lognormal'");
      }
      break;
    case 1:
    case 2:
      lat.distribution = dist == 1 ? LatencyDistribution::kNormal : LatencyDistribution::kUniform;
      lat.fixed_s = *mean;
      if (fixed) {
        doc.Error(*m.Get("fixed"), m.PathOf("fixed"),
                  "'fixed' is the constant part of a lognormal latency; for normal or uniform "
                  "jitter give the mean only");
      }
      break;
    default:
      lat.distribution = LatencyDistribution::kLognormal;
      lat.fixed_s = fixed.value_or(0.0);
      lat.random_mean_s = *mean;
      Require(*mean > 0.0, doc, *m.Get("mean"), m.PathOf("mean"),
              "a lognormal latency needs a mean > 0 (mean of the random part)");
      break;
  }
}

void ReadOutages(DocContext& doc, const YAML::Node& node, const std::string& path,
                 std::vector<interop::TimeWindow>& out) {
  if (!CheckSequence(doc, node, path, 10'000, "outages")) return;
  static constexpr std::string_view kKeys[] = {"from", "to"};
  for (std::size_t i = 0; i < node.size(); ++i) {
    MapReader m(doc, node[i], IndexPath(path, i), kKeys);
    if (!m.ok()) continue;
    const auto from = m.Quantity("from", Dimension::kTime, kReq);
    const auto to = m.Quantity("to", Dimension::kTime, kReq);
    if (!from || !to) continue;
    if (Require(*from >= 0.0 && *to > *from, doc, node[i], IndexPath(path, i),
                fmt::format("an outage needs 0 <= from < to; got from {} to {}",
                            FormatQuantity(*from, Dimension::kTime),
                            FormatQuantity(*to, Dimension::kTime)))) {
      out.push_back(interop::TimeWindow{*from, *to});
    }
  }
}

}  // namespace

void ConvertLinksSection(LoadState& state, const YAML::Node& section, const std::string& path) {
  DocContext& doc = state.doc;
  if (!CheckSequence(doc, section, path, ScenarioLimits::kMaxNodes * 4, "links")) return;
  static constexpr std::string_view kKeys[] = {"id",    "between", "latency",  "loss",
                                               "capacity", "queue", "outages", "failures"};
  std::size_t index = 0;
  for (const YAML::Node& entry : section) {
    const std::string p = IndexPath(path, index++);
    MapReader m(doc, entry, p, kKeys);
    if (!m.ok()) continue;
    LinkSpec link;
    if (auto id = m.Id("id", kReq)) {
      link.id = *id;
      state.unit_ids.Add(doc, *m.Get("id"), m.PathOf("id"), *id, "link");
    }
    if (const YAML::Node* b = m.Get("between", kReq)) {
      const std::string bp = m.PathOf("between");
      if (!b->IsSequence() || b->size() != 2) {
        doc.Error(*b, bp, "between needs two node ids, e.g. [us_c2, rok_kamd]; got " + Describe(*b));
      } else {
        int ends[2] = {-1, -1};
        for (std::size_t k = 0; k < 2; ++k) {
          if (auto nid = ReadId(doc, (*b)[k], IndexPath(bp, k))) {
            ends[k] = ResolveNode(state, (*b)[k], IndexPath(bp, k), *nid);
          }
        }
        link.node_a = ends[0];
        link.node_b = ends[1];
        if (ends[0] >= 0 && ends[0] == ends[1]) {
          doc.Error(*b, bp, "a link joins two different nodes");
        }
        for (const LinkSpec& other : state.scenario.links) {
          if (ends[0] < 0 || ends[1] < 0) break;
          if ((other.node_a == ends[0] && other.node_b == ends[1]) ||
              (other.node_a == ends[1] && other.node_b == ends[0])) {
            doc.Error(*b, bp, "these nodes are already joined by link " + Quote(other.id));
          }
        }
      }
    }
    if (const YAML::Node* l = m.Get("latency")) ReadLatency(doc, *l, m.PathOf("latency"), link.config.latency);
    if (auto v = RangedQuantity(m, "loss", Dimension::kRatio, kProbability)) {
      link.config.loss_probability = *v;
    }
    if (auto v = RangedQuantity(m, "capacity", Dimension::kRate, Bounds{0.0, 1e6, true, false})) {
      link.config.capacity_msg_per_s = *v;
    }
    if (auto v = m.Unsigned("queue")) {
      if (Require(*v <= 100'000, doc, *m.Get("queue"), m.PathOf("queue"),
                  fmt::format("queue must be at most 100000 messages; got {}", *v))) {
        link.config.queue_limit = static_cast<int>(*v);
      }
    }
    if (const YAML::Node* o = m.Get("outages")) {
      ReadOutages(doc, *o, m.PathOf("outages"), link.config.outages);
    }
    if (const YAML::Node* f = m.Get("failures")) {
      static constexpr std::string_view kFailureKeys[] = {"mtbf", "mttr"};
      MapReader fm(doc, *f, m.PathOf("failures"), kFailureKeys);
      if (fm.ok()) {
        const auto mtbf = RangedQuantity(fm, "mtbf", Dimension::kTime, Bounds{0.0, 1e9, true, false}, kReq);
        const auto mttr = RangedQuantity(fm, "mttr", Dimension::kTime, Bounds{0.0, 1e9, true, false}, kReq);
        if (mtbf && mttr) {
          link.config.mtbf_s = *mtbf;
          link.config.mttr_s = *mttr;
        }
      }
    }
    state.scenario.links.push_back(std::move(link));
  }
}

}  // namespace bmd::sim
