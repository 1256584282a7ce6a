#include "models/flight/targeting.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/common/angles.h"
#include "models/flight/root_finding.h"
#include "models/flight/threat_flight.h"

namespace bmd::flight {
namespace {

// "3,150" style integer with thousands separators.
std::string Grouped(double value) {
  const long long v = std::llround(value);
  std::string digits = std::to_string(std::llabs(v));
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (v < 0 ? "-" : "") + out;
}
std::string Km(double m) { return Grouped(m / 1e3) + " km"; }
std::string Seconds(double s) { return Grouped(s) + " s"; }

// Outcome of one integrated trajectory.
struct Shot {
  bool ok = false;          // integrated and impacted
  double range_m = -1.0;    // geodesic launch -> impact
  double azimuth_rad = 0.0; // geodesic launch -> impact
  double miss_m = 0.0;      // geodesic impact -> aim
  double apogee_m = 0.0;
  double flight_time_s = 0.0;
  FlightState separation;
};

// Maximum of a smooth unimodal f from three points x0 < x1 < x2 with f1 >= f0, f1 >= f2:
// successive parabolic interpolation (vertex of the parabola through the three points, the
// bracket then shrunk around the best), a golden-section step when the vertex falls outside
// or too close to a bracket end; stops when the vertex moves less than x_tol.
template <class F>
std::pair<double, double> ParabolicMaximize(F&& f, double x0, double x1, double x2, double f0,
                                            double f1, double f2, double x_tol) {
  constexpr double kGolden = 0.3819660112501051;
  for (int it = 0; it < 40 && x2 - x0 > x_tol; ++it) {
    const double a = (x1 - x0) * (f1 - f2), b = (x1 - x2) * (f1 - f0);
    double v = x1 - 0.5 * ((x1 - x0) * a - (x1 - x2) * b) / (a - b);
    const double margin = 0.1 * x_tol;
    if (!std::isfinite(v) || v <= x0 + margin || v >= x2 - margin) {
      v = (x1 - x0 > x2 - x1) ? x1 - kGolden * (x1 - x0) : x1 + kGolden * (x2 - x1);
    } else if (std::abs(v - x1) < x_tol) {
      break;  // the vertex has settled on the best point
    }
    const double fv = f(v);
    if (fv > f1) {
      if (v < x1) {
        x2 = x1;
        f2 = f1;
      } else {
        x0 = x1;
        f0 = f1;
      }
      x1 = v;
      f1 = fv;
    } else if (v < x1) {
      x0 = v;
      f0 = fv;
    } else {
      x2 = v;
      f2 = fv;
    }
  }
  return {x1, f1};
}

class Shooter {
 public:
  Shooter(const ThreatTypeSpec& type, const earth::EarthConfig& earth,
          const earth::Geodetic& launch, double launch_time_s, const earth::Geodetic& aim,
          const TargetingOptions& opt)
      : type_(type), earth_(earth), launch_(launch), launch_time_s_(launch_time_s), aim_(aim),
        opt_(opt) {
    t_burn_ = TotalBurnTime(type);
    t_min_ = opt.vertical_rise_s + opt.pitch_over_s + 1.0;
    const auto g = earth::GeodesicInverse(launch.lat_rad, launch.lon_rad, aim.lat_rad,
                                          aim.lon_rad, earth.shape);
    range_m_ = g.distance_m;
    azimuth_rad_ = g.azimuth1_rad;
  }

  LaunchParameters Params(double az, double kick, double tc) const {
    LaunchParameters p;
    p.azimuth_rad = az;
    p.vertical_rise_s = opt_.vertical_rise_s;
    p.pitch_over_s = opt_.pitch_over_s;
    p.kick_rad = kick;
    p.cutoff_s = tc;
    return p;
  }

  ThreatPlan Plan(double az, double kick, double tc) const {
    return MakePlan(type_, earth_, launch_, launch_time_s_, Params(az, kick, tc), aim_.alt_m);
  }

  Shot Fire(double az, double kick, double tc) {
    // The solver often fires a trajectory it has just fired (the root a Brent search ended
    // on, flown again for its apogee or separation state): the last few are remembered,
    // keyed exactly on their parameters.
    for (const Memo& m : memo_) {
      if (m.az == az && m.kick == kick && m.tc == tc) return m.shot;
    }
    Shot s = FireNew(az, kick, tc);
    memo_[memo_next_] = Memo{az, kick, tc, s};
    memo_next_ = (memo_next_ + 1) % memo_.size();
    return s;
  }

  Shot FireNew(double az, double kick, double tc) {
    ++shots_;
    const ThreatPlan plan = Plan(az, kick, tc);
    TrajectoryOptions to;
    to.dp = opt_.dp;
    to.record_samples = false;
    const Trajectory tr = PropagateTrajectory(plan, InitialState(plan), to);
    Shot s;
    if (!tr.ok || !tr.impacted) return s;
    const auto impact = earth::EcefToGeodetic(tr.final_state.r_ecef, earth_.shape);
    const auto g = earth::GeodesicInverse(launch_.lat_rad, launch_.lon_rad, impact.lat_rad,
                                          impact.lon_rad, earth_.shape);
    const auto m = earth::GeodesicInverse(impact.lat_rad, impact.lon_rad, aim_.lat_rad,
                                          aim_.lon_rad, earth_.shape);
    s.ok = true;
    s.range_m = g.distance_m;
    s.azimuth_rad = g.azimuth1_rad;
    s.miss_m = m.distance_m;
    s.apogee_m = tr.apogee_alt_m;
    s.flight_time_s = tr.final_state.t_s - launch_time_s_;
    s.separation = tr.separation;
    return s;
  }

  // Best range over the kick at a given cut-off: coarse scan, then parabolic interpolation
  // around the best scan point (golden section at an end of the domain).
  std::pair<double, double> MaxRange(double az, double tc) {
    constexpr int kScan = 12;
    std::array<double, kScan> kicks{}, ranges{};
    int best = 0;
    for (int i = 0; i < kScan; ++i) {
      kicks[i] = opt_.min_kick_rad + (opt_.max_kick_rad - opt_.min_kick_rad) * i / (kScan - 1);
      ranges[i] = Fire(az, kicks[i], tc).range_m;
      if (ranges[i] > ranges[best]) best = i;
    }
    if (best == 0 || best == kScan - 1) {  // at an end of the kick domain
      const double lo = kicks[std::max(best - 1, 0)];
      const double hi = kicks[std::min(best + 1, kScan - 1)];
      auto [k, r] = GoldenMaximize([&](double kick) { return Fire(az, kick, tc).range_m; }, lo,
                                   hi, 1e-3);
      if (ranges[best] > r) return {kicks[best], ranges[best]};
      return {k, r};
    }
    const auto b = static_cast<std::size_t>(best);
    return ParabolicMaximize([&](double kick) { return Fire(az, kick, tc).range_m; },
                             kicks[b - 1], kicks[b], kicks[b + 1], ranges[b - 1], ranges[b],
                             ranges[b + 1], 1e-3);
  }

  // Best range over the kick at a given cut-off near a known good kick (the optimum moves
  // smoothly with the cut-off): three points kStep apart around the guess, stepped uphill
  // (doubling) until the middle one is the highest, then parabolic interpolation.
  std::pair<double, double> MaxRangeNear(double az, double tc, double kick_guess) {
    const double lo_k = opt_.min_kick_rad, hi_k = opt_.max_kick_rad;
    auto range = [&](double kick) { return Fire(az, kick, tc).range_m; };
    constexpr double kStep = 0.02;  // rad
    double x1 = std::clamp(kick_guess, lo_k + kStep, hi_k - kStep);
    double f1 = range(x1);
    double x0 = x1 - kStep, x2 = x1 + kStep;
    double f0 = range(x0), f2 = range(x2);
    // Walk uphill (doubling the step) until the middle point is the highest of three.
    for (double step = kStep; f0 > f1 || f2 > f1;) {
      step *= 2.0;
      if (f2 > f1) {
        const double next = std::min(x2 + step, hi_k);
        if (next == x2) return {x2, f2};  // the best kick is at the end of the domain
        x0 = x1;
        f0 = f1;
        x1 = x2;
        f1 = f2;
        x2 = next;
        f2 = range(x2);
      } else {
        const double next = std::max(x0 - step, lo_k);
        if (next == x0) return {x0, f0};
        x2 = x1;
        f2 = f1;
        x1 = x0;
        f1 = f0;
        x0 = next;
        f0 = range(x0);
      }
    }
    return ParabolicMaximize(range, x0, x1, x2, f0, f1, f2, 1e-3);
  }

  // Cut-off time for which the range is target_m at fixed (az, kick), searched from a guess.
  std::optional<double> SolveCutoff(double az, double kick, double target_m, double guess) {
    auto f = [&](double tc) { return Fire(az, kick, tc).range_m - target_m; };
    double a = std::clamp(guess, t_min_, t_burn_);
    double fa = f(a);
    if (fa == 0.0) return a;
    // Range grows with the cut-off: step toward the root, doubling, until bracketed. The
    // first step is 1.2 x the secant step with the last bracket's slope dR/dt_c (1 s before
    // any), so that a good guess is bracketed at once and tightly.
    const double sign = fa < 0.0 ? 1.0 : -1.0;
    double step = slope_ > 0.0 ? sign * std::clamp(1.2 * std::abs(fa) / slope_, 1e-3, 10.0) : sign;
    double b = a, fb = fa;
    while (true) {
      const double next = std::clamp(b + step, t_min_, t_burn_);
      if (next == b) return std::nullopt;
      a = b;
      fa = fb;
      b = next;
      fb = f(b);
      if ((fa < 0.0) != (fb < 0.0)) break;
      step *= 2.0;
    }
    if (fb != fa) slope_ = (fb - fa) / (b - a);
    // Cut-off to 1e-5 s: the range then sits within ~5 cm (dR/dt_c is the burnout speed,
    // < 5 km/s), far inside the 2 m acceptance of the azimuth loop.
    return BrentRoot(f, a, b, fa, fb, 1e-5);
  }

  double t_burn() const { return t_burn_; }
  double t_min() const { return t_min_; }
  double range() const { return range_m_; }
  double azimuth() const { return azimuth_rad_; }
  int shots() const { return shots_; }

 private:
  const ThreatTypeSpec& type_;
  earth::EarthConfig earth_;
  earth::Geodetic launch_;
  double launch_time_s_;
  earth::Geodetic aim_;
  TargetingOptions opt_;
  double t_burn_ = 0.0, t_min_ = 0.0, range_m_ = 0.0, azimuth_rad_ = 0.0;
  int shots_ = 0;
  double slope_ = 0.0;  // dR/dt_c (m/s) over the last cut-off bracket
  struct Memo {
    double az = std::numeric_limits<double>::quiet_NaN(), kick = 0.0, tc = 0.0;
    Shot shot;
  };
  std::array<Memo, 8> memo_{};
  std::size_t memo_next_ = 0;
};

double Metric(const Shot& s, ShapingKind kind) {
  return kind == ShapingKind::kApogee ? s.apogee_m : s.flight_time_s;
}

}  // namespace

TargetingResult SolveTargeting(const ThreatTypeSpec& type, const earth::EarthConfig& earth,
                               const earth::Geodetic& launch, double launch_time_s,
                               const earth::Geodetic& aim, const Shaping& shaping,
                               const TargetingOptions& opt) {
  // Validates the type (throws std::invalid_argument for a malformed spec).
  (void)MakePlan(type, earth, launch, launch_time_s,
                 LaunchParameters{0.0, opt.vertical_rise_s, opt.pitch_over_s, 0.1,
                                  std::numeric_limits<double>::infinity()},
                 aim.alt_m);
  Shooter sh(type, earth, launch, launch_time_s, aim, opt);
  TargetingResult res;
  res.range_m = sh.range();
  auto fail = [&](const std::string& why) {
    res.ok = false;
    res.reason = why;
    res.trajectories = sh.shots();
    return res;
  };
  const double az0 = sh.azimuth();
  const double R = sh.range();

  // Reachable ranges: full burn (maximum) and the earliest allowed cut-off (minimum).
  const auto [kick_full, r_full] = sh.MaxRange(az0, sh.t_burn());
  res.max_range_m = r_full;
  if (r_full < R) {
    return fail("aim point " + Km(R) + " away exceeds the maximum range of about " +
                Km(r_full) + " for type " + type.name);
  }
  // (The best kick at the earliest cut-off is searched from the full-burn one.)
  const auto [kick_short, r_short] = sh.MaxRangeNear(az0, sh.t_min(), kick_full);
  if (r_short > R) {
    return fail("aim point " + Km(R) + " away is closer than the minimum range of about " +
                Km(r_short) + " for type " + type.name + " (thrust cut-off no earlier than " +
                Seconds(sh.t_min()) + " after launch)");
  }

  // Minimum energy: the earliest cut-off whose best kick reaches R.
  // The optimal kick moves smoothly with the cut-off: each evaluation searches near the
  // kick of the nearest cut-off evaluated so far, and the root's kick is remembered rather
  // than searched again.
  std::vector<std::pair<double, double>> kick_at{{sh.t_burn(), kick_full}, {sh.t_min(), kick_short}};
  auto g_me = [&](double tc) {
    const auto nearest = std::min_element(kick_at.begin(), kick_at.end(), [&](const auto& a, const auto& b) {
      return std::abs(a.first - tc) < std::abs(b.first - tc);
    });
    const auto [k, r] = sh.MaxRangeNear(az0, tc, nearest->second);
    kick_at.emplace_back(tc, k);
    return r - R;
  };
  // Cut-off to 10 ms: only the kick it yields is kept; t_c itself is solved again below.
  const double tc_me =
      BrentRoot(g_me, sh.t_min(), sh.t_burn(), r_short - R, r_full - R, 1e-2);
  double kick_me = kick_full;
  for (const auto& [t, k] : kick_at) {
    if (t == tc_me) kick_me = k;
  }
  // The minimum-energy kick itself to 1e-4 rad by golden section within +-5e-3 rad (range
  // is flat there: the search above stops within ~1e-3 rad, up to ~1 km of apogee).
  {
    const double lo = std::max(kick_me - 5e-3, opt.min_kick_rad);
    const double hi = std::min(kick_me + 5e-3, opt.max_kick_rad);
    kick_me = GoldenMaximize([&](double k) { return sh.Fire(az0, k, tc_me).range_m; }, lo, hi,
                             1e-4)
                  .first;
  }

  // Solves t_c for the range at (az, kick), then corrects the azimuth until the miss is small.
  double az = az0, kick = kick_me, tc = tc_me;
  Shot shot;
  bool converged = false;
  auto hit_at_kick = [&](double k, double tc_guess) -> std::optional<double> {
    return sh.SolveCutoff(az, k, R, tc_guess);
  };

  // Minimum-energy reference values (apogee and flight time of the curve's turning point).
  {
    const auto tc0 = hit_at_kick(kick_me, tc_me);
    if (!tc0) return fail("targeting failed to reach " + Km(R) + " at the minimum-energy kick");
    tc = *tc0;
    const Shot me = sh.Fire(az, kick_me, tc);
    res.min_energy_apogee_alt_m = me.apogee_m;
    res.min_energy_flight_time_s = me.flight_time_s;
  }

  std::optional<std::pair<double, double>> kick_bracket;  // for apogee / flight-time shaping
  double q_target = 0.0;
  if (shaping.kind != ShapingKind::kMinimumEnergy) {
    const bool by_apogee = shaping.kind == ShapingKind::kApogee;
    q_target = by_apogee ? shaping.apogee_m : shaping.flight_time_s;
    const double q_me = by_apogee ? res.min_energy_apogee_alt_m : res.min_energy_flight_time_s;
    const bool lofted = q_target > q_me;
    res.lofted = lofted;
    // Limit of the family on this side: the kick at which a full burn just reaches R (or the
    // end of the kick domain when even that one reaches R).
    const double k_domain = lofted ? std::min(opt.min_kick_rad, kick_me)
                                   : std::max(opt.max_kick_rad, kick_me);
    auto full = [&](double k) { return sh.Fire(az, k, sh.t_burn()).range_m - R; };
    const double f_me = full(kick_me);
    const double f_dom = full(k_domain);
    double k_lim = k_domain;
    double tc_lim = sh.t_burn();
    if (f_dom < 0.0) {
      k_lim = BrentRoot(full, kick_me, k_domain, f_me, f_dom, 1e-7);
    } else if (const auto t = hit_at_kick(k_domain, sh.t_burn())) {
      tc_lim = *t;
    }
    const Shot edge = sh.Fire(az, k_lim, tc_lim);
    const double q_edge = Metric(edge, shaping.kind);
    const bool inside = lofted ? q_target <= q_edge : q_target >= q_edge;
    if (!inside) {
      const std::string what = by_apogee ? "apogee " + Km(q_target) : "flight time " +
                                                                        Seconds(q_target);
      const std::string lo = by_apogee ? Km(std::min(q_edge, q_me)) : Seconds(std::min(q_edge, q_me));
      const std::string hi = by_apogee ? Km(std::max(q_edge, q_me)) : Seconds(std::max(q_edge, q_me));
      return fail(what + " is not reachable at " + Km(R) + " range for type " + type.name +
                  ": reachable " + (by_apogee ? "apogees" : "flight times") + " are about " +
                  lo + " to " + hi + " on the " + (lofted ? "lofted" : "depressed") + " side");
    }
    kick_bracket = std::pair{k_lim, kick_me};
  }

  for (int it = 0; it < opt.max_azimuth_iterations; ++it) {
    if (kick_bracket) {
      // Apogee / flight time: Brent on the kick along the R-reaching curve.
      double tc_guess = tc;
      auto q = [&](double k) {
        const auto t = hit_at_kick(k, tc_guess);
        if (!t) return Metric(sh.Fire(az, k, sh.t_burn()), shaping.kind) - q_target;
        tc_guess = *t;
        return Metric(sh.Fire(az, k, *t), shaping.kind) - q_target;
      };
      const auto [ka, kb] = *kick_bracket;
      // After the first pass the azimuth correction moves the root only slightly: try a
      // narrow bracket around the previous kick first. Kick to 1e-6 rad: the apogee and
      // flight time then sit within ~1 m and ~1 ms of the requested values.
      bool solved = false;
      if (it > 0) {
        constexpr double kNarrow = 0.01;  // rad
        const double na = std::clamp(kick - kNarrow, std::min(ka, kb), std::max(ka, kb));
        const double nb = std::clamp(kick + kNarrow, std::min(ka, kb), std::max(ka, kb));
        const double qna = q(na), qnb = q(nb);
        if ((qna < 0.0) != (qnb < 0.0)) {
          kick = BrentRoot(q, na, nb, qna, qnb, 1e-6);
          solved = true;
        }
      }
      if (!solved) {
        const double qa = q(ka), qb = q(kb);
        if ((qa < 0.0) == (qb < 0.0)) {
          // The bracket moved with the azimuth: take the nearer end.
          kick = std::abs(qa) < std::abs(qb) ? ka : kb;
        } else {
          kick = BrentRoot(q, ka, kb, qa, qb, 1e-6);
        }
      }
    }
    const auto t = hit_at_kick(kick, tc);
    if (!t) return fail("targeting lost the range " + Km(R) + " while correcting the azimuth");
    tc = *t;
    shot = sh.Fire(az, kick, tc);
    if (!shot.ok) return fail("trajectory integration failed during targeting");
    if (shot.miss_m <= opt.miss_tolerance_m) {
      converged = true;
      break;
    }
    az = WrapPi(az + WrapPi(az0 - shot.azimuth_rad));
  }
  if (!converged) {
    return fail("targeting did not converge: best miss " + Grouped(shot.miss_m) + " m");
  }

  res.ok = true;
  res.params = sh.Params(az, kick, tc);
  res.plan = sh.Plan(az, kick, tc);
  res.miss_m = shot.miss_m;
  res.apogee_alt_m = shot.apogee_m;
  res.flight_time_s = shot.flight_time_s;
  const Eigen::Vector3d& r = shot.separation.r_ecef;
  const Eigen::Vector3d& v = shot.separation.v_ecef;
  res.burnout_speed_m_s = v.norm();
  const earth::Geodetic gs = earth::EcefToGeodetic(r, earth.shape);
  const Eigen::Vector3d up = earth::REcefFromEnu(gs.lat_rad, gs.lon_rad).col(2);
  res.burnout_fpa_rad = std::asin(std::clamp(up.dot(v) / v.norm(), -1.0, 1.0));
  res.burnout_alt_m = gs.alt_m;
  if (shaping.kind == ShapingKind::kMinimumEnergy) res.lofted = false;
  res.trajectories = sh.shots();
  return res;
}

}  // namespace bmd::flight
