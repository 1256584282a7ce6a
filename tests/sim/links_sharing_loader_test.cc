// Sections "links" and "sharing", the new sensor bias keys and registration_correction:
// values in SI, and located errors for bad input.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "sim/prepare.h"
#include "sim/scenario/loader.h"
#include "sim/scenario/scenario_error.h"

namespace bmd::sim {
namespace {

using ::testing::HasSubstr;

const std::string kDir = std::string(BMD_SOURCE_DIR) + "/scenarios";

// The trilateral baseline with its links and sharing sections replaced.
std::string Baseline(const std::string& links, const std::string& sharing) {
  std::ifstream in(kDir + "/korea-baseline.yaml");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  const auto a = s.find("\nlinks:");
  const auto b = s.find("\nrecord:");
  EXPECT_NE(a, std::string::npos);
  EXPECT_NE(b, std::string::npos);
  return s.substr(0, a + 1) + links + sharing + s.substr(b + 1);
}

Scenario Load(const std::string& text) { return LoadScenarioString(text, "s.yaml", kDir); }

std::string Error(const std::string& text) {
  try {
    Load(text);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  ADD_FAILURE() << "loaded without error";
  return "";
}

constexpr const char* kOneLink = "links:\n  - {id: l1, between: [us_c2, rok_kamd], latency: 150 ms}\n";

TEST(LinksSection, ValuesInSi) {
  const Scenario s = Load(Baseline(
      "links:\n"
      "  - {id: a, between: [us_c2, rok_kamd], latency: {mean: 150 ms, jitter: 50 ms}, loss: 0.5 %, "
      "capacity: 200 msg/s, queue: 32, outages: [{from: 8 min, to: 9.5 min}]}\n"
      "  - {id: b, between: [us_c2, gbr_cic], latency: {fixed: 200 ms, mean: 1.5 s, jitter: 500 ms, "
      "distribution: lognormal}, failures: {mtbf: 30 min, mttr: 2 min}}\n",
      ""));
  ASSERT_EQ(s.links.size(), 2u);
  const auto& a = s.links[0];
  EXPECT_EQ(a.node_a, 0);
  EXPECT_EQ(a.node_b, 1);
  EXPECT_EQ(a.config.latency.distribution, interop::LatencyDistribution::kNormal);
  EXPECT_DOUBLE_EQ(a.config.latency.fixed_s, 0.150);
  EXPECT_DOUBLE_EQ(a.config.latency.jitter_s, 0.050);
  EXPECT_DOUBLE_EQ(a.config.loss_probability, 0.005);
  EXPECT_DOUBLE_EQ(a.config.capacity_msg_per_s, 200.0);
  EXPECT_EQ(a.config.queue_limit, 32);
  ASSERT_EQ(a.config.outages.size(), 1u);
  EXPECT_DOUBLE_EQ(a.config.outages[0].start_s, 480.0);
  EXPECT_DOUBLE_EQ(a.config.outages[0].end_s, 570.0);
  const auto& b = s.links[1];
  EXPECT_EQ(b.config.latency.distribution, interop::LatencyDistribution::kLognormal);
  EXPECT_DOUBLE_EQ(b.config.latency.fixed_s, 0.2);
  EXPECT_DOUBLE_EQ(b.config.latency.random_mean_s, 1.5);
  EXPECT_DOUBLE_EQ(b.config.mtbf_s, 1800.0);
  EXPECT_DOUBLE_EQ(b.config.mttr_s, 120.0);
  // Without a sharing section everything is shared.
  EXPECT_EQ(s.sharing.architecture, SharingArchitecture::kTrilateral);
}

TEST(LinksSection, LocatedErrors) {
  EXPECT_THAT(Error(Baseline("links:\n  - {id: l1, between: [us_c2, nowhere], latency: 1 s}\n", "")),
              HasSubstr("links[0].between[1]: unknown node 'nowhere'"));
  EXPECT_THAT(Error(Baseline("links:\n  - {id: l1, between: [us_c2, us_c2]}\n", "")),
              HasSubstr("links[0].between: a link joins two different nodes"));
  EXPECT_THAT(Error(Baseline(std::string(kOneLink) + "  - {id: l2, between: [rok_kamd, us_c2]}\n", "")),
              HasSubstr("links[1].between: these nodes are already joined by link 'l1'"));
  EXPECT_THAT(Error(Baseline("links:\n  - {id: l1, between: [us_c2, rok_kamd], latency: 150}\n", "")),
              HasSubstr("links[0].latency"));
  EXPECT_THAT(Error(Baseline("links:\n  - {id: l1, between: [us_c2, rok_kamd], loss: 150 %}\n", "")),
              HasSubstr("links[0].loss"));
  EXPECT_THAT(Error(Baseline("links:\n  - {id: l1, between: [us_c2, rok_kamd], outages: [{from: 9 min, to: 8 min}]}\n", "")),
              HasSubstr("an outage needs 0 <= from < to"));
  EXPECT_THAT(Error(Baseline("links:\n  - {id: l1, between: [us_c2, rok_kamd], latency: {mean: 1 s, jitter: 1 s, distribution: fixed}}\n", "")),
              HasSubstr("a fixed latency has no jitter"));
}

TEST(SharingSection, CustomRulesResolveToThePolicy) {
  const Scenario s = Load(Baseline(kOneLink,
                                   "sharing:\n"
                                   "  default: deny\n"
                                   "  rules:\n"
                                   "    - {from: US, to: [ROK, NATO], data: [tracks, cues], release: allow}\n"
                                   "    - {from: ROK, to: US, data: all, release: {delayed: 2 s}}\n"
                                   "    - {from: GBR, to: \"*\", data: tracks, release: {degraded: {position_quantum: 1 km}}}\n"));
  EXPECT_EQ(s.sharing.architecture, SharingArchitecture::kCustom);
  ASSERT_EQ(s.sharing.rules.size(), 3u);
  EXPECT_EQ(s.sharing.rules[1].release.action, interop::ReleaseAction::kDelay);
  EXPECT_DOUBLE_EQ(s.sharing.rules[1].release.delay_s, 2.0);
  EXPECT_DOUBLE_EQ(s.sharing.rules[2].release.degrade.position_quantum_m, 1000.0);
  const PreparedScenario p = Prepare(std::make_shared<const Scenario>(s));
  const interop::SharingPolicy policy(p.sharing, p.nations.size());
  const auto us = p.nations.Find("US"), rok = p.nations.Find("ROK"), gbr = p.nations.Find("GBR");
  using interop::DataClass;
  using interop::ReleaseAction;
  // NATO holds US and GBR: US -> GBR tracks allowed; US -> GBR engagement status not listed.
  EXPECT_EQ(policy.Lookup(us, gbr, DataClass::kTracks).action, ReleaseAction::kAllow);
  EXPECT_EQ(policy.Lookup(us, gbr, DataClass::kEngagementStatus).action, ReleaseAction::kDeny);
  EXPECT_EQ(policy.Lookup(rok, us, DataClass::kKillAssessment).action, ReleaseAction::kDelay);
  EXPECT_EQ(policy.Lookup(rok, gbr, DataClass::kTracks).action, ReleaseAction::kDeny);
  EXPECT_EQ(policy.Lookup(gbr, rok, DataClass::kTracks).action, ReleaseAction::kDegrade);
  EXPECT_EQ(policy.Lookup(gbr, gbr, DataClass::kTracks).action, ReleaseAction::kAllow);  // own nation
}

TEST(SharingSection, PresetArchitectures) {
  using interop::DataClass;
  using interop::ReleaseAction;
  auto policy_for = [](const std::string& arch) {
    const Scenario s = Load(Baseline(kOneLink, "sharing: {architecture: " + arch + ", hub: US}\n"));
    const PreparedScenario p = Prepare(std::make_shared<const Scenario>(s));
    return std::pair(interop::SharingPolicy(p.sharing, p.nations.size()), p.nations);
  };
  const auto [national, n1] = policy_for("national");
  const auto [bilateral, n2] = policy_for("bilateral");
  const auto [trilateral, n3] = policy_for("trilateral");
  const auto us = n1.Find("US"), rok = n1.Find("ROK"), gbr = n1.Find("GBR");
  EXPECT_EQ(national.Lookup(us, rok, DataClass::kTracks).action, ReleaseAction::kDeny);
  EXPECT_EQ(bilateral.Lookup(us, rok, DataClass::kTracks).action, ReleaseAction::kAllow);
  EXPECT_EQ(bilateral.Lookup(gbr, us, DataClass::kCues).action, ReleaseAction::kAllow);
  EXPECT_EQ(bilateral.Lookup(rok, gbr, DataClass::kTracks).action, ReleaseAction::kDeny);
  EXPECT_EQ(trilateral.Lookup(rok, gbr, DataClass::kTracks).action, ReleaseAction::kAllow);
}

TEST(SharingSection, LocatedErrors) {
  EXPECT_THAT(Error(Baseline(kOneLink, "sharing: {rules: [{from: FRA, to: US, release: allow}]}\n")),
              HasSubstr("sharing.rules[0].from: unknown nation or alliance 'FRA'"));
  EXPECT_THAT(Error(Baseline(kOneLink, "sharing: {rules: [{from: US, to: ROK, data: radar, release: allow}]}\n")),
              HasSubstr("sharing.rules[0].data"));
  EXPECT_THAT(Error(Baseline(kOneLink, "sharing: {rules: [{from: US, to: ROK, release: maybe}]}\n")),
              HasSubstr("sharing.rules[0].release"));
  EXPECT_THAT(Error(Baseline(kOneLink, "sharing: {default: {delayed: 2}}\n")),
              HasSubstr("sharing.default.delayed"));
  EXPECT_THAT(Error(Baseline(kOneLink, "sharing: {architecture: bilateral, hub: FRA}\n")),
              HasSubstr("sharing.hub"));
  EXPECT_THAT(Error(Baseline(kOneLink, "sharing: {architecture: federated}\n")),
              HasSubstr("sharing.architecture"));
}

TEST(SensorBias, ClockAndSiteErrorAndCorrectionSwitch) {
  std::string text = Baseline(kOneLink, "");
  const std::string from = "boresight: {azimuth: 340 deg}}";
  const auto at = text.find(from);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, from.size(),
               "boresight: {azimuth: 340 deg}, bias: {range: 30 m, azimuth: 0.1 deg, clock: 2 ms, "
               "site: {east: 50 m, north: -20 m, up: 5 m}}}");
  ASSERT_EQ(text.find("\ntracking:"), std::string::npos);
  const Scenario s = Load(text + "tracking: {registration_correction: on}\n");
  const auto& e = s.sensors[1];  // rok_ewr_1 (the first radar with azimuth 340 deg)
  EXPECT_EQ(e.id, "rok_ewr_1");
  EXPECT_DOUBLE_EQ(e.radar.bias.range_m, 30.0);
  EXPECT_DOUBLE_EQ(e.registration.clock_s, 0.002);
  EXPECT_DOUBLE_EQ(e.registration.site_enu_m.x(), 50.0);
  EXPECT_DOUBLE_EQ(e.registration.site_enu_m.y(), -20.0);
  EXPECT_DOUBLE_EQ(e.registration.site_enu_m.z(), 5.0);
  EXPECT_TRUE(s.tracking.registration_correction);
}

}  // namespace
}  // namespace bmd::sim
