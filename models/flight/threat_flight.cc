#include "models/flight/threat_flight.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "models/earth/geodesy.h"
#include "models/flight/forces.h"
#include "models/flight/root_finding.h"

namespace bmd::flight {
namespace {

using Vec6 = StateVec<6>;

Vec6 Pack(const Eigen::Vector3d& r, const Eigen::Vector3d& v) {
  Vec6 x;
  x << r, v;
  return x;
}

// Right-hand side of powered flight in one boost segment.
struct BoostRhs {
  const ThreatPlan& plan;
  const BoostSegment& seg;
  Vec6 operator()(double t, const Vec6& x) const {
    const Eigen::Vector3d r = x.head<3>(), v = x.tail<3>();
    return StateDerivative(x, BoostAccel(plan, seg, t - plan.launch_time_s, r, v));
  }
};

double DragAreaPerMass(const ThreatPlan& plan, FlightBody body) {
  return body == FlightBody::kMissile ? plan.rv_drag_area_per_mass
                                      : plan.booster_drag_area_per_mass;
}

// Impact switching function: height above the impact height (positive in flight).
double ImpactG(const ThreatPlan& plan, const Eigen::Vector3d& r) {
  return earth::FastAltitude(r, plan.earth.shape) - plan.impact_height_m;
}
// Apogee switching function: r . v, the sign of the radial velocity.
double ApogeeG(const Vec6& x) { return x.head<3>().dot(x.tail<3>()); }

// Moves an impact state onto the impact surface by one Newton step along the velocity:
// dt = -g / (dg/dt), dg/dt ~ radial velocity (the fast altitude's gradient is ~radial).
void PolishImpact(const ThreatPlan& plan, double& t, Vec6& x) {
  const Eigen::Vector3d r = x.head<3>(), v = x.tail<3>();
  const double rate = r.dot(v) / r.norm();
  if (rate >= -1e-9) return;
  const double dt = -ImpactG(plan, r) / rate;
  if (std::abs(dt) > 1.0) return;  // root finder already within ~mm; never a big jump
  x.head<3>() += v * dt;
  t += dt;
}

FlightEvent MakeEvent(FlightEventKind kind, FlightBody body, double t, int stage,
                      const Vec6& x) {
  FlightEvent e;
  e.kind = kind;
  e.body = body;
  e.t_s = t;
  e.stage = stage;
  e.r_ecef = x.head<3>();
  e.v_ecef = x.tail<3>();
  return e;
}

void SetState(FlightState& s, double t, const Vec6& x) {
  s.t_s = t;
  s.r_ecef = x.head<3>();
  s.v_ecef = x.tail<3>();
}

// Transition at the exact end time of the current boost segment (state already there).
template <class Sink>
void FinishSegment(const ThreatPlan& plan, FlightState& s, Sink&& push) {
  const BoostSegment& seg = plan.segments[static_cast<std::size_t>(s.segment)];
  const Vec6 x = Pack(s.r_ecef, s.v_ecef);
  switch (seg.end) {
    case SegmentEnd::kNone:
      ++s.segment;
      s.mass_kg = BoostMass(plan, seg, seg.end_s);
      break;
    case SegmentEnd::kStaging:
      ++s.segment;
      ++s.stage;
      s.mass_kg = plan.mass_ignition_kg[static_cast<std::size_t>(s.stage)];
      push(MakeEvent(FlightEventKind::kStaging, s.body, s.t_s, s.stage, x));
      break;
    case SegmentEnd::kBurnout:
      push(MakeEvent(FlightEventKind::kBurnout, s.body, s.t_s, s.stage, x));
      push(MakeEvent(FlightEventKind::kRvSeparation, s.body, s.t_s, s.stage, x));
      s.phase = FlightPhase::kCoast;
      s.mass_kg = plan.rv_mass_kg;
      s.stage = seg.stage + 1;
      break;
  }
}

template <class Sink>
void Launch(const ThreatPlan& plan, FlightState& s, Sink&& push) {
  s.t_s = plan.launch_time_s;
  s.r_ecef = plan.launch_ecef;
  s.v_ecef.setZero();
  s.phase = FlightPhase::kBoost;
  s.stage = 0;
  s.segment = 0;
  s.mass_kg = plan.liftoff_mass_kg;
  push(MakeEvent(FlightEventKind::kLaunch, s.body, s.t_s, 0, Pack(s.r_ecef, s.v_ecef)));
}

// One RK4 step with event location. Returns true when the object impacted in the step
// (state then holds the impact); otherwise x1 is the state at t0 + h. a0 (may be null): the
// acceleration rhs(t0, x0).tail<3>() when the caller already has it.
template <class Rhs, class Sink>
bool Rk4StepWithEvents(const ThreatPlan& plan, Rhs& rhs, FlightState& s, double t0,
                       const Vec6& x0, double h, bool check_apogee, Vec6& x1, Sink&& push,
                       const Eigen::Vector3d* a0 = nullptr) {
  const Vec6 k1 = a0 != nullptr ? StateDerivative(x0, *a0) : rhs(t0, x0);
  x1 = Rk4Step<6>(rhs, t0, x0, h, k1);
  // FastAltitude >= |r| - a on both shapes, so no impact is possible while the step ends
  // above a + impact height: skip the altitude evaluations there (most of the flight).
  bool impact = false;
  double g_imp0 = 1.0, g_imp1 = 1.0;
  const double r_low = earth::kWgs84A + std::max(plan.impact_height_m, 0.0);
  if (x1.head<3>().squaredNorm() < r_low * r_low) {
    g_imp0 = ImpactG(plan, x0.head<3>());
    g_imp1 = ImpactG(plan, x1.head<3>());
    impact = g_imp0 > 0.0 && g_imp1 <= 0.0;
  }
  const bool apogee = check_apogee && ApogeeG(x0) > 0.0 && ApogeeG(x1) <= 0.0;
  if (!impact && !apogee) return false;

  // Cubic Hermite interpolant over the step (one extra evaluation, only at events).
  const Vec6 k_end = rhs(t0 + h, x1);
  auto interp = [&](double u) {
    Eigen::Vector3d r, v;
    HermiteInterpolate(x0.head<3>(), x0.tail<3>(), k1.tail<3>(), x1.head<3>(), x1.tail<3>(),
                       k_end.tail<3>(), h, u, r, v);
    return Pack(r, v);
  };
  constexpr double kUTol = 1e-12;
  // Events are reported in time order: the apogee always precedes the impact.
  if (apogee) {
    auto g = [&](double u) { return ApogeeG(interp(u)); };
    const double u = BrentRoot(g, 0.0, 1.0, ApogeeG(x0), ApogeeG(x1), kUTol);
    const Vec6 xa = Rk4Step<6>(rhs, t0, x0, u * h, k1);
    push(MakeEvent(FlightEventKind::kApogee, s.body, t0 + u * h, s.stage, xa));
  }
  if (impact) {
    auto g = [&](double u) { const Vec6 xu = interp(u); return ImpactG(plan, xu.head<3>()); };
    const double u = BrentRoot(g, 0.0, 1.0, g_imp0, g_imp1, kUTol);
    double t_imp = t0 + u * h;
    Vec6 xi = Rk4Step<6>(rhs, t0, x0, u * h, k1);
    PolishImpact(plan, t_imp, xi);
    SetState(s, t_imp, xi);
    s.phase = FlightPhase::kImpacted;
    push(MakeEvent(FlightEventKind::kImpact, s.body, t_imp, s.stage, xi));
    return true;
  }
  return false;
}

// Largest acceleration (m/s^2) at any RK4 stage of a coast step that feels no drag:
// gravity with J2 <= 9.84 at the surface, centrifugal <= 0.034, Coriolis 2 w |v| <= 1.2 at
// 8 km/s. 20 m/s^2 leaves a wide margin (it only widens the band kept on plain stepping).
constexpr double kCoastAccelBound_mps2 = 20.0;

// True when a coast step of h seconds from x can feel no drag and cannot reach the impact
// height. Every RK4 stage point and the end lie within h (|v| + h a_max) of r (the stage
// velocities differ from v by at most h a_max), so every radius the step evaluates is above
// |r| - h (|v| + h a_max). Drag is exactly zero above kDragCeilingRadius_m (forces.h), and the
// impact switching function is positive above a + max(impact height, 0), since
// FastAltitude >= |r| - a on both shapes.
bool LongStepAllowed(const ThreatPlan& plan, double drag_area_per_mass, const Vec6& x,
                     double h) {
  double r_floor = earth::kWgs84A + std::max(plan.impact_height_m, 0.0);
  if (plan.earth.atmosphere != earth::AtmosphereModel::kNone && drag_area_per_mass > 0.0) {
    r_floor = std::max(r_floor, kDragCeilingRadius_m);
  }
  const double r2 = x.head<3>().squaredNorm();
  if (r2 <= r_floor * r_floor) return false;  // below the floor already: skip the speed's sqrt
  const double r_min = r_floor + h * (x.tail<3>().norm() + h * kCoastAccelBound_mps2);
  return r2 > r_min * r_min;
}

// Starts a long coast step of h seconds from the state (a0 = its acceleration): one RK4 step
// to the end, the end's acceleration (the next step's first stage), and the apogee inside
// the step, if any, located as in Rk4StepWithEvents (Brent on the cubic Hermite interpolant;
// the event state itself is computed when it is reported, by an exact RK4 step to the root).
void BeginLongStep(const CoastRhs& rhs, FlightState& s, double h, const Eigen::Vector3d& a0) {
  CoastStep& c = s.coast_step;
  const Vec6 x0 = Pack(s.r_ecef, s.v_ecef);
  const Vec6 k1 = StateDerivative(x0, a0);
  const Vec6 x1 = Rk4Step<6>(rhs, s.t_s, x0, h, k1);
  c.active = true;
  c.t0_s = s.t_s;
  c.t1_s = s.t_s + h;
  c.r0 = s.r_ecef;
  c.v0 = s.v_ecef;
  c.a0 = a0;
  c.r1 = x1.head<3>();
  c.v1 = x1.tail<3>();
  c.a1 = rhs(c.t1_s, x1).tail<3>();
  c.apogee_pending = false;
  if (ApogeeG(x0) > 0.0 && ApogeeG(x1) <= 0.0) {
    auto g = [&](double u) {
      Eigen::Vector3d r, v;
      HermiteInterpolate(c.r0, c.v0, c.a0, c.r1, c.v1, c.a1, h, u, r, v);
      return r.dot(v);
    };
    const double u = BrentRoot(g, 0.0, 1.0, ApogeeG(x0), ApogeeG(x1), 1e-12);
    c.apogee_pending = true;
    c.apogee_t_s = c.t0_s + u * h;
  }
}

// Moves the state along the long step in progress to min(t_end, step end), reporting the
// step's apogee when passed. At the step's end the state is the RK4 node itself.
template <class Sink>
void FollowLongStep(const ThreatPlan& plan, FlightState& s, double t_end, Sink&& push) {
  CoastStep& c = s.coast_step;
  const double t_stop = std::min(t_end, c.t1_s);
  if (c.apogee_pending && c.apogee_t_s <= t_stop) {
    const CoastRhs rhs{plan.earth, DragAreaPerMass(plan, s.body)};
    const Vec6 x0 = Pack(c.r0, c.v0);
    const Vec6 xa = Rk4Step<6>(rhs, c.t0_s, x0, c.apogee_t_s - c.t0_s, StateDerivative(x0, c.a0));
    push(MakeEvent(FlightEventKind::kApogee, s.body, c.apogee_t_s, s.stage, xa));
    c.apogee_pending = false;
  }
  if (t_stop >= c.t1_s) {
    s.t_s = c.t1_s;
    s.r_ecef = c.r1;
    s.v_ecef = c.v1;
  } else {
    const double h = c.t1_s - c.t0_s;
    HermiteInterpolate(c.r0, c.v0, c.a0, c.r1, c.v1, c.a1, h, (t_stop - c.t0_s) / h, s.r_ecef,
                       s.v_ecef);
    s.t_s = t_stop;
  }
}

}  // namespace

const char* ToString(FlightEventKind kind) {
  switch (kind) {
    case FlightEventKind::kLaunch: return "launch";
    case FlightEventKind::kStaging: return "staging";
    case FlightEventKind::kBurnout: return "burnout";
    case FlightEventKind::kRvSeparation: return "rv_separation";
    case FlightEventKind::kApogee: return "apogee";
    case FlightEventKind::kImpact: return "impact";
  }
  return "unknown";
}

void FlightEventBuffer::Push(const FlightEvent& e) {
  if (size_ >= kCapacity) {
    std::fprintf(stderr, "FlightEventBuffer overflow: clear it every tick\n");
    std::abort();
  }
  items_[static_cast<std::size_t>(size_++)] = e;
}

FlightState InitialState(const ThreatPlan& plan) { return InitialState(plan, plan.launch_time_s); }

FlightState InitialState(const ThreatPlan& plan, double t_s) {
  FlightState s;
  s.t_s = std::min(t_s, plan.launch_time_s);
  s.r_ecef = plan.launch_ecef;
  s.v_ecef.setZero();
  s.mass_kg = plan.liftoff_mass_kg;
  s.phase = FlightPhase::kPreLaunch;
  s.body = FlightBody::kMissile;
  return s;
}

FlightState CoastState(const ThreatPlan& plan, FlightBody body, double t_s,
                       const Eigen::Vector3d& r_ecef, const Eigen::Vector3d& v_ecef) {
  FlightState s;
  s.t_s = t_s;
  s.r_ecef = r_ecef;
  s.v_ecef = v_ecef;
  s.mass_kg = body == FlightBody::kMissile ? plan.rv_mass_kg : plan.booster_mass_kg;
  s.phase = FlightPhase::kCoast;
  s.body = body;
  s.stage = plan.final_stage + 1;
  return s;
}

FlightState SpentBoosterState(const ThreatPlan& plan, const FlightEvent& separation) {
  return CoastState(plan, FlightBody::kBooster, separation.t_s, separation.r_ecef,
                    separation.v_ecef);
}

Eigen::Vector3d CoastAccelOf(const ThreatPlan& plan, FlightBody body, const Eigen::Vector3d& r,
                             const Eigen::Vector3d& v) {
  return CoastAccel(plan.earth, r, v, DragAreaPerMass(plan, body));
}

Eigen::Vector3d CoastAccelAt(const ThreatPlan& plan, FlightState& s) {
  const CoastStep& c = s.coast_step;
  if (c.active && s.t_s == c.t1_s && s.r_ecef == c.r1 && s.v_ecef == c.v1) return c.a1;
  if (!(s.accel_valid && s.r_ecef == s.accel_r && s.v_ecef == s.accel_v)) {
    s.accel_ecef = CoastAccelOf(plan, s.body, s.r_ecef, s.v_ecef);
    s.accel_r = s.r_ecef;
    s.accel_v = s.v_ecef;
    s.accel_valid = true;
  }
  return s.accel_ecef;
}

void AdvanceTo(const ThreatPlan& plan, FlightState& s, double t_end, FlightEventBuffer& events,
               const AdvanceOptions& options) {
  auto push = [&events](const FlightEvent& e) { events.Push(e); };
  const bool long_steps = options.coast_step_s > plan.max_step_s;
  if (s.phase == FlightPhase::kPreLaunch) {
    if (t_end < plan.launch_time_s) {
      s.t_s = std::max(s.t_s, t_end);
      return;
    }
    Launch(plan, s, push);
  }
  while (s.t_s < t_end && s.phase != FlightPhase::kImpacted) {
    CoastStep& c = s.coast_step;
    // Inside a long coast step: interpolation only, until its end.
    if (c.active && s.t_s < c.t1_s) {
      FollowLongStep(plan, s, t_end, push);
      continue;
    }
    const double t0 = s.t_s;
    const Vec6 x0 = Pack(s.r_ecef, s.v_ecef);
    Vec6 x1;
    if (s.phase == FlightPhase::kBoost) {
      const BoostSegment& seg = plan.segments[static_cast<std::size_t>(s.segment)];
      const double t_seg_end = plan.launch_time_s + seg.end_s;
      double t1 = std::min(t_end, t0 + plan.max_step_s);
      const bool at_seg_end = t1 >= t_seg_end;
      if (at_seg_end) t1 = t_seg_end;
      if (t1 > t0) {
        BoostRhs rhs{plan, seg};
        if (Rk4StepWithEvents(plan, rhs, s, t0, x0, t1 - t0, false, x1, push)) return;
        SetState(s, t1, x1);
        s.mass_kg = BoostMass(plan, seg, t1 - plan.launch_time_s);
      }
      if (at_seg_end) FinishSegment(plan, s, push);
    } else {
      const CoastRhs rhs{plan.earth, DragAreaPerMass(plan, s.body)};
      // The acceleration at this position and velocity when already known: CoastAccelAt's
      // memo (CoastAccelOf is rhs's acceleration: the same function of the same arguments)
      // or, at the end node of the previous long step, that step's end acceleration.
      const bool at_node = c.active && t0 == c.t1_s && s.r_ecef == c.r1 && s.v_ecef == c.v1;
      const bool memo = s.accel_valid && s.r_ecef == s.accel_r && s.v_ecef == s.accel_v;
      const Eigen::Vector3d* a_known = at_node ? &c.a1 : memo ? &s.accel_ecef : nullptr;
      if (long_steps && LongStepAllowed(plan, rhs.drag_area_per_mass, x0, options.coast_step_s)) {
        const Eigen::Vector3d a0 = a_known != nullptr ? *a_known : rhs(t0, x0).tail<3>();
        BeginLongStep(rhs, s, options.coast_step_s, a0);
        continue;
      }
      const Eigen::Vector3d a0_known = a_known != nullptr ? *a_known : Eigen::Vector3d::Zero();
      c.active = false;
      const double t1 = std::min(t_end, t0 + plan.max_step_s);
      if (Rk4StepWithEvents(plan, rhs, s, t0, x0, t1 - t0, true, x1, push,
                            a_known != nullptr ? &a0_known : nullptr)) {
        return;
      }
      SetState(s, t1, x1);
    }
  }
}

namespace {

// Drives DP54 from the trajectory's current state to t_stop (or an impact), locating apogee
// and impact with the dense output. Returns false if the integrator failed.
template <class Rhs>
bool IntegrateDp(const ThreatPlan& plan, Rhs& rhs, double t_stop, bool check_apogee,
                 const TrajectoryOptions& opt, FlightState& s, Trajectory& traj,
                 double& max_height) {
  DormandPrince54<6> dp(opt.dp);
  dp.Start(rhs, s.t_s, Pack(s.r_ecef, s.v_ecef));
  auto push = [&](const FlightEvent& e) { traj.events.push_back(e); };
  while (dp.t() < t_stop) {
    if (!dp.Step(rhs, t_stop)) {
      traj.evaluations += dp.evaluations();
      return false;
    }
    const Vec6& xp = dp.x_prev();
    const Vec6& xn = dp.x();
    const double tp = dp.t_prev(), tn = dp.t();
    const double g_imp0 = ImpactG(plan, xp.head<3>()), g_imp1 = ImpactG(plan, xn.head<3>());
    const bool impact = g_imp0 > 0.0 && g_imp1 <= 0.0;
    const bool apogee = check_apogee && ApogeeG(xp) > 0.0 && ApogeeG(xn) <= 0.0;
    // Exact state at an event time: a fresh DP step from the step start (5th order).
    auto state_at = [&](double t) {
      if (t <= tp) return Vec6(xp);
      Vec6 k1 = dp.f_prev();
      return Dp54Step<6>(rhs, tp, xp, t - tp, k1).x;
    };
    const double t_tol = 1e-10 * std::max(1.0, std::abs(tn));
    if (apogee) {
      auto g = [&](double t) { return ApogeeG(dp.DenseOutput(t)); };
      const double ta = BrentRoot(g, tp, tn, ApogeeG(xp), ApogeeG(xn), t_tol);
      const Vec6 xa = state_at(ta);
      push(MakeEvent(FlightEventKind::kApogee, s.body, ta, s.stage, xa));
      max_height = std::max(max_height, ImpactG(plan, xa.head<3>()) + plan.impact_height_m);
      traj.apogee_time_s = ta;
      if (opt.record_samples) {
        FlightState sa = s;
        SetState(sa, ta, xa);
        traj.samples.push_back(sa);
      }
    }
    if (impact) {
      auto g = [&](double t) { return ImpactG(plan, dp.DenseOutput(t).head<3>()); };
      double ti = BrentRoot(g, tp, tn, g_imp0, g_imp1, t_tol);
      Vec6 xi = state_at(ti);
      PolishImpact(plan, ti, xi);
      SetState(s, ti, xi);
      s.phase = FlightPhase::kImpacted;
      push(MakeEvent(FlightEventKind::kImpact, s.body, ti, s.stage, xi));
      traj.impacted = true;
      if (opt.record_samples) traj.samples.push_back(s);
      traj.evaluations += dp.evaluations();
      return true;
    }
    max_height = std::max(max_height, g_imp1 + plan.impact_height_m);
    if (opt.record_samples) {
      FlightState sn = s;
      SetState(sn, tn, xn);
      traj.samples.push_back(sn);
    }
  }
  SetState(s, dp.t(), dp.x());
  traj.evaluations += dp.evaluations();
  return true;
}

}  // namespace

Trajectory PropagateTrajectory(const ThreatPlan& plan, const FlightState& start,
                               const TrajectoryOptions& opt) {
  Trajectory traj;
  FlightState s = start;
  s.coast_step = CoastStep{};  // AdvanceTo's working data: not part of this propagation
  auto push = [&](const FlightEvent& e) { traj.events.push_back(e); };
  if (s.phase == FlightPhase::kPreLaunch) Launch(plan, s, push);
  if (opt.record_samples) traj.samples.push_back(s);
  double max_height = ImpactG(plan, s.r_ecef) + plan.impact_height_m;
  const double t_give_up = s.t_s + opt.max_duration_s;

  while (s.phase == FlightPhase::kBoost && traj.ok) {
    const BoostSegment& seg = plan.segments[static_cast<std::size_t>(s.segment)];
    BoostRhs rhs{plan, seg};
    const double t_seg_end = plan.launch_time_s + seg.end_s;
    if (s.t_s < t_seg_end) {
      traj.ok = IntegrateDp(plan, rhs, t_seg_end, false, opt, s, traj, max_height);
      if (!traj.ok || s.phase == FlightPhase::kImpacted) break;
      s.t_s = t_seg_end;
      s.mass_kg = BoostMass(plan, seg, seg.end_s);
    }
    FinishSegment(plan, s, push);
    if (s.phase == FlightPhase::kCoast) {
      traj.separation = s;
      traj.separated = true;
    }
    if (opt.record_samples) traj.samples.push_back(s);
  }
  if (s.phase == FlightPhase::kCoast && traj.ok) {
    CoastRhs rhs{plan.earth, DragAreaPerMass(plan, s.body)};
    traj.ok = IntegrateDp(plan, rhs, t_give_up, true, opt, s, traj, max_height);
  }
  traj.final_state = s;
  traj.apogee_alt_m = max_height;
  return traj;
}

}  // namespace bmd::flight
