// Engageability check per (interceptor type, track) pair (target <= 1 us), envelope build,
// ballistic path prediction per track update, PIP solve and full interceptor flights.
#include <benchmark/benchmark.h>

#include "tests/guidance/interceptor_scenarios.h"

namespace {

using namespace bmd;
using namespace bmd::guidance;
using namespace bmd::guidance::testing;

const Threat& Mrbm1000() {
  static const Threat t = MakeThreat(Mrbm(), Deg(41.0, 124.0), 160.0, 1000.0);
  return t;
}
const Threat& Srbm300() {
  static const Threat t = MakeThreat(Srbm(), Deg(39.0, 125.5), 180.0, 300.0);
  return t;
}
const char* kClass[] = {"upper_tier_exo", "high_alt_terminal", "lower_tier_endo"};

// One (type, track) pair per iteration, cycling over 3 types x 8 fire units x 2 threats
// (engageable and not), launch time = track time + 30 s.
void BM_EngageabilityCheck(benchmark::State& state) {
  std::vector<const FlyoutEnvelope*> envs;
  for (const char* c : kClass) envs.push_back(&Class(c).envelope);
  std::vector<const Threat*> threats = {&Mrbm1000(), &Srbm300()};
  std::vector<EngageSite> sites;
  for (const Threat* th : threats) {
    for (double d : {0.0, 20.0, 60.0, 300.0}) {
      auto p = earth::GeodesicDirect(th->aim.lat_rad, th->aim.lon_rad, 0.7, d * 1e3);
      p.alt_m = 0.0;
      sites.push_back(MakeEngageSite(p, earth::Shape::kWgs84));
    }
  }
  std::size_t k = 0;
  long engageable = 0, visited = 0;
  for (auto _ : state) {
    const FlyoutEnvelope& env = *envs[k % envs.size()];
    const Threat& th = *threats[(k / envs.size()) % threats.size()];
    const EngageSite& site = sites[(k / 6) % sites.size()];
    const Engageability e = CheckEngageability(env, site, th.path, th.t_track_s + 30.0);
    benchmark::DoNotOptimize(e);
    engageable += e.engageable;
    visited += e.samples_visited;
    ++k;
  }
  state.counters["engageable_frac"] = static_cast<double>(engageable) / static_cast<double>(k);
  state.counters["samples_per_check"] = static_cast<double>(visited) / static_cast<double>(k);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EngageabilityCheck);

void BM_PredictBallisticPath(benchmark::State& state) {
  const Threat& th = Mrbm1000();
  PredictedPath path;
  for (auto _ : state) {
    PredictBallistic(th.plan.earth, th.t_track_s, th.path.r_ecef[0], th.path.v_ecef[0],
                     th.plan.rv_drag_area_per_mass, 1.0, 3000.0, path);
    benchmark::DoNotOptimize(path.r_ecef.data());
  }
  state.counters["samples"] = path.size();
}
BENCHMARK(BM_PredictBallisticPath)->Unit(benchmark::kMicrosecond);

void BM_EnvelopeBuild(benchmark::State& state) {
  const InterceptorModel& m = Class(kClass[state.range(0)]).model;
  int flyouts = 0;
  for (auto _ : state) {
    FlyoutEnvelope env = FlyoutEnvelope::Build(m);
    flyouts = env.flyouts();
    benchmark::DoNotOptimize(env);
  }
  state.counters["flyouts"] = flyouts;
  state.SetLabel(kClass[state.range(0)]);
}
BENCHMARK(BM_EnvelopeBuild)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);

void BM_SingleFlyout(benchmark::State& state) {
  const InterceptorModel& m = Class("upper_tier_exo").model;
  const earth::Geodetic site = Deg(37.0, 127.0);
  const Eigen::Vector3d s = earth::GeodeticToEcef(site);
  const Eigen::Vector3d d = LaunchDirection(site, 0.3, 0.6, earth::Shape::kWgs84);
  const Eigen::Vector3d p = s + 1e9 * d;
  for (auto _ : state) {
    FlyoutPoint fp = FlyToward(m, s, d, p, 600.0, 1e-11);
    benchmark::DoNotOptimize(fp);
  }
}
BENCHMARK(BM_SingleFlyout)->Unit(benchmark::kMicrosecond);

void BM_SolvePip(benchmark::State& state) {
  const Threat& th = Mrbm1000();
  const ClassFixture& f = Class("upper_tier_exo");
  auto p = earth::GeodesicDirect(th.aim.lat_rad, th.aim.lon_rad, 0.7, 300e3);
  p.alt_m = 0.0;
  const EngageSite site = MakeEngageSite(p, earth::Shape::kWgs84);
  int flyouts = 0;
  for (auto _ : state) {
    PipSolution s = SolvePip(f.model, f.envelope, site, th.path, th.t_track_s + 60.0);
    flyouts = s.flyouts;
    benchmark::DoNotOptimize(s);
  }
  state.counters["flyouts"] = flyouts;
}
BENCHMARK(BM_SolvePip)->Unit(benchmark::kMillisecond);

// A whole guided flight (boost, midcourse on a perfect track, seeker homing, exact CPA) in
// the engine's tick loop at 0.1 s, threat stepping included.
void BM_GuidedFlight(benchmark::State& state) {
  const Threat& th = state.range(0) == 0 ? Mrbm1000() : Srbm300();
  const ClassFixture& f = Class(state.range(0) == 0 ? "upper_tier_exo" : "lower_tier_endo");
  auto p = earth::GeodesicDirect(th.aim.lat_rad, th.aim.lon_rad, 0.7, state.range(0) == 0 ? 300e3 : 10e3);
  p.alt_m = 0.0;
  const EngageSite site = MakeEngageSite(p, earth::Shape::kWgs84);
  const PipSolution pip = SolvePip(f.model, f.envelope, site, th.path, th.t_track_s + 60.0);
  double miss = -1.0;
  for (auto _ : state) {
    FlyResult r = FlyEngagement(f.model, th, site, pip.t_launch_s, pip.launch_dir_ecef, 0.1, true);
    miss = r.intercept.miss_m;
    benchmark::DoNotOptimize(r);
  }
  state.counters["miss_m"] = miss;
  state.counters["flight_s"] = pip.time_of_flight_s;
  state.SetLabel(state.range(0) == 0 ? "upper_tier_exo vs MRBM" : "lower_tier_endo vs SRBM");
}
BENCHMARK(BM_GuidedFlight)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
