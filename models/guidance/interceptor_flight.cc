#include "models/guidance/interceptor_flight.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "models/earth/geodesy.h"
#include "models/flight/integrators.h"
#include "models/guidance/closest_approach.h"

namespace bmd::guidance {
namespace {

using Vec6 = flight::StateVec<6>;

constexpr double kTimeEps = 1e-9;

// Ballistic propagation of the track estimate to time t (RK4, steps <= 1 s). The first step's
// first stage is the acceleration at the estimate when UpdateGuidance already evaluated it
// there (s.est_a_valid: the same CoastAccel of the same state, so the same step).
void PropagateEstimate(const earth::EarthConfig& earth, InterceptorState& s, double t) {
  flight::CoastRhs rhs{earth, s.est_drag_area_per_mass};
  Vec6 x;
  x << s.est_r_ecef, s.est_v_ecef;
  while (std::abs(t - s.est_t_s) > kTimeEps) {
    const double h = std::clamp(t - s.est_t_s, -1.0, 1.0);
    x = s.est_a_valid
            ? flight::Rk4Step<6>(rhs, s.est_t_s, x, h, flight::StateDerivative(x, s.est_a_mps2))
            : flight::Rk4Step<6>(rhs, s.est_t_s, x, h);
    s.est_a_valid = false;
    s.est_t_s += h;
  }
  s.est_r_ecef = x.head<3>();
  s.est_v_ecef = x.tail<3>();
}

InterceptorEvent MakeEvent(InterceptorEventKind kind, const InterceptorState& s) {
  InterceptorEvent e;
  e.kind = kind;
  e.t_s = s.t_s;
  e.r_ecef = s.r_ecef;
  e.v_ecef = s.v_ecef;
  e.divert_used_mps = s.divert.used_mps();
  return e;
}

// New command at s.t_s (a guidance grid point).
// r_true, v_true: the target's truth at s.t_s (TruthSpanInterpolator).
void UpdateGuidance(const InterceptorModel& m, InterceptorState& s, const Eigen::Vector3d& r_true,
                    const Eigen::Vector3d& v_true, RandomStream* rng, InterceptorEventBuffer& events) {
  const InterceptorTypeSpec& spec = m.spec;
  // The track estimate steers midcourse and the seeker hand-over; in terminal homing the
  // seeker alone guides (the estimate is never read again), so it is not propagated there.
  if (s.have_estimate && s.phase != InterceptorPhase::kTerminal) PropagateEstimate(m.earth, s, s.t_s);
  const Eigen::Vector3d rel_true = r_true - s.r_ecef;
  if (s.phase == InterceptorPhase::kMidcourse && spec.seeker_range_m > 0.0 &&
      rel_true.norm() <= spec.seeker_range_m) {
    bool in_fov = true;
    if (s.have_estimate) {
      const Eigen::Vector3d rel_est = s.est_r_ecef - s.r_ecef;
      const double c = rel_est.normalized().dot(rel_true.normalized());
      in_fov = std::acos(std::clamp(c, -1.0, 1.0)) <= spec.seeker_fov_half_angle_rad;
    }
    if (in_fov) {
      s.phase = InterceptorPhase::kTerminal;
      s.guidance_period_s = spec.terminal_guidance_period_s;
      events.Push(MakeEvent(InterceptorEventKind::kSeekerAcquisition, s));
    }
  }
  Eigen::Vector3d tgt_r, tgt_v;
  if (s.phase == InterceptorPhase::kTerminal) {
    // Seeker: true LOS rotated by small angle noise on two axes normal to it.
    Eigen::Vector3d rel = rel_true;
    if (spec.seeker_angle_noise_rad > 0.0 && rng != nullptr) {
      const double range = rel.norm();
      const Eigen::Vector3d u = rel / range;
      // u x z written out (the product's terms with the unit vector's zeros vanish).
      Eigen::Vector3d e1(u.y(), -u.x(), 0.0);
      if (e1.norm() < 1e-6) e1 = u.cross(Eigen::Vector3d::UnitX());
      e1.normalize();
      const Eigen::Vector3d e2 = u.cross(e1);
      const double n1 = rng->Normal(), n2 = rng->Normal();
      rel += range * spec.seeker_angle_noise_rad * (n1 * e1 + n2 * e2);
    }
    tgt_r = s.r_ecef + rel;
    tgt_v = v_true;
  } else if (s.have_estimate) {
    tgt_r = s.est_r_ecef;
    tgt_v = s.est_v_ecef;
  } else {
    s.accel_cmd_mps2.setZero();
    return;
  }
  const Eigen::Vector3d a_target = flight::CoastAccel(m.earth, tgt_r, tgt_v, s.est_drag_area_per_mass);
  if (s.phase != InterceptorPhase::kTerminal) {  // the estimate's own acceleration (above)
    s.est_a_mps2 = a_target;
    s.est_a_valid = true;
  }
  // In the coast the natural acceleration at this point was evaluated at the end of the
  // previous substep (Advance); otherwise (first command at burnout) it is evaluated here.
  const Eigen::Vector3d a_own =
      s.a_nat_t_s == s.t_s
          ? s.a_nat_mps2
          : NaturalAccel(m, MassAt(m, s.stage, s.t_s - s.launch_time_s), s.r_ecef, s.v_ecef);
  // The relative uncommanded acceleration is mostly the gravity difference, proportional to
  // the separation, which shrinks ~linearly to zero at intercept: its double integral over
  // t_go is a t_go^2 / 3, not the a t_go^2 / 2 the APN/ZEM laws assume for a constant a.
  // Scaling by 2/3 gives the laws the right zero-effort miss (no divert wasted fighting the
  // natural curvature the launch solution already accounts for).
  const RelativeState rel = MakeRelativeState(s.r_ecef, s.v_ecef, tgt_r, tgt_v,
                                              (2.0 / 3.0) * (a_target - a_own));
  const GuidanceConfig cfg{spec.guidance_law, spec.navigation_ratio, spec.max_lateral_accel_mps2};
  s.accel_cmd_mps2 = CommandedAccel(cfg, rel);
}

// Lateral acceleration actually applied over a substep of length h from the held command.
Eigen::Vector3d ApplyLimits(const InterceptorModel& m, InterceptorState& s, double h,
                            InterceptorEventBuffer& events) {
  const InterceptorTypeSpec& spec = m.spec;
  if (s.accel_cmd_mps2.isZero()) return Eigen::Vector3d::Zero();
  if (spec.control != ControlMode::kDivert) {
    const double a_max = AeroAccelLimit(spec, DynamicPressure(m.earth, s.r_ecef, s.v_ecef));
    if (a_max > 0.0) {
      const double vn = s.v_ecef.norm();
      Eigen::Vector3d a = s.accel_cmd_mps2;
      if (vn > 0.0) a -= a.dot(s.v_ecef / vn) * (s.v_ecef / vn);  // lift is normal to v
      return ClampMagnitude(a, a_max);
    }
    if (spec.control == ControlMode::kAerodynamic) return Eigen::Vector3d::Zero();
  }
  const Eigen::Vector3d a =
      s.divert.Apply(ClampMagnitude(s.accel_cmd_mps2, spec.max_lateral_accel_mps2), h);
  if (s.divert.exhausted() && !s.divert_exhausted_reported) {
    s.divert_exhausted_reported = true;
    events.Push(MakeEvent(InterceptorEventKind::kDivertExhausted, s));
  }
  return a;
}

// CoastSubstep's body, inlined into Advance's substep loop (one call per substep; GCC's
// heuristics otherwise keep it out of line).
[[gnu::always_inline]] inline void CoastSubstepInline(
    const InterceptorModel& m, const Eigen::Vector3d& r0, const Eigen::Vector3d& v0,
    const Eigen::Vector3d& a0_nat, const Eigen::Vector3d& a_lat, double h, Eigen::Vector3d& r1,
    Eigen::Vector3d& v1, Eigen::Vector3d& a1_nat) {
  const Eigen::Vector3d a0 = a0_nat + a_lat;
  const Eigen::Vector3d r_pred = r0 + h * v0 + (0.5 * h * h) * a0;
  const Eigen::Vector3d a1n = NaturalAccel(m, m.coast_mass_kg, r_pred, v0 + h * a0);
  const Eigen::Vector3d a1 = a1n + a_lat;
  r1 = r0 + h * v0 + (h * h / 6.0) * (2.0 * a0 + a1);
  v1 = v0 + (0.5 * h) * (a0 + a1);
  a1_nat = a1n;
}

}  // namespace

const char* ToString(InterceptorEventKind kind) {
  switch (kind) {
    case InterceptorEventKind::kLaunch: return "launch";
    case InterceptorEventKind::kStaging: return "staging";
    case InterceptorEventKind::kBurnout: return "burnout";
    case InterceptorEventKind::kSeekerAcquisition: return "seeker_acquisition";
    case InterceptorEventKind::kDivertExhausted: return "divert_exhausted";
    case InterceptorEventKind::kIntercept: return "intercept";
    case InterceptorEventKind::kGroundImpact: return "ground_impact";
    case InterceptorEventKind::kTimeout: return "timeout";
  }
  return "unknown";
}

void InterceptorEventBuffer::Push(const InterceptorEvent& e) {
  if (size_ >= kCapacity) {
    std::fprintf(stderr, "InterceptorEventBuffer overflow: clear it every tick\n");
    std::abort();
  }
  items_[static_cast<std::size_t>(size_++)] = e;
}

InterceptorState MakeInterceptorState(const InterceptorModel& m, const Eigen::Vector3d& site_ecef,
                                      double launch_time_s, const Eigen::Vector3d& launch_dir_ecef,
                                      double t_now_s) {
  InterceptorState s;
  s.t_s = std::min(t_now_s, launch_time_s);
  s.r_ecef = site_ecef;
  s.launch_time_s = launch_time_s;
  s.launch_dir_ecef = launch_dir_ecef.normalized();
  s.divert = DivertBudget(m.spec.control == ControlMode::kAerodynamic ? 0.0
                                                                      : m.spec.divert_delta_v_mps);
  s.guidance_period_s = m.spec.midcourse_guidance_period_s;
  s.max_step_s = std::min(0.1, m.spec.midcourse_guidance_period_s);
  return s;
}

void TruthSpanInterpolator::At(double t, Eigen::Vector3d& r, Eigen::Vector3d& v) {
  const TargetTruthSpan& tr = span_;
  if (t == tr.t0_s) {
    r = tr.r0_ecef;
    v = tr.v0_ecef;
    return;
  }
  const double h = tr.t1_s - tr.t0_s;
  if (!(h > 0.0)) {
    r = tr.r0_ecef + tr.v0_ecef * (t - tr.t0_s);
    v = tr.v0_ecef;
    return;
  }
  if (t == tr.t1_s) {
    r = tr.r1_ecef;
    v = tr.v1_ecef;
    return;
  }
  if (!ready_) {
    // r1 - r0 is exact or nearly so (close values of one sign: Sterbenz), so the power
    // form keeps the basis form's accuracy.
    const Eigen::Vector3d dr = tr.r1_ecef - tr.r0_ecef, dv = tr.v1_ecef - tr.v0_ecef;
    cr1_ = h * tr.v0_ecef;
    cr2_ = 3.0 * dr - h * (2.0 * tr.v0_ecef + tr.v1_ecef);
    cr3_ = h * (tr.v0_ecef + tr.v1_ecef) - 2.0 * dr;
    cv1_ = h * tr.a0_ecef;
    cv2_ = 3.0 * dv - h * (2.0 * tr.a0_ecef + tr.a1_ecef);
    cv3_ = h * (tr.a0_ecef + tr.a1_ecef) - 2.0 * dv;
    ready_ = true;
  }
  const double sv = (t - tr.t0_s) / h;
  r = tr.r0_ecef + sv * (cr1_ + sv * (cr2_ + sv * cr3_));
  v = tr.v0_ecef + sv * (cv1_ + sv * (cv2_ + sv * cv3_));
}

void CoastSubstep(const InterceptorModel& m, const Eigen::Vector3d& r0, const Eigen::Vector3d& v0,
                  const Eigen::Vector3d& a0_nat, const Eigen::Vector3d& a_lat, double h,
                  Eigen::Vector3d& r1, Eigen::Vector3d& v1, Eigen::Vector3d& a1_nat) {
  CoastSubstepInline(m, r0, v0, a0_nat, a_lat, h, r1, v1, a1_nat);
}

void Advance(const InterceptorModel& m, InterceptorState& s, double t_end,
             const TargetEstimate* track, const TargetTruthSpan& truth, RandomStream* seeker_rng,
             InterceptorEventBuffer& events) {
  if (s.phase == InterceptorPhase::kDone) return;
  if (track != nullptr && track->t_s != s.est_source_t_s) {
    s.have_estimate = true;
    s.est_source_t_s = track->t_s;
    s.est_t_s = track->t_s;
    s.est_r_ecef = track->r_ecef;
    s.est_v_ecef = track->v_ecef;
    s.est_drag_area_per_mass = track->drag_area_per_mass;
    s.est_a_valid = false;
  }
  if (s.phase == InterceptorPhase::kPreLaunch) {
    if (t_end < s.launch_time_s) {
      s.t_s = std::max(s.t_s, t_end);
      return;
    }
    s.t_s = s.launch_time_s;
    s.v_ecef.setZero();
    s.phase = InterceptorPhase::kBoost;
    s.stage = 0;
    events.Push(MakeEvent(InterceptorEventKind::kLaunch, s));
  }
  const Eigen::Vector3d d = s.launch_dir_ecef;
  // Target truth at the start of the sub-step: the previous sub-step's end value when the
  // times agree (the truth depends on the time alone within one call), else interpolated.
  TruthSpanInterpolator truth_at(truth);
  Eigen::Vector3d rt0, vt0;
  double truth_t = -std::numeric_limits<double>::infinity();
  while (s.t_s < t_end - kTimeEps && s.phase != InterceptorPhase::kDone) {
    const bool guided = s.phase == InterceptorPhase::kMidcourse ||
                        s.phase == InterceptorPhase::kTerminal;
    if (truth_t != s.t_s) {
      truth_at.At(s.t_s, rt0, vt0);
      truth_t = s.t_s;
    }
    if (guided && s.t_s >= s.next_guidance_t_s - kTimeEps) {
      UpdateGuidance(m, s, rt0, vt0, seeker_rng, events);
      while (s.next_guidance_t_s <= s.t_s + kTimeEps) s.next_guidance_t_s += s.guidance_period_s;
    }
    const double t0 = s.t_s;
    double t1 = std::min(t_end, t0 + s.max_step_s);
    bool stage_end = false;
    if (s.phase == InterceptorPhase::kBoost) {
      const double t_burnout = s.launch_time_s + m.burnout_s[static_cast<std::size_t>(s.stage)];
      if (t1 >= t_burnout - kTimeEps) {
        t1 = t_burnout;
        stage_end = true;
      }
    }
    if (guided) t1 = std::min(t1, s.next_guidance_t_s);
    const double h = t1 - t0;
    const Eigen::Vector3d a_lat = guided ? ApplyLimits(m, s, h, events) : Eigen::Vector3d::Zero();
    const int stage = s.stage;
    Vec6 x0, x1;
    x0 << s.r_ecef, s.v_ecef;
    // Accelerations (lateral command included) at both ends of the substep, for the step
    // itself and the Hermite interpolation of the end game. In the coast a_start holds the
    // natural acceleration alone until the end game needs the sums.
    Eigen::Vector3d a_start, a_end;
    if (stage >= m.num_stages) {
      // Coast after the final burnout: one evaluation per substep (CoastSubstep).
      if (s.a_nat_t_s != t0) s.a_nat_mps2 = NaturalAccel(m, m.coast_mass_kg, s.r_ecef, s.v_ecef);
      a_start = s.a_nat_mps2;
      Eigen::Vector3d r1, v1;
      CoastSubstepInline(m, s.r_ecef, s.v_ecef, a_start, a_lat, h, r1, v1, s.a_nat_mps2);
      s.a_nat_t_s = t1;
      x1 << r1, v1;
    } else {
      auto rhs = [&](double t, const Vec6& x) {
        const Eigen::Vector3d r = x.head<3>(), v = x.tail<3>();
        return flight::StateDerivative(x, FlyoutAccel(m, stage, t - s.launch_time_s, r, v, d) + a_lat);
      };
      const Vec6 k1 = rhs(t0, x0);
      x1 = flight::Rk4Step<6>(rhs, t0, x0, h, k1);
      a_start = k1.tail<3>();
      a_end.setConstant(std::numeric_limits<double>::quiet_NaN());  // evaluated when needed
    }

    // End game: the exact closest approach once the range stops closing.
    Eigen::Vector3d rt1, vt1;
    truth_at.At(t1, rt1, vt1);
    const Eigen::Vector3d p0 = rt0 - x0.head<3>(), w0 = vt0 - x0.tail<3>();
    const Eigen::Vector3d p1 = rt1 - x1.head<3>(), w1 = vt1 - x1.tail<3>();
    s.min_range_m = std::min(s.min_range_m, p1.norm());
    if (p1.dot(w1) >= 0.0 && (guided || p0.dot(w0) < 0.0)) {
      const ClosestApproach ca = ClosestApproachHermite(p0, w0, p1, w1, h);
      if (guided || ca.miss_m < 1e3) {
        if (stage < m.num_stages) {
          a_end = FlyoutAccel(m, stage, t1 - s.launch_time_s, x1.head<3>(), x1.tail<3>(), d) + a_lat;
        } else {
          a_start += a_lat;
          a_end = s.a_nat_mps2 + a_lat;
        }
        Eigen::Vector3d r_c, v_c;
        flight::HermiteInterpolate(x0.head<3>(), x0.tail<3>(), a_start, x1.head<3>(),
                                   x1.tail<3>(), a_end, h, ca.t_s / h, r_c, v_c);
        Eigen::Vector3d rt_c, vt_c;
        truth_at.At(t0 + ca.t_s, rt_c, vt_c);
        s.t_s = t0 + ca.t_s;
        s.r_ecef = r_c;
        s.v_ecef = v_c;
        s.phase = InterceptorPhase::kDone;
        InterceptorEvent e = MakeEvent(InterceptorEventKind::kIntercept, s);
        e.miss_m = ca.miss_m;
        e.closing_speed_mps = (vt_c - v_c).norm();
        events.Push(e);
        return;
      }
    }
    s.t_s = t1;
    s.r_ecef = x1.head<3>();
    s.v_ecef = x1.tail<3>();
    rt0 = rt1;
    vt0 = vt1;
    truth_t = t1;
    if (stage_end) {
      ++s.stage;
      if (s.stage < m.num_stages) {
        events.Push(MakeEvent(InterceptorEventKind::kStaging, s));
      } else {
        s.phase = InterceptorPhase::kMidcourse;
        s.next_guidance_t_s = s.t_s;  // first command at burnout, then every period
        events.Push(MakeEvent(InterceptorEventKind::kBurnout, s));
      }
    }
    const double tau = s.t_s - s.launch_time_s;
    if (tau > 2.0 && s.r_ecef.squaredNorm() < earth::kWgs84A * earth::kWgs84A &&
        earth::FastAltitude(s.r_ecef, m.earth.shape) < 0.0) {
      s.phase = InterceptorPhase::kDone;
      events.Push(MakeEvent(InterceptorEventKind::kGroundImpact, s));
    } else if (tau >= m.spec.max_flight_time_s) {
      s.phase = InterceptorPhase::kDone;
      events.Push(MakeEvent(InterceptorEventKind::kTimeout, s));
    }
  }
}

}  // namespace bmd::guidance
