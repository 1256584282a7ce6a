// Trajectory propagation throughput of the engine stepping (AdvanceTo) with the full Earth
// model (WGS-84, rotation, J2, USSA 1976 drag), in object-steps per second on one core.
// One object-step = one 0.1 s tick of one object: one RK4 step (4 force evaluations) in
// boost and in the air; in drag-free coast one cubic Hermite interpolation inside a 2 s
// RK4 step taken every 20 ticks (AdvanceOptions::coast_step_s). Target: >= 5 M/s.
#include <benchmark/benchmark.h>

#include <stdexcept>
#include <vector>

#include "models/flight/targeting.h"
#include "models/flight/threat_flight.h"
#include "tests/validation/notional_threats.h"

namespace bmd::flight {
namespace {

struct Population {
  std::vector<ThreatPlan> plans;
  std::vector<int> plan_of;           // per object
  std::vector<FlightState> start, now;
};

// Solved plans for the three notional classes from a Korean-theatre launch point.
const std::vector<ThreatPlan>& Plans() {
  static const std::vector<ThreatPlan> plans = [] {
    std::vector<ThreatPlan> out;
    const earth::Geodetic launch{39.0 * earth::kDeg, 125.7 * earth::kDeg, 0.0};
    const std::pair<ThreatTypeSpec, double> cases[] = {{testing::SrbmNotional(), 300e3},
                                                       {testing::MrbmNotional(), 1000e3},
                                                       {testing::IrbmNotional(), 3000e3}};
    for (const auto& [type, range] : cases) {
      const auto aim = earth::GeodesicDirect(launch.lat_rad, launch.lon_rad,
                                             135 * earth::kDeg, range);
      auto res = SolveTargeting(type, {}, launch, 0.0, aim, {});
      if (!res.ok) throw std::runtime_error(res.reason);
      res.plan.max_step_s = 0.1;
      out.push_back(res.plan);
    }
    return out;
  }();
  return plans;
}

// n objects spread evenly in time over the part of each flight selected by `keep`
// (deterministic: no random draws needed).
template <class Keep>
Population MakePopulation(int n, Keep keep) {
  Population p;
  p.plans = Plans();
  std::vector<std::vector<FlightState>> pool(p.plans.size());
  for (std::size_t k = 0; k < p.plans.size(); ++k) {
    const Trajectory tr = PropagateTrajectory(p.plans[k], InitialState(p.plans[k]));
    for (const auto& s : tr.samples) {
      if (s.phase != FlightPhase::kImpacted && keep(s)) pool[k].push_back(s);
    }
  }
  std::vector<std::size_t> usable;  // classes with states in the selected part of flight
  for (std::size_t k = 0; k < pool.size(); ++k) {
    if (!pool[k].empty()) usable.push_back(k);
  }
  if (usable.empty()) throw std::runtime_error("empty benchmark population");
  for (int i = 0; i < n; ++i) {
    const auto k = usable[static_cast<std::size_t>(i) % usable.size()];
    const auto& src = pool[k];
    const auto j = (static_cast<std::size_t>(i) / usable.size() * 7919u) % src.size();
    p.plan_of.push_back(static_cast<int>(k));
    p.start.push_back(src[j]);
  }
  p.now = p.start;
  return p;
}

void Run(benchmark::State& state, Population& p) {
  FlightEventBuffer events;
  std::int64_t steps = 0;
  const double dt = 0.1;  // one engine tick (= plan.max_step_s)
  for (auto _ : state) {
    for (std::size_t i = 0; i < p.now.size(); ++i) {
      FlightState& s = p.now[i];
      if (s.phase == FlightPhase::kImpacted) s = p.start[i];  // recycle, no allocation
      events.Clear();
      AdvanceTo(p.plans[static_cast<std::size_t>(p.plan_of[i])], s, s.t_s + dt, events);
    }
    steps += static_cast<std::int64_t>(p.now.size());
    benchmark::DoNotOptimize(p.now.data());
  }
  state.counters["object_steps"] =
      benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kIsRate);
}

double Height(const FlightState& s) { return earth::FastAltitude(s.r_ecef, earth::Shape::kWgs84); }

// Whole flights (boost, midcourse, reentry) of SRBM/MRBM/IRBM mixed.
void BM_AdvanceRk4_WholeFlights(benchmark::State& state) {
  static Population p = MakePopulation(static_cast<int>(state.range(0)),
                                       [](const FlightState&) { return true; });
  Run(state, p);
}
BENCHMARK(BM_AdvanceRk4_WholeFlights)->Arg(1024);

// Only objects inside the atmosphere (below 100 km): drag on every force evaluation.
void BM_AdvanceRk4_Endoatmospheric(benchmark::State& state) {
  static Population p = MakePopulation(static_cast<int>(state.range(0)), [](const FlightState& s) {
    return s.phase == FlightPhase::kCoast && Height(s) < 100e3;
  });
  Run(state, p);
}
BENCHMARK(BM_AdvanceRk4_Endoatmospheric)->Arg(1024);

// Only exo-atmospheric midcourse (above 150 km): gravity + J2 + frame terms.
void BM_AdvanceRk4_Midcourse(benchmark::State& state) {
  static Population p = MakePopulation(static_cast<int>(state.range(0)), [](const FlightState& s) {
    return s.phase == FlightPhase::kCoast && Height(s) > 160e3;
  });
  Run(state, p);
}
BENCHMARK(BM_AdvanceRk4_Midcourse)->Arg(1024);

// Powered flight: thrust, mass law, steering, booster drag.
void BM_AdvanceRk4_Boost(benchmark::State& state) {
  static Population p = MakePopulation(static_cast<int>(state.range(0)), [](const FlightState& s) {
    return s.phase == FlightPhase::kBoost;
  });
  Run(state, p);
}
BENCHMARK(BM_AdvanceRk4_Boost)->Arg(1024);

// One whole MRBM flight (1,000 km, minimum energy: apogee ~235 km, 547 s) advanced in 0.1 s
// ticks exactly as the engine does it: the missile/RV from the launcher to impact plus the
// spent booster from RV separation to its own impact. Arg 0: plain 0.1 s RK4 stepping
// everywhere (coast_step_s = 0, the stepping before long coast steps); arg 1: the default
// (2 s drag-free coast steps). Counter: ticks (object-advances) per second.
void BM_AdvanceWholeMrbmFlight_0p1sTicks(benchmark::State& state) {
  const ThreatPlan& plan = Plans()[1];
  AdvanceOptions options;
  if (state.range(0) == 0) options.coast_step_s = 0.0;
  FlightEventBuffer events;
  std::int64_t ticks = 0;
  for (auto _ : state) {
    FlightState rv = InitialState(plan);
    FlightState booster;
    bool booster_flying = false;
    for (int k = 1; rv.phase != FlightPhase::kImpacted ||
                    (booster_flying && booster.phase != FlightPhase::kImpacted); ++k) {
      const double t_next = plan.launch_time_s + 0.1 * k;
      if (rv.phase != FlightPhase::kImpacted) {
        events.Clear();
        AdvanceTo(plan, rv, t_next, events, options);
        ++ticks;
        for (const auto& e : events) {
          if (e.kind == FlightEventKind::kRvSeparation) {
            booster = SpentBoosterState(plan, e);
            booster_flying = true;
          }
        }
      }
      if (booster_flying && booster.phase != FlightPhase::kImpacted) {
        events.Clear();
        AdvanceTo(plan, booster, t_next, events, options);
        ++ticks;
      }
    }
    benchmark::DoNotOptimize(rv.r_ecef.data());
    benchmark::DoNotOptimize(booster.r_ecef.data());
  }
  state.counters["ticks"] = benchmark::Counter(static_cast<double>(ticks), benchmark::Counter::kIsRate);
  state.counters["ticks_per_flight"] =
      static_cast<double>(ticks) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_AdvanceWholeMrbmFlight_0p1sTicks)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace bmd::flight
