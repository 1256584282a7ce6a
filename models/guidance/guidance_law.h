#pragma once
/// Homing guidance laws in 3-D: pure and true proportional navigation (PN), augmented PN
/// (APN) and the zero-effort-miss (ZEM) form, with a g-limit and a divert (delta-v) budget.
///
/// Frame: any frame in which the relative motion is (close enough to) inertial over the
/// homing time; all vectors of one call share it (ECEF for the engine, ENU or an arbitrary
/// Cartesian frame in tests). SI units. Gravity is not compensated here: it acts on
/// missile and target alike and cancels in the relative motion of a homing end game; the
/// flight model adds any bias it wants to the returned command.
///
/// Definitions (r = target minus missile position, v = its rate, R = |r|):
///   LOS unit          u  = r / R
///   LOS rate vector   W  = (r x v) / R^2                         [rad/s]
///   closing speed     Vc = -(r . v) / R                          [m/s], > 0 when closing
///   time to go        t_go = R / Vc  (or the caller's better estimate)
/// Laws (N' = navigation ratio, a_T = target acceleration estimate):
///   true PN   a_c = N' Vc  W x u            perpendicular to the LOS; equals N' Vc |W| in 2-D
///   pure PN   a_c = N' Vc  W x m            m = missile velocity unit vector: perpendicular to
///                                           the missile velocity, so it only turns the missile
///                                           (speed is kept); the classic form scales with the
///                                           missile speed instead of Vc - here Vc, per the
///                                           project's law a_c = N' Vc lambda_dot
///   APN       a_c = N' Vc  W x u + (N'/2) a_T_perp      a_T_perp = a_T - (a_T . u) u
///   ZEM       a_c = N' ZEM_perp / t_go^2,  ZEM = r + v t_go + a_T t_go^2 / 2,
///             ZEM_perp = ZEM - (ZEM . u) u. With t_go = R/Vc it equals APN exactly (and
///             true PN when a_T = 0); with a caller-supplied t_go (e.g. from the predicted
///             intercept point) it is the better-conditioned form for long flights.
/// When the range is opening (Vc <= 0) or R = 0 the laws command zero: past the closest
/// approach there is nothing left to steer for.
#include <Eigen/Core>
#include <Eigen/Geometry>  // cross()

#include <algorithm>
#include <limits>

namespace bmd::guidance {

enum class GuidanceLawKind {
  kPurePn,          ///< command perpendicular to the missile velocity
  kTruePn,          ///< command perpendicular to the line of sight
  kAugmentedPn,     ///< true PN plus N'/2 times the target acceleration normal to the LOS
  kZeroEffortMiss,  ///< N' ZEM_perp / t_go^2 with the target acceleration in the ZEM
};

/// What the law knows about the target: the seeker's or track's estimate of the relative
/// state (possibly noisy: the caller adds noise or passes a filter estimate). This struct
/// is the seeker hook - nothing in the law looks at truth.
struct RelativeState {
  Eigen::Vector3d r_m = Eigen::Vector3d::Zero();      ///< target minus missile position, m
  Eigen::Vector3d v_mps = Eigen::Vector3d::Zero();    ///< target minus missile velocity, m/s
  Eigen::Vector3d target_accel_mps2 = Eigen::Vector3d::Zero();  ///< estimate, m/s^2 (APN, ZEM)
  Eigen::Vector3d missile_velocity_mps = Eigen::Vector3d::Zero();  ///< own velocity (pure PN)
  double time_to_go_s = 0.0;  ///< ZEM only: caller's time to go, s; <= 0 means use R / Vc
};

/// Builds the relative state from missile and target states (truth or estimates).
inline RelativeState MakeRelativeState(const Eigen::Vector3d& missile_r_m,
                                       const Eigen::Vector3d& missile_v_mps,
                                       const Eigen::Vector3d& target_r_m,
                                       const Eigen::Vector3d& target_v_mps,
                                       const Eigen::Vector3d& target_accel_mps2 = Eigen::Vector3d::Zero()) {
  RelativeState rel;
  rel.r_m = target_r_m - missile_r_m;
  rel.v_mps = target_v_mps - missile_v_mps;
  rel.target_accel_mps2 = target_accel_mps2;
  rel.missile_velocity_mps = missile_v_mps;
  return rel;
}

struct GuidanceConfig {
  GuidanceLawKind kind = GuidanceLawKind::kTruePn;
  double nav_ratio = 4.0;  ///< N', effective navigation ratio (typically 3..5)
  /// Magnitude clamp on the command, m/s^2 (g-limit times kG0). Infinity = unlimited.
  double accel_limit_mps2 = std::numeric_limits<double>::infinity();
};

/// Line-of-sight kinematics of a relative state (definitions in the file comment).
struct LosKinematics {
  Eigen::Vector3d los_unit = Eigen::Vector3d::Zero();       ///< u
  Eigen::Vector3d los_rate_radps = Eigen::Vector3d::Zero(); ///< W = r x v / R^2, rad/s
  double range_m = 0.0;                                     ///< R
  double closing_speed_mps = 0.0;                           ///< Vc
  double time_to_go_s = 0.0;  ///< R / Vc when closing, else +infinity
};

LosKinematics ComputeLos(const RelativeState& rel);

/// v scaled down (direction kept) so that |v| <= limit; unchanged when limit is infinite.
inline Eigen::Vector3d ClampMagnitude(const Eigen::Vector3d& v, double limit) {
  if (!(limit < std::numeric_limits<double>::infinity())) return v;
  if (!(limit > 0.0)) return Eigen::Vector3d::Zero();
  const double n = v.norm();
  return n > limit ? Eigen::Vector3d(v * (limit / n)) : v;
}

/// The laws in their LOS-rate forms (file comment), clamped like CommandedAccel: what
/// CommandedAccel evaluates for pure PN and ZEM (true PN and APN there take the closed form).
Eigen::Vector3d CommandedAccelLos(const GuidanceConfig& cfg, const RelativeState& rel);

/// Commanded acceleration of the law in cfg, clamped to cfg.accel_limit_mps2. m/s^2.
/// Pure function, no allocation: safe in the per-tick loop (inline: the interceptors' terminal
/// homing calls it at 100 Hz).
/// True PN and APN without the square root and the cross products: with
/// kappa = (r . v) / R^2, Vc = -kappa R and (r x v) x r = R^2 v - (r . v) r, so
///   N' Vc W x u = N' Vc (r x v) x r / R^3 = -N' kappa (v - kappa r),
/// and the APN term's a_T_perp = a_T - ((a_T . r) / R^2) r. Same conditions as the
/// definitions: R > 0 and closing (r . v < 0). Equal to the LOS-rate form up to rounding
/// (tests/guidance/guidance_law_closed_form_test.cc, against a long-double evaluation of the
/// latter).
inline Eigen::Vector3d CommandedAccel(const GuidanceConfig& cfg, const RelativeState& rel) {
  if (cfg.kind != GuidanceLawKind::kTruePn && cfg.kind != GuidanceLawKind::kAugmentedPn) {
    return CommandedAccelLos(cfg, rel);
  }
  const double r2 = rel.r_m.squaredNorm();
  const double rv = rel.r_m.dot(rel.v_mps);
  if (!(r2 > 0.0) || !(rv < 0.0)) return Eigen::Vector3d::Zero();
  const double inv_r2 = 1.0 / r2;
  const double kappa = rv * inv_r2;
  const double n = cfg.nav_ratio;
  Eigen::Vector3d a = (-n * kappa) * (rel.v_mps - kappa * rel.r_m);
  if (cfg.kind == GuidanceLawKind::kAugmentedPn) {
    const Eigen::Vector3d& at = rel.target_accel_mps2;
    a += (0.5 * n) * (at - (at.dot(rel.r_m) * inv_r2) * rel.r_m);
  }
  return ClampMagnitude(a, cfg.accel_limit_mps2);
}

/// Divert budget of an exoatmospheric kill vehicle: the total delta-v its thrusters can
/// give, consumed as it is used. Apply() scales a command down so that |a| dt never exceeds
/// what is left and books the delta-v |a_applied| dt (rocket-equation mass change is the
/// flight model's business; the budget is stated in delta-v so it needs no mass).
class DivertBudget {
 public:
  DivertBudget() = default;
  explicit DivertBudget(double delta_v_mps);

  /// Acceleration actually delivered over the next dt_s when a_cmd is commanded, m/s^2.
  Eigen::Vector3d Apply(const Eigen::Vector3d& a_cmd_mps2, double dt_s) {
    if (!(dt_s > 0.0)) return Eigen::Vector3d::Zero();
    const Eigen::Vector3d a = ClampMagnitude(a_cmd_mps2, remaining_mps_ / dt_s);
    const double dv = a.norm() * dt_s;
    used_mps_ += dv;
    remaining_mps_ = std::max(0.0, remaining_mps_ - dv);  // inf stays inf; max() absorbs rounding
    return a;
  }

  double remaining_mps() const { return remaining_mps_; }
  double used_mps() const { return used_mps_; }
  double total_mps() const { return total_mps_; }
  bool exhausted() const { return remaining_mps_ <= 0.0; }

 private:
  double total_mps_ = std::numeric_limits<double>::infinity();
  double remaining_mps_ = std::numeric_limits<double>::infinity();
  double used_mps_ = 0.0;
};

}  // namespace bmd::guidance
