#include "models/guidance/flyout_envelope.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "models/flight/root_finding.h"
#include "models/guidance/flyout.h"

namespace bmd::guidance {

double GroundRangeBetweenUnits(const Eigen::Vector3d& a, const Eigen::Vector3d& b) {
  const double x = 0.5 * (a - b).norm();  // sin(theta / 2)
  double half;
  if (x <= 0.2) {
    // asin series; the first omitted term (945/42240) x^11 < 5e-10 rad (3 mm) at x = 0.2.
    const double x2 = x * x;
    half = x * (1.0 + x2 * (1.0 / 6 + x2 * (3.0 / 40 + x2 * (15.0 / 336 + x2 * (105.0 / 3456)))));
  } else {
    half = std::asin(std::min(x, 1.0));
  }
  return 2.0 * half * earth::kSphereRadius;
}

Eigen::Vector3d PointAtRangeAltitude(const Eigen::Vector3d& site_ecef, double azimuth_rad,
                                     double range_m, double alt_m, earth::Shape shape) {
  const Eigen::Vector3d s = site_ecef.normalized();
  const Eigen::Vector3d east = Eigen::Vector3d::UnitZ().cross(s).normalized();
  const Eigen::Vector3d north = s.cross(east);
  const Eigen::Vector3d t = std::sin(azimuth_rad) * east + std::cos(azimuth_rad) * north;
  const double theta = range_m / earth::kSphereRadius;
  const Eigen::Vector3d p = std::cos(theta) * s + std::sin(theta) * t;
  // Surface radius along p: FastAltitude(R p) = R - R_surface(p) for any R.
  const double r_surface = earth::kWgs84A - earth::FastAltitude(earth::kWgs84A * p, shape);
  return (r_surface + alt_m) * p;
}

namespace {

// One elevation of the fan: the flyout at the reference azimuth and, where needed, a twin
// turned by a small azimuth step (for the azimuth correction, step 3 of Build).
struct Fan {
  double el = 0.0;
  FlyoutPath path;
  FlyoutPath turned;
};

// Interpolating polynomial through n <= 4 points (x, y) in Newton's divided-difference
// form (built once, evaluated in a few operations by the root finder).
struct Poly {
  int n = 0;
  double x[4] = {}, c[4] = {};
  Poly(const double* xs, const double* ys, int count) : n(count) {
    for (int a = 0; a < n; ++a) {
      x[a] = xs[a];
      c[a] = ys[a];
    }
    for (int level = 1; level < n; ++level) {
      for (int a = n - 1; a >= level; --a) c[a] = (c[a] - c[a - 1]) / (x[a] - x[a - level]);
    }
  }
  double operator()(double at) const {
    double v = c[n - 1];
    for (int a = n - 2; a >= 0; --a) v = v * (at - x[a]) + c[a];
    return v;
  }
};

// Passages of the fan through one range level, by increasing elevation.
struct Column {
  std::vector<double> el, alt, t, psi;
  std::vector<char> ok;
};

// The direct solution at one node, from one column.
struct NodeFit {
  bool reached = false;
  double time_s = 0.0;
  double el_rad = 0.0;   ///< launch elevation of the solution
  double psi_rad = 0.0;  ///< azimuth of the passage (seen from the site) off the reference plane
  double error_s = 0.0;  ///< |cubic - quadratic| time: estimate of the interpolation error
};

// Lowest elevation whose path passes altitude a_node at this range: the first fan (by
// elevation) passing at or above a_node and the fan below it (which must pass the range
// too: a node at the edge of reach, where lower paths fall short, is left unreachable), then
// the root of a local cubic alt(el) through these two and their neighbours, and t(el) there.
NodeFit FitNode(const Column& c, double a_node, std::size_t* start = nullptr) {
  NodeFit out;
  const std::size_t n_fans = c.el.size();
  std::size_t hi = start != nullptr ? *start : 0;
  while (hi < n_fans && !(c.ok[hi] && c.alt[hi] >= a_node)) ++hi;
  if (start != nullptr) *start = hi;  // the next (higher) node's search starts here
  if (hi == n_fans) return out;
  if (c.alt[hi] == a_node) {
    out = {true, c.t[hi], c.el[hi], c.psi[hi], 0.0};
    return out;
  }
  if (hi == 0 || !c.ok[hi - 1]) return out;
  const std::size_t lo = hi - 1;
  std::size_t first = lo, last = hi;
  if (first > 0 && c.ok[first - 1]) --first;
  if (last + 1 < n_fans && c.ok[last + 1]) ++last;
  const int n = static_cast<int>(last - first + 1);
  const Poly alt_poly(&c.el[first], &c.alt[first], n), t_poly(&c.el[first], &c.t[first], n);
  const Poly psi_poly(&c.el[first], &c.psi[first], n);
  auto alt_at = [&](double e) { return alt_poly(e) - a_node; };
  const double e_star =
      flight::BrentRoot(alt_at, c.el[lo], c.el[hi], c.alt[lo] - a_node, c.alt[hi] - a_node, 1e-8);
  out.reached = true;
  out.el_rad = e_star;
  out.time_s = t_poly(e_star);
  out.psi_rad = psi_poly(e_star);
  // Lower-order comparison: the same fit without the neighbour farther from the root (or
  // linear when there is no neighbour).
  std::size_t f2 = lo, l2 = hi;
  if (n == 4) {
    const bool drop_first = std::abs(c.el[first] - e_star) > std::abs(c.el[last] - e_star);
    f2 = drop_first ? first + 1 : first;
    l2 = drop_first ? last : last - 1;
  }
  const int n2 = static_cast<int>(l2 - f2 + 1);
  const Poly alt2(&c.el[f2], &c.alt[f2], n2), t2(&c.el[f2], &c.t[f2], n2);
  const double e2 = flight::BrentRoot([&](double e) { return alt2(e) - a_node; }, c.el[lo],
                                      c.el[hi], c.alt[lo] - a_node, c.alt[hi] - a_node, 1e-8);
  out.error_s = std::abs(out.time_s - t2(e2));
  return out;
}

// Columns (range levels 1..) of a fan sorted by elevation, from its reference flyouts or
// their turned twins. psi: azimuth of each passage seen from the site, off the reference
// direction (t_ref: unit horizontal reference direction at the site, n_ref = up x t_ref).
void FillColumns(const std::vector<Fan>& fans, bool turned, const Eigen::Vector3d& t_ref,
                 const Eigen::Vector3d& n_ref, std::vector<Column>& columns) {
  for (std::size_t i = 1; i < columns.size(); ++i) {
    Column& c = columns[i];
    c.el.resize(fans.size());
    c.alt.resize(fans.size());
    c.t.resize(fans.size());
    c.psi.resize(fans.size());
    c.ok.resize(fans.size());
    for (std::size_t k = 0; k < fans.size(); ++k) {
      const FlyoutPath& path = turned ? fans[k].turned : fans[k].path;
      const bool has = i < path.by_range.size();
      const PathCrossing x = has ? path.by_range[i] : PathCrossing{};
      c.el[k] = fans[k].el;
      c.ok[k] = x.reached;
      c.alt[k] = x.alt_m;
      c.t[k] = x.t_s;
      c.psi[k] = std::atan2(x.r_ecef.dot(n_ref), x.r_ecef.dot(t_ref));
    }
  }
}

}  // namespace

FlyoutEnvelope FlyoutEnvelope::Build(const InterceptorModel& m, const EnvelopeOptions& opt) {
  FlyoutEnvelope env;
  const InterceptorTypeSpec& spec = m.spec;
  env.nr_ = std::max(2, opt.range_nodes);
  env.na_ = std::max(2, opt.alt_nodes);
  const double dr = spec.max_range_m / (env.nr_ - 1);
  const double dalt = spec.max_intercept_alt_m / (env.na_ - 1);
  env.inv_dr_ = 1.0 / dr;
  env.inv_dalt_ = 1.0 / dalt;
  env.max_range_m_ = spec.max_range_m;
  env.min_alt_m_ = spec.min_intercept_alt_m;
  env.max_alt_m_ = spec.max_intercept_alt_m;
  env.reaction_time_s_ = spec.reaction_time_s;
  env.t_.assign(static_cast<std::size_t>(env.nr_ * env.na_), kInf);

  constexpr double kHalfPi = std::numbers::pi / 2;
  constexpr int kInitialFans = 25;     // 3.75 deg apart
  constexpr double kSplitCells = 1.5;  // refine where neighbours pass > 1.5 cells apart
  constexpr double kMinStep = 1e-3;  // rad (0.06 deg): resolution of the edge of reach
  constexpr double kTimeTolS = 0.01;  // interpolation error estimate that adds a fan
  constexpr int kTargetRounds = 3;
  constexpr double kDeltaAz = 1.0 * std::numbers::pi / 180;  // turned twin
  constexpr double kMaxPsi = 2.0 * kDeltaAz;

  const earth::Geodetic& site = opt.reference_site;
  const Eigen::Vector3d site_ecef = earth::GeodeticToEcef(site, m.earth.shape);
  const double max_time =
      opt.shooting.max_time_s > 0.0 ? opt.shooting.max_time_s : spec.max_flight_time_s;
  const Eigen::Vector3d site_unit = site_ecef.normalized();
  const Eigen::Vector3d east = Eigen::Vector3d::UnitZ().cross(site_unit).normalized();
  const Eigen::Vector3d north = site_unit.cross(east);
  const Eigen::Vector3d t_ref = std::sin(opt.reference_azimuth_rad) * east +
                                std::cos(opt.reference_azimuth_rad) * north;
  const Eigen::Vector3d n_ref = site_unit.cross(t_ref);
  double delta_az = kDeltaAz;  // sign set after the first fans (toward the drift)
  bool twins = false;
  auto fly_path = [&](double az, double el) {
    ++env.flyouts_;
    // DP54 at 3x the shooting's tolerance: position errors of ~0.1-1 m, below 1 ms of flight
    // (the table's accuracy goal is 0.05 s; 10x looser reaches 0.05 s on 600 s flights).
    // Flown a little past the max flight time so that nodes reached just inside it are still
    // bracketed by two fans (the interpolated time decides).
    return FlyPath(m, site_ecef, LaunchDirection(site, az, el, m.earth.shape),
                   1.05 * max_time + 1.0, dr, env.nr_, dalt, env.na_, 3.0 * opt.shooting.rtol);
  };
  auto fly = [&](double el) {
    Fan f;
    f.el = el;
    f.path = fly_path(opt.reference_azimuth_rad, el);
    if (twins) f.turned = fly_path(opt.reference_azimuth_rad + delta_az, el);
    return f;
  };
  auto by_el = [](const Fan& a, const Fan& b) { return a.el < b.el; };

  // 1. Fan of elevations from the horizon to the vertical.
  std::vector<Fan> fans;
  for (int k = 0; k < kInitialFans; ++k) fans.push_back(fly(kHalfPi * k / (kInitialFans - 1)));
  // Earth rotation deflects the paths sideways: where a passage lies off the reference plane
  // at azimuth psi (seen from the site), turning the launch by -psi about the site's vertical
  // brings it onto the node with the same ground range and height (a rigid rotation) but a
  // flight time that depends on the azimuth (~0.1 s per degree at 1,500 km). Twins turned by
  // delta_az (toward the deflection, to interpolate) measure that dependence at each fan.
  double psi_sum = 0.0;
  for (Fan& f : fans) {
    for (std::size_t i = 1; i < f.path.by_range.size(); ++i) {
      const PathCrossing& x = f.path.by_range[i];
      if (x.reached) psi_sum += std::atan2(x.r_ecef.dot(n_ref), x.r_ecef.dot(t_ref));
    }
  }
  delta_az = psi_sum > 0.0 ? -kDeltaAz : kDeltaAz;
  for (Fan& f : fans) f.turned = fly_path(opt.reference_azimuth_rad + delta_az, f.el);
  // Twins are kept when the correction they bring, estimated on this coarse fan (90th
  // percentile over the nodes: the coarse fit is rough near the edges of reach), exceeds
  // kTimeTolS; short flights (tens of seconds) need none.
  {
    std::vector<Column> ref_cols(static_cast<std::size_t>(env.nr_)), twin_cols(ref_cols.size());
    FillColumns(fans, false, t_ref, n_ref, ref_cols);
    FillColumns(fans, true, t_ref, n_ref, twin_cols);
    std::vector<double> corrections;
    for (int i = 1; i < env.nr_; ++i) {
      for (int j = 0; j < env.na_; ++j) {
        const NodeFit a = FitNode(ref_cols[static_cast<std::size_t>(i)], j * dalt);
        const NodeFit b = FitNode(twin_cols[static_cast<std::size_t>(i)], j * dalt);
        const double dpsi = b.psi_rad - a.psi_rad;
        if (!a.reached || !b.reached || std::abs(a.psi_rad) > kMaxPsi || std::abs(dpsi) < 0.5 * kDeltaAz) {
          continue;
        }
        corrections.push_back(std::abs(a.psi_rad * (b.time_s - a.time_s) / dpsi));
      }
    }
    if (!corrections.empty()) {
      const auto q = corrections.begin() + static_cast<std::ptrdiff_t>(0.9 * (corrections.size() - 1));
      std::nth_element(corrections.begin(), q, corrections.end());
      twins = *q > kTimeTolS;
    }
  }
  if (!twins) {
    for (Fan& f : fans) f.turned = FlyoutPath{};
  }

  // 2. Refinement by bisection wherever two neighbouring fans pass a range level more than
  // kSplitCells altitude cells apart, or one passes it inside the table and the other does
  // not (the edge of reach), down to kMinStep.
  auto needs_split = [&](const Fan& a, const Fan& b) {
    if (b.el - a.el < 2.0 * kMinStep) return false;
    for (int i = 1; i < env.nr_; ++i) {
      const PathCrossing& ca = a.path.by_range[static_cast<std::size_t>(i)];
      const PathCrossing& cb = b.path.by_range[static_cast<std::size_t>(i)];
      if (ca.reached && cb.reached) {
        if (std::min(ca.alt_m, cb.alt_m) <= env.max_alt_m_ &&
            std::abs(ca.alt_m - cb.alt_m) > kSplitCells * dalt) {
          return true;
        }
      } else if (ca.reached != cb.reached) {
        const double alt = ca.reached ? ca.alt_m : cb.alt_m;
        if (alt >= 0.0 && alt <= env.max_alt_m_) return true;
      }
    }
    return false;
  };
  for (bool split = true; split;) {
    split = false;
    std::vector<Fan> next;
    next.reserve(2 * fans.size());
    for (std::size_t k = 0; k < fans.size(); ++k) {
      next.push_back(std::move(fans[k]));
      if (k + 1 < fans.size() && needs_split(next.back(), fans[k + 1])) {
        next.push_back(fly(0.5 * (next.back().el + fans[k + 1].el)));
        split = true;
      }
    }
    fans = std::move(next);
  }

  // 3. Nodes. Each node's time is interpolated from the reference fans and, with twins,
  // from the twins at the same node; the two give dT/dpsi at fixed (range, height) and the
  // time of the path turned onto the node: T = T_ref - psi_ref (T_twin - T_ref) /
  // (psi_twin - psi_ref). Where the cubic and quadratic interpolants disagree by more than
  // kTimeTolS a fan is added at the node's own solution elevation and the node fitted again.
  std::vector<Column> columns(static_cast<std::size_t>(env.nr_)), columns_t(columns.size());
  std::vector<NodeFit> fits(env.t_.size());
  for (int round = 0;; ++round) {
    FillColumns(fans, false, t_ref, n_ref, columns);
    if (twins) FillColumns(fans, true, t_ref, n_ref, columns_t);
    std::vector<double> targets;
    for (int i = 1; i < env.nr_; ++i) {
      // Nodes by increasing altitude: the first fan passing at or above a node's altitude
      // never comes before the previous node's.
      std::size_t start = 0, start_t = 0;
      for (int j = 0; j < env.na_; ++j) {
        NodeFit fit = FitNode(columns[static_cast<std::size_t>(i)], j * dalt, &start);
        if (fit.reached && twins && std::abs(fit.psi_rad) <= kMaxPsi) {
          // Near-vertical flights to short ranges drift by degrees of psi (not a small
          // rotation), but then barely depend on the azimuth: they keep the fan's time.
          const NodeFit tw = FitNode(columns_t[static_cast<std::size_t>(i)], j * dalt, &start_t);
          const double dpsi = tw.psi_rad - fit.psi_rad;
          if (tw.reached && std::abs(dpsi) > 0.5 * kDeltaAz) {
            fit.time_s -= fit.psi_rad * (tw.time_s - fit.time_s) / dpsi;
            fit.error_s = std::max(fit.error_s, tw.error_s);
          }
        }
        fits[static_cast<std::size_t>(j * env.nr_ + i)] = fit;
        if (fit.reached && fit.error_s > kTimeTolS && fit.time_s <= max_time) {
          targets.push_back(fit.el_rad);
        }
      }
    }
    if (targets.empty() || round == kTargetRounds) break;
    std::sort(targets.begin(), targets.end());
    std::vector<Fan> added;
    double last = -1.0;
    for (double e : targets) {
      if (e - last < 1e-7) continue;  // one fan serves the nodes sharing an elevation
      last = e;
      const auto it = std::lower_bound(fans.begin(), fans.end(), e,
                                       [](const Fan& f, double x) { return f.el < x; });
      if ((it != fans.end() && it->el - e < 1e-7) ||
          (it != fans.begin() && e - (it - 1)->el < 1e-7)) {
        continue;
      }
      added.push_back(fly(e));
    }
    if (added.empty()) break;
    for (Fan& f : added) fans.push_back(std::move(f));
    std::sort(fans.begin(), fans.end(), by_el);
  }
  env.fans_ = static_cast<int>(fans.size());

  // Range 0: the vertical flyout, the first time it reaches each altitude.
  for (int j = 0; j < env.na_; ++j) {
    const PathCrossing& c = fans.back().path.by_alt[static_cast<std::size_t>(j)];
    if (c.reached && c.t_s <= max_time) env.t_[static_cast<std::size_t>(j * env.nr_)] = c.t_s;
  }
  for (int j = 0; j < env.na_; ++j) {
    for (int i = 1; i < env.nr_; ++i) {
      const auto q = static_cast<std::size_t>(j * env.nr_ + i);
      if (fits[q].reached && fits[q].time_s <= max_time) env.t_[q] = fits[q].time_s;
    }
  }

  // Gradient bound of the bilinear interpolant: its partial derivatives inside a cell are
  // convex combinations of the cell's edge differences.
  double gr = 0.0, ga = 0.0;
  for (int j = 0; j < env.na_; ++j) {
    for (int i = 0; i < env.nr_; ++i) {
      const double t = env.NodeTime(i, j);
      if (!std::isfinite(t)) continue;
      if (i + 1 < env.nr_ && std::isfinite(env.NodeTime(i + 1, j))) {
        gr = std::max(gr, std::abs(env.NodeTime(i + 1, j) - t) / dr);
      }
      if (j + 1 < env.na_ && std::isfinite(env.NodeTime(i, j + 1))) {
        ga = std::max(ga, std::abs(env.NodeTime(i, j + 1) - t) / dalt);
      }
    }
  }
  env.max_slowness_ = std::hypot(gr, ga);
  return env;
}

const FlyoutEnvelope& EnvelopeCache::Get(const InterceptorModel& m, const EnvelopeOptions& opt) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = by_name_.find(m.spec.name);
  if (it == by_name_.end()) {
    it = by_name_.emplace(m.spec.name, std::make_unique<FlyoutEnvelope>(FlyoutEnvelope::Build(m, opt)))
             .first;
  }
  return *it->second;
}

}  // namespace bmd::guidance
