// Scenario preparation: threat targeting (SolveTargeting, once per threat) on the full Earth
// model. The envelope build (once per interceptor type) is BM_EnvelopeBuild in
// guidance_engageability.cc.
#include <benchmark/benchmark.h>

#include "models/earth/geodesy.h"
#include "models/flight/targeting.h"
#include "tests/validation/notional_threats.h"

namespace {

using namespace bmd;
using namespace bmd::flight;

// 0: SRBM 250 km minimum energy, 1: MRBM 500 km lofted to 450 km, 2: MRBM 350 km depressed
// to 60 km apogee, 3: IRBM 3,000 km minimum energy.
void BM_SolveTargeting(benchmark::State& state) {
  const earth::Geodetic launch{39.0 * earth::kDeg, 125.7 * earth::kDeg, 0.0};
  const int c = static_cast<int>(state.range(0));
  const ThreatTypeSpec type = c == 0   ? testing::SrbmNotional()
                              : c == 3 ? testing::IrbmNotional()
                                       : testing::MrbmNotional();
  const double km = c == 0 ? 250.0 : c == 1 ? 500.0 : c == 2 ? 350.0 : 3000.0;
  const Shaping shaping = c == 1   ? Shaping{ShapingKind::kApogee, true, 450e3, 0.0}
                          : c == 2 ? Shaping{ShapingKind::kApogee, false, 60e3, 0.0}
                                   : Shaping{};
  const earth::Geodetic aim =
      earth::GeodesicDirect(launch.lat_rad, launch.lon_rad, 135.0 * earth::kDeg, km * 1e3);
  int trajectories = 0;
  for (auto _ : state) {
    const TargetingResult r = SolveTargeting(type, {}, launch, 0.0, aim, shaping);
    trajectories = r.trajectories;
    benchmark::DoNotOptimize(r);
  }
  state.counters["trajectories"] = trajectories;
  const char* labels[] = {"srbm 250 km min energy", "mrbm 500 km lofted", "mrbm 350 km depressed",
                          "irbm 3000 km min energy"};
  state.SetLabel(labels[c]);
}
BENCHMARK(BM_SolveTargeting)->DenseRange(0, 3)->Unit(benchmark::kMillisecond);

}  // namespace
