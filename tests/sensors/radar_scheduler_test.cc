#include "models/sensors/radar_scheduler.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cmath>
#include <vector>

#include "models/earth/geodesy.h"

namespace bmd::sensors {
namespace {

using earth::kDeg;

RadarSpec SectorSpec() {
  RadarSpec s;
  s.reference_snr_db = 45.0;  // Pd ~ 1 for the geometry below (Swerling 1 at >= 30 dB: > 0.98)
  s.reference_range_m = 1000e3;
  s.max_range_m = 2000e3;
  s.min_elevation_rad = 0.5 * kDeg;
  s.for_az_half_width_rad = 60 * kDeg;
  s.for_el_half_width_rad = 45 * kDeg;
  s.search_frame_s = 10.0;
  s.track_revisit_s = 1.0;
  s.track_capacity = 2;
  return s;
}

RadarSite SiteFacingWest() {
  RadarSite site;
  site.path = SitePath(earth::Geodetic{37 * kDeg, 127 * kDeg, 50.0});
  site.boresight_az_rad = -90 * kDeg;
  site.boresight_el_rad = 45 * kDeg;
  site.sensor_index = 0;
  return site;
}

RadarLook VisibleAt(double az_rad, double el_rad = 10 * kDeg) {
  RadarLook look;
  look.visibility = Visibility::kVisible;
  look.az_rad = az_rad;
  look.el_rad = el_rad;
  look.range_m = 500e3;
  return look;
}

TEST(RadarScheduler, SearchVisitsEachObjectOncePerFrameAtItsAzimuthPhase) {
  const RadarSpec spec = SectorSpec();
  RadarScheduler sched(spec, SiteFacingWest(), 3);
  // Azimuths at 1/4, 1/2 and 0.9 of the sweep (sweep starts at -150 deg, 120 deg wide).
  const std::array<RadarLook, 3> looks{VisibleAt(-120 * kDeg), VisibleAt(-90 * kDeg),
                                       VisibleAt(-42 * kDeg)};
  const std::array<double, 3> phase{0.25, 0.5, 0.9};
  std::array<DwellKind, 3> kinds{};
  std::array<std::vector<double>, 3> times;
  const double dt = 0.1;
  for (int k = 0; k < 1000; ++k) {
    const double t = k * dt;
    sched.Plan(t, dt, looks, kinds);
    for (int i = 0; i < 3; ++i) {
      if (kinds[i] != DwellKind::kNone) {
        EXPECT_EQ(kinds[i], DwellKind::kSearch);
        times[i].push_back(t);
      }
    }
  }
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(sched.SearchPhase(looks[i].az_rad), phase[i], 1e-12);
    ASSERT_EQ(times[i].size(), 10u) << i;  // 100 s = 10 frames
    // Dwell in the tick containing n T + p T.
    for (int n = 0; n < 10; ++n) {
      const double crossing = (n + phase[i]) * spec.search_frame_s;
      EXPECT_LE(times[i][n], crossing + 1e-9);
      EXPECT_GT(times[i][n] + dt, crossing - 1e-9);
    }
  }
}

TEST(RadarScheduler, TrackCapacityAndFastRevisit) {
  const RadarSpec spec = SectorSpec();  // capacity 2
  RadarScheduler sched(spec, SiteFacingWest(), 3);
  const std::array<RadarLook, 3> looks{VisibleAt(-100 * kDeg), VisibleAt(-99 * kDeg),
                                       VisibleAt(-98 * kDeg)};
  std::array<DwellKind, 3> kinds{};
  std::array<int, 3> track_dwells{}, search_dwells{};
  const double dt = 0.1;
  for (int k = 0; k < 1000; ++k) {
    const double t = k * dt;
    sched.Plan(t, dt, looks, kinds);
    for (int i = 0; i < 3; ++i) {
      if (kinds[i] == DwellKind::kNone) continue;
      (kinds[i] == DwellKind::kTrack ? track_dwells : search_dwells)[i]++;
      sched.Report(i, t, true);  // every dwell detects
    }
  }
  EXPECT_EQ(sched.TrackCount(), 2);
  EXPECT_TRUE(sched.InTrack(0));
  EXPECT_TRUE(sched.InTrack(1));
  EXPECT_FALSE(sched.InTrack(2));  // capacity full: stays under search
  // First detection in the first frame's sweep (~3.8 s), then one track dwell per second.
  EXPECT_NEAR(track_dwells[0], 96, 1);
  EXPECT_EQ(search_dwells[2], 10);
  // Misses drop a track after 3 consecutive misses, freeing the slot for object 2.
  for (int k = 1000; k < 1100; ++k) {
    const double t = k * dt;
    sched.Plan(t, dt, looks, kinds);
    for (int i = 0; i < 3; ++i) {
      if (kinds[i] != DwellKind::kNone) sched.Report(i, t, i != 0);
    }
  }
  EXPECT_FALSE(sched.InTrack(0));
  EXPECT_TRUE(sched.InTrack(2));
  EXPECT_EQ(sched.TrackCount(), 2);
}

// Scripted case: an object launched at launch_s rises vertically at 2 km/s from a point
// 600 km from the radar at azimuth -60 deg; it clears the radar horizon (plus 0.5 deg
// minimum elevation) ~20 s after launch. Returns the first detection time, and the first
// tick at which it was visible in *t_visible.
double FirstDetection(const Radar& radar, bool cued, double launch_s, std::uint64_t run,
                      double* t_visible) {
  const SiteState s0 = radar.SiteAt(0.0);
  const earth::Geodetic ground = earth::GeodesicDirect(s0.geodetic.lat_rad, s0.geodetic.lon_rad,
                                                       -60 * kDeg, 600e3);
  const Eigen::Vector3d up = earth::REcefFromEnu(ground.lat_rad, ground.lon_rad).col(2);
  const Eigen::Vector3d r0 = earth::GeodeticToEcef(ground);
  RadarScheduler sched(radar.spec(), radar.site(), 1);
  if (cued) {
    // Cue from a launch report 10 s after launch: launch point, position and velocity.
    Cue cue;
    cue.launch = ground;
    cue.r_ecef = r0 + 20e3 * up;
    cue.v_ecef = 2e3 * up;
    cue.P_r = Eigen::Matrix3d::Identity() * 3e3 * 3e3;
    sched.AddCue(SectorFromCue(cue, s0, launch_s + 10.0, 300.0, 60.0, 3.0,
                               radar.spec().beamwidth_rad));
  }
  RandomStream det(77, run, 0, Purpose::kDetection), noise(77, run, 0, Purpose::kMeasurementNoise);
  const double dt = 0.1;
  *t_visible = -1.0;
  Measurement m;
  for (int k = 0; k < 3000; ++k) {
    const double t = k * dt;
    const SiteState s = radar.SiteAt(t);
    const double climb_m = 2e3 * std::max(t - launch_s, 0.0);
    const RadarTarget tgt{1, r0 + climb_m * up, 2e3 * up, 1.0};
    const std::array<RadarLook, 1> looks{radar.Look(s, tgt.r_ecef)};
    if (looks[0].visible() && *t_visible < 0.0) *t_visible = t;
    std::array<DwellKind, 1> kinds{};
    sched.Plan(t, dt, looks, kinds);
    if (kinds[0] == DwellKind::kNone) continue;
    const bool hit = radar.Dwell(s, looks[0], tgt, det, noise, &m);
    sched.Report(0, t, hit);
    if (hit) return t;
  }
  return 1e9;
}

TEST(RadarScheduler, CuedRadarDetectsEarlier) {
  RadarSpec spec = SectorSpec();
  const RadarSite site = SiteFacingWest();
  const Radar radar(spec, site);
  const SiteState s0 = radar.SiteAt(0.0);
  const earth::Geodetic ground = earth::GeodesicDirect(s0.geodetic.lat_rad, s0.geodetic.lon_rad,
                                                       -60 * kDeg, 600e3);
  RadarScheduler probe(spec, site, 1);
  // Launch times spread over one search frame, so the sweep phase at first visibility is
  // uniform; high SNR (Pd > 0.98 per dwell).
  double sum_gain = 0.0;
  for (int j = 0; j < 20; ++j) {
    const double launch_s = 0.5 * j;
    double t_vis_cued = 0, t_vis_uncued = 0;
    const double t_cued = FirstDetection(radar, true, launch_s, 0, &t_vis_cued);
    const double t_uncued = FirstDetection(radar, false, launch_s, 0, &t_vis_uncued);
    ASSERT_GT(t_vis_cued, 0.0);
    ASSERT_EQ(t_vis_cued, t_vis_uncued);
    // Cued: dwells from the first visible tick at the 1 s revisit: detection within one
    // revisit (two dwells at Pd > 0.98).
    EXPECT_LE(t_cued, t_vis_cued + spec.track_revisit_s + 1e-9) << launch_s;
    // Uncued: not before the first sweep crossing of the target azimuth (phase computed here
    // from the azimuth at 40 km altitude; it changes by < 0.01 deg while rising) after
    // visibility, within one tick.
    const double az = radar.Look(s0, earth::GeodeticToEcef({ground.lat_rad, ground.lon_rad, 40e3}))
                          .az_rad;
    const double p = probe.SearchPhase(az);
    const double first_crossing =
        (std::ceil(t_vis_uncued / spec.search_frame_s - p) + p) * spec.search_frame_s;
    EXPECT_GE(t_uncued + 0.1 + 1e-6, first_crossing) << launch_s;
    sum_gain += t_uncued - t_cued;
  }
  // Uniform phase: the cue saves about half a frame (5 s) on average.
  EXPECT_NEAR(sum_gain / 20, 0.5 * spec.search_frame_s, 1.0);

  // Weak radar, Swerling 1 at ~14 dB near the horizon (Pd ~ 0.58 per dwell): expected delay
  // after visibility ~ T_track (1 - Pd) / Pd ~ 0.7 s cued, T_search (1/2 + (1 - Pd) / Pd)
  // ~ 12-13 s uncued (Pd falls to 0.55 as the range opens). Random launch times over a frame.
  spec.reference_snr_db = 5.0;
  const Radar weak(spec, site);
  RandomStream launch_rng(3, 0, 0, Purpose::kTest);
  double sum_cued = 0, sum_uncued = 0;
  constexpr int kRuns = 200;
  for (int r = 0; r < kRuns; ++r) {
    const double launch_s = launch_rng.Uniform(0.0, spec.search_frame_s);
    double tv = 0;
    sum_cued += FirstDetection(weak, true, launch_s, r, &tv) - tv;
    sum_uncued += FirstDetection(weak, false, launch_s, r, &tv) - tv;
  }
  const double mean_cued = sum_cued / kRuns, mean_uncued = sum_uncued / kRuns;
  std::printf("mean time to first detection after visibility: cued %.2f s, uncued %.2f s\n",
              mean_cued, mean_uncued);
  // Standard errors of the means are ~0.1 s (cued) and ~0.8 s (uncued, geometric number of
  // 10 s frames): bands of ~4 standard errors around the expectations above.
  EXPECT_LT(mean_cued, 1.5);
  EXPECT_GT(mean_uncued, 8.0);
}

TEST(RadarScheduler, CueSectorContainsTheCuedGeometry) {
  const Radar radar(SectorSpec(), SiteFacingWest());
  const SiteState s = radar.SiteAt(0.0);
  Cue cue;
  cue.launch = earth::GeodesicDirect(s.geodetic.lat_rad, s.geodetic.lon_rad, -80 * kDeg, 500e3);
  const Eigen::Vector3d up = earth::REcefFromEnu(cue.launch.lat_rad, cue.launch.lon_rad).col(2);
  cue.r_ecef = earth::GeodeticToEcef(cue.launch) + 30e3 * up;
  cue.v_ecef = 2e3 * up;
  cue.P_r = Eigen::Matrix3d::Identity() * 1e6;
  const CueSector sector = SectorFromCue(cue, s, 10.0, 100.0, 60.0, 3.0, 0.01);
  const RadarLook l = radar.Look(s, cue.r_ecef + 60.0 * cue.v_ecef);
  EXPECT_TRUE(sector.Contains(20.0, l.az_rad, l.el_rad));
  EXPECT_FALSE(sector.Contains(5.0, l.az_rad, l.el_rad));    // before the cue
  EXPECT_FALSE(sector.Contains(111.0, l.az_rad, l.el_rad));  // expired
  EXPECT_FALSE(sector.Contains(20.0, l.az_rad + 0.2, l.el_rad));
  EXPECT_NEAR(sector.az_center_rad, -80 * kDeg, 1 * kDeg);
  EXPECT_LT(sector.az_half_width_rad, 2 * kDeg);
}

}  // namespace
}  // namespace bmd::sensors
