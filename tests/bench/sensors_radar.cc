// Sensor model throughput: visibility + detection + measurement per (sensor, object) pair.
#include <benchmark/benchmark.h>

#include <array>
#include <vector>

#include "models/common/random.h"
#include "models/earth/geodesy.h"
#include "models/sensors/radar.h"
#include "models/sensors/radar_scheduler.h"
#include "models/sensors/space_ir.h"

namespace bmd::sensors {
namespace {

using earth::kDeg;

RadarSpec Spec() {
  RadarSpec s;  // notional X-band forward-based class
  s.frequency_hz = 9.5e9;
  s.reference_snr_db = 20.0;
  s.reference_range_m = 1000e3;
  s.max_range_m = 2000e3;
  s.bandwidth_hz = 500e6;
  s.for_az_half_width_rad = 60 * kDeg;
  s.for_el_half_width_rad = 45 * kDeg;
  return s;
}

// Objects scattered 200-1500 km from the site, 0-600 km altitude, mostly in the field of
// regard (about a third blocked by the Earth, range or field-of-regard limits).
struct Scene {
  Radar radar;
  std::vector<RadarTarget> targets;
  explicit Scene(int n) : radar(Spec(), MakeSite()) {
    RandomStream rng(1, 0, 0, Purpose::kTest);
    const SiteState s = radar.SiteAt(0.0);
    for (int i = 0; i < n; ++i) {
      const earth::Geodetic g = earth::GeodesicDirect(
          s.geodetic.lat_rad, s.geodetic.lon_rad, rng.Uniform(-100, 10) * kDeg,
          rng.Uniform(200e3, 1500e3));
      const Eigen::Vector3d r = earth::GeodeticToEcef({g.lat_rad, g.lon_rad, rng.Uniform(0, 600e3)});
      targets.push_back({i, r, Eigen::Vector3d(1e3, 2e3, -3e3), rng.Uniform(0.01, 1.0)});
    }
  }
  static RadarSite MakeSite() {
    RadarSite site;
    site.path = SitePath(earth::Geodetic{40 * kDeg, 127 * kDeg, 100.0});
    site.boresight_az_rad = -45 * kDeg;
    site.boresight_el_rad = 45 * kDeg;
    return site;
  }
};

void BM_RadarLookDwell(benchmark::State& state) {
  const Scene scene(static_cast<int>(state.range(0)));
  RandomStream det(1, 0, 1, Purpose::kDetection), noise(1, 0, 1, Purpose::kMeasurementNoise);
  const SiteState s = scene.radar.SiteAt(0.0);
  Measurement m;
  int detected = 0;
  for (auto _ : state) {
    for (const RadarTarget& t : scene.targets) {
      detected += scene.radar.Dwell(s, t, det, noise, &m);
    }
    benchmark::DoNotOptimize(m);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(scene.targets.size()));
  state.counters["detected_fraction"] =
      static_cast<double>(detected) / (state.iterations() * scene.targets.size());
}
BENCHMARK(BM_RadarLookDwell)->Arg(1000);

void BM_RadarLookOnly(benchmark::State& state) {
  const Scene scene(static_cast<int>(state.range(0)));
  const SiteState s = scene.radar.SiteAt(0.0);
  int visible = 0;
  for (auto _ : state) {
    for (const RadarTarget& t : scene.targets) visible += scene.radar.Look(s, t.r_ecef).visible();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(scene.targets.size()));
  state.counters["visible_fraction"] =
      static_cast<double>(visible) / (state.iterations() * scene.targets.size());
}
BENCHMARK(BM_RadarLookOnly)->Arg(1000);

// One engine tick for one radar: site state, looks, scheduler plan, dwells, false alarms.
void BM_RadarTick(benchmark::State& state) {
  const Scene scene(static_cast<int>(state.range(0)));
  const int n = static_cast<int>(scene.targets.size());
  RadarScheduler sched(scene.radar.spec(), scene.radar.site(), n);
  std::vector<RadarLook> looks(n);
  std::vector<DwellKind> kinds(n);
  std::vector<Measurement> out;
  out.reserve(4 * n);
  RandomStream det(1, 0, 1, Purpose::kDetection), noise(1, 0, 1, Purpose::kMeasurementNoise),
      fa(1, 0, 1, Purpose::kFalseAlarm);
  double t = 0.0;
  const double dt = 0.1;
  for (auto _ : state) {
    out.clear();
    const SiteState s = scene.radar.SiteAt(t);
    for (int i = 0; i < n; ++i) looks[i] = scene.radar.Look(s, scene.targets[i].r_ecef);
    sched.Plan(t, dt, looks, kinds);
    Measurement m;
    for (int i = 0; i < n; ++i) {
      if (kinds[i] == DwellKind::kNone) continue;
      const bool hit = scene.radar.Dwell(s, looks[i], scene.targets[i], det, noise, &m);
      sched.Report(i, t, hit);
      if (hit) out.push_back(m);
    }
    scene.radar.FalseAlarms(s, t, dt, fa, &out);
    benchmark::DoNotOptimize(out.data());
    t += dt;
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
}
BENCHMARK(BM_RadarTick)->Arg(1000);

void BM_SpaceIrDetect(benchmark::State& state) {
  SpaceIrSite site;
  site.orbit.geo_longitude_rad = 128 * kDeg;
  const SpaceIrSensor sat(SpaceIrSpec{}, site);
  const Scene scene(static_cast<int>(state.range(0)));
  const SatelliteState s = sat.StateAt(0.0);
  RandomStream det(1, 0, 2, Purpose::kDetection), noise(1, 0, 2, Purpose::kMeasurementNoise);
  Measurement m;
  for (auto _ : state) {
    for (const RadarTarget& t : scene.targets) {
      benchmark::DoNotOptimize(sat.Detect(s, {t.truth_id, t.r_ecef, true, 1e5}, det, noise, &m));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(scene.targets.size()));
}
BENCHMARK(BM_SpaceIrDetect)->Arg(1000);

}  // namespace
}  // namespace bmd::sensors
