#pragma once
/// Ordinary differential equation integrators for small fixed-size states dx/dt = f(t, x).
///
/// - Rk4Step: classic fixed-step 4th-order Runge–Kutta (global error O(h^4)).
/// - Dp54Step / DormandPrince54: Dormand–Prince 5(4) (Hairer's DOPRI5 tableau), the 5th-order
///   solution is propagated (local extrapolation); the embedded 4th-order solution gives the
///   error estimate for step-size control; FSAL (the last stage is the next step's first);
///   dense output by DOPRI5's 4th-order continuous extension, for locating events inside a step.
///
/// The right-hand side f is any callable `Vec f(double t, const Vec& x)`. No allocation.
#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <limits>

namespace bmd::flight {

template <int N>
using StateVec = Eigen::Matrix<double, N, 1>;

/// One classic RK4 step of size h from (t, x). k1 = f(t, x) may be passed in (e.g. when the
/// caller needs it for Hermite interpolation) to save an evaluation.
template <int N, class F>
StateVec<N> Rk4Step(F& f, double t, const StateVec<N>& x, double h, const StateVec<N>& k1) {
  const StateVec<N> k2 = f(t + 0.5 * h, x + (0.5 * h) * k1);
  const StateVec<N> k3 = f(t + 0.5 * h, x + (0.5 * h) * k2);
  const StateVec<N> k4 = f(t + h, x + h * k3);
  return x + (h / 6.0) * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
}

template <int N, class F>
StateVec<N> Rk4Step(F& f, double t, const StateVec<N>& x, double h) {
  return Rk4Step<N>(f, t, x, h, f(t, x));
}

/// Dormand–Prince 5(4) coefficients (Dormand & Prince 1980; Hairer, Norsett & Wanner,
/// Solving ODEs I, table 5.2) and DOPRI5's dense-output coefficients.
namespace dp54 {
inline constexpr double c2 = 1.0 / 5, c3 = 3.0 / 10, c4 = 4.0 / 5, c5 = 8.0 / 9;
inline constexpr double a21 = 1.0 / 5;
inline constexpr double a31 = 3.0 / 40, a32 = 9.0 / 40;
inline constexpr double a41 = 44.0 / 45, a42 = -56.0 / 15, a43 = 32.0 / 9;
inline constexpr double a51 = 19372.0 / 6561, a52 = -25360.0 / 2187, a53 = 64448.0 / 6561,
                        a54 = -212.0 / 729;
inline constexpr double a61 = 9017.0 / 3168, a62 = -355.0 / 33, a63 = 46732.0 / 5247,
                        a64 = 49.0 / 176, a65 = -5103.0 / 18656;
inline constexpr double a71 = 35.0 / 384, a73 = 500.0 / 1113, a74 = 125.0 / 192,
                        a75 = -2187.0 / 6784, a76 = 11.0 / 84;
// Error coefficients: 5th-order weights minus 4th-order weights.
inline constexpr double e1 = 71.0 / 57600, e3 = -71.0 / 16695, e4 = 71.0 / 1920,
                        e5 = -17253.0 / 339200, e6 = 22.0 / 525, e7 = -1.0 / 40;
// Dense output (DOPRI5 CONTD5).
inline constexpr double d1 = -12715105075.0 / 11282082432.0, d3 = 87487479700.0 / 32700410799.0,
                        d4 = -10690763975.0 / 1880347072.0, d5 = 701980252875.0 / 199316789632.0,
                        d6 = -1453857185.0 / 822651844.0, d7 = 69997945.0 / 29380423.0;
}  // namespace dp54

/// Everything one Dormand–Prince step produces.
template <int N>
struct Dp54StepResult {
  StateVec<N> x;    ///< 5th-order solution at t + h
  StateVec<N> err;  ///< local error estimate (5th minus 4th order solution)
  StateVec<N> k7;   ///< f(t + h, x): the next step's first stage (FSAL)
  StateVec<N> dense_k;  ///< h * sum(d_i k_i), the 4th-order continuous extension term
};

/// One Dormand–Prince step of size h from (t, x) with first stage k1 = f(t, x).
template <int N, class F>
Dp54StepResult<N> Dp54Step(F& f, double t, const StateVec<N>& x, double h,
                           const StateVec<N>& k1) {
  using namespace dp54;
  const StateVec<N> k2 = f(t + c2 * h, x + h * (a21 * k1));
  const StateVec<N> k3 = f(t + c3 * h, x + h * (a31 * k1 + a32 * k2));
  const StateVec<N> k4 = f(t + c4 * h, x + h * (a41 * k1 + a42 * k2 + a43 * k3));
  const StateVec<N> k5 = f(t + c5 * h, x + h * (a51 * k1 + a52 * k2 + a53 * k3 + a54 * k4));
  const StateVec<N> k6 =
      f(t + h, x + h * (a61 * k1 + a62 * k2 + a63 * k3 + a64 * k4 + a65 * k5));
  Dp54StepResult<N> out;
  out.x = x + h * (a71 * k1 + a73 * k3 + a74 * k4 + a75 * k5 + a76 * k6);
  out.k7 = f(t + h, out.x);
  out.err = h * (e1 * k1 + e3 * k3 + e4 * k4 + e5 * k5 + e6 * k6 + e7 * out.k7);
  out.dense_k = h * (d1 * k1 + d3 * k3 + d4 * k4 + d5 * k5 + d6 * k6 + d7 * out.k7);
  return out;
}

struct Dp54Options {
  double rtol = 1e-10;        ///< relative tolerance (per component)
  double atol = 1e-6;         ///< absolute tolerance (per component, state units)
  double h_init = 0.0;        ///< first step, s; 0 = automatic (Hairer's starting-step rule)
  double h_max = std::numeric_limits<double>::infinity();
  double h_min = 1e-12;       ///< below this the integration fails
  double safety = 0.9;        ///< step-size safety factor
  double min_factor = 0.2;    ///< largest shrink per step
  double max_factor = 5.0;    ///< largest growth per step
  long max_steps = 1000000;   ///< accepted + rejected steps before giving up
};

/// Adaptive Dormand–Prince 5(4) with error control and dense output. Usage:
///   DormandPrince54<6> dp(opts); dp.Start(f, t0, x0);
///   while (dp.t() < t_end) { if (!dp.Step(f, t_end)) fail; use dp.DenseOutput(t) for
///   t in [dp.t_prev(), dp.t()] }
/// Error norm: RMS over components of err_i / (atol + rtol max(|x_i|, |x_new_i|)); a step is
/// accepted when the norm is <= 1; the next step is h * clamp(safety * norm^(-1/5),
/// min_factor, max_factor) (no growth right after a rejection).
template <int N>
class DormandPrince54 {
 public:
  using Vec = StateVec<N>;

  explicit DormandPrince54(const Dp54Options& opt = {}) : opt_(opt) {}

  template <class F>
  void Start(F& f, double t0, const Vec& x0) {
    t_ = t_prev_ = t0;
    x_ = x_prev_ = x0;
    k1_ = f(t0, x0);
    ++evaluations_;
    h_ = opt_.h_init > 0.0 ? opt_.h_init : InitialStep(f);
    h_ = std::min(h_, opt_.h_max);
  }

  /// Takes one accepted step, never past t_end. Returns false on failure (step size below
  /// h_min, non-finite state, or too many steps); the state is then left at the last
  /// accepted point.
  template <class F>
  bool Step(F& f, double t_end) {
    bool rejected_last = false;
    while (true) {
      if (++steps_ > opt_.max_steps) return false;
      const double remaining = t_end - t_;
      if (remaining <= 0.0) return false;
      const bool hits_end = h_ >= remaining;
      const double h = hits_end ? remaining : h_;
      if (h < opt_.h_min && !hits_end) return false;
      const Dp54StepResult<N> s = Dp54Step<N>(f, t_, x_, h, k1_);
      evaluations_ += 6;
      const double err = ErrorNorm(s);
      if (!std::isfinite(err) || err > 1.0) {
        // Rejected: shrink and retry.
        ++rejected_;
        rejected_last = true;
        const double shrink =
            std::isfinite(err) ? std::max(opt_.min_factor, opt_.safety * std::pow(err, -0.2))
                               : opt_.min_factor;
        h_ = h * shrink;
        if (h_ < opt_.h_min) return false;
        continue;
      }
      x_prev_ = x_;
      t_prev_ = t_;
      k1_prev_ = k1_;
      dense_k_ = s.dense_k;
      x_ = s.x;
      t_ = hits_end ? t_end : t_ + h;
      k1_ = s.k7;
      h_last_ = t_ - t_prev_;
      const double grow = err > 0.0 ? opt_.safety * std::pow(err, -0.2) : opt_.max_factor;
      const double factor =
          std::clamp(grow, opt_.min_factor, rejected_last ? 1.0 : opt_.max_factor);
      // A step shortened to land on t_end does not shrink the proposal for the next one.
      h_ = std::min(hits_end ? std::max(h_, h * factor) : h * factor, opt_.h_max);
      ++accepted_;
      return true;
    }
  }

  /// 4th-order continuous extension inside the last accepted step, t in [t_prev(), t()].
  Vec DenseOutput(double t) const {
    if (h_last_ <= 0.0) return x_;
    const double th = (t - t_prev_) / h_last_;
    const double th1 = 1.0 - th;
    const Vec y_diff = x_ - x_prev_;
    const Vec bspl = h_last_ * k1_prev_ - y_diff;
    const Vec c4 = y_diff - h_last_ * k1_ - bspl;
    return x_prev_ + th * (y_diff + th1 * (bspl + th * (c4 + th1 * dense_k_)));
  }

  double t() const { return t_; }
  const Vec& x() const { return x_; }
  double t_prev() const { return t_prev_; }
  const Vec& x_prev() const { return x_prev_; }
  /// f at the current point (FSAL stage) and at the previous accepted point.
  const Vec& f_now() const { return k1_; }
  const Vec& f_prev() const { return k1_prev_; }
  double next_step() const { return h_; }
  long accepted() const { return accepted_; }
  long rejected() const { return rejected_; }
  long evaluations() const { return evaluations_; }

 private:
  double ErrorNorm(const Dp54StepResult<N>& s) const {
    double sum = 0.0;
    for (int i = 0; i < N; ++i) {
      const double sc = opt_.atol + opt_.rtol * std::max(std::abs(x_[i]), std::abs(s.x[i]));
      const double q = s.err[i] / sc;
      sum += q * q;
    }
    return std::sqrt(sum / N);
  }

  // Hairer, Norsett & Wanner, Solving ODEs I, II.4: starting step size.
  template <class F>
  double InitialStep(F& f) {
    auto norm = [&](const Vec& v) {
      double s = 0.0;
      for (int i = 0; i < N; ++i) {
        const double q = v[i] / (opt_.atol + opt_.rtol * std::abs(x_[i]));
        s += q * q;
      }
      return std::sqrt(s / N);
    };
    const double d0 = norm(x_), d1 = norm(k1_);
    double h0 = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1;
    h0 = std::min(h0, opt_.h_max);
    const Vec x1 = x_ + h0 * k1_;
    const Vec f1 = f(t_ + h0, x1);
    ++evaluations_;
    const double d2 = norm(f1 - k1_) / h0;
    const double dm = std::max(d1, d2);
    const double h1 = dm <= 1e-15 ? std::max(1e-6, h0 * 1e-3) : std::pow(0.01 / dm, 0.2);
    return std::min(100.0 * h0, h1);
  }

  Dp54Options opt_;
  double t_ = 0.0, t_prev_ = 0.0, h_ = 0.0, h_last_ = 0.0;
  Vec x_ = Vec::Zero(), x_prev_ = Vec::Zero(), k1_ = Vec::Zero(), k1_prev_ = Vec::Zero();
  Vec dense_k_ = Vec::Zero();
  long accepted_ = 0, rejected_ = 0, evaluations_ = 0, steps_ = 0;
};

/// Cubic Hermite interpolation of position and velocity across a step of length h from
/// (r0, v0, a0) to (r1, v1, a1): position is the cubic matching r and v at both ends,
/// velocity the cubic matching v and a at both ends. s = (t - t0) / h in [0, 1].
inline void HermiteInterpolate(const Eigen::Vector3d& r0, const Eigen::Vector3d& v0,
                               const Eigen::Vector3d& a0, const Eigen::Vector3d& r1,
                               const Eigen::Vector3d& v1, const Eigen::Vector3d& a1, double h,
                               double s, Eigen::Vector3d& r, Eigen::Vector3d& v) {
  const double s2 = s * s, s3 = s2 * s;
  const double h00 = 2 * s3 - 3 * s2 + 1, h10 = s3 - 2 * s2 + s, h01 = -2 * s3 + 3 * s2,
               h11 = s3 - s2;
  r = h00 * r0 + h10 * h * v0 + h01 * r1 + h11 * h * v1;
  v = h00 * v0 + h10 * h * a0 + h01 * v1 + h11 * h * a1;
}

}  // namespace bmd::flight
