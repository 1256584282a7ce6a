// EKF predict + update throughput: 6 states, range/az/el (3 measurements), ballistic ECEF
// motion model with J2 and rotating-frame terms, 1 s scan.
#include <benchmark/benchmark.h>

#include "models/earth/geodesy.h"
#include "models/fusion/predictor.h"
#include "models/fusion/updater.h"
#include "models/sensors/measurement.h"

namespace {

using namespace bmd;
using namespace bmd::fusion;

struct Setup {
  sensors::Measurement m;
  GaussianState s;
  Setup() {
    const earth::Geodetic site{36.0 * earth::kDeg, 127.0 * earth::kDeg, 0.0};
    m.kind = sensors::MeasurementKind::kRangeAzEl;
    m.site_pos = earth::GeodeticToEcef(site);
    m.R_frame_from_enu = earth::REcefFromEnu(site.lat_rad, site.lon_rad);
    m.sigma << 20.0, 1e-3, 1e-3, 0.0;
    const earth::Geodetic tgt{40.5 * earth::kDeg, 127.0 * earth::kDeg, 150e3};
    s.x << earth::GeodeticToEcef(tgt),
        earth::REcefFromEnu(tgt.lat_rad, tgt.lon_rad) * Eigen::Vector3d(2400, 1500, -1000);
    s.P = Matrix6d::Identity() * 1e4;
    s.P.bottomRightCorner<3, 3>() *= 0.01;
  }
};

template <class P, class U>
void PredictUpdate(benchmark::State& state) {
  Setup setup;
  MotionModelConfig cfg;  // ballistic ECEF, J2, rotation
  const P predictor{MotionModel(cfg)};
  const U updater;
  GaussianState s = setup.s;
  const Vector6d x0 = s.x;
  const Matrix6d p0 = s.P;
  sensors::Measurement m = setup.m;
  m.z = sensors::PredictMeasurement(m, x0.head<3>(), x0.tail<3>());
  for (auto _ : state) {
    // Reset every 64 cycles so the state stays in a realistic regime.
    if ((s.t_s > 64.0)) {
      s.x = x0;
      s.P = p0;
      s.t_s = 0.0;
    }
    GaussianState pred = predictor.Predict(s, s.t_s + 1.0);
    const UpdateResult r = updater.Update(pred, m);
    s = r.posterior;
    benchmark::DoNotOptimize(s);
  }
  state.counters["predict_update_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_EkfPredictUpdateBallisticRae(benchmark::State& state) {
  PredictUpdate<EkfPredictor, EkfUpdater>(state);
}
void BM_UkfPredictUpdateBallisticRae(benchmark::State& state) {
  PredictUpdate<UkfPredictor, UkfUpdater>(state);
}
BENCHMARK(BM_EkfPredictUpdateBallisticRae);
BENCHMARK(BM_UkfPredictUpdateBallisticRae);

}  // namespace
