#include "models/guidance/linear_engagement.h"

#include <algorithm>
#include <cmath>

namespace bmd::guidance {
namespace {

struct State {
  double y;
  double yd;
};

double Command(const LinearEngagementConfig& cfg, const State& s, double t_go) {
  const double vc = cfg.closing_speed_mps;
  const double los_rate = (s.y + s.yd * t_go) / (vc * t_go * t_go);
  double n_c = cfg.nav_ratio * vc * los_rate;
  if (cfg.augmented) n_c += 0.5 * cfg.nav_ratio * cfg.target_accel_mps2;
  return n_c;
}

State Deriv(const LinearEngagementConfig& cfg, const State& s, double t_go) {
  return {s.yd, cfg.target_accel_mps2 - Command(cfg, s, t_go)};
}

}  // namespace

LinearEngagementResult RunLinearEngagement(const LinearEngagementConfig& cfg) {
  LinearEngagementResult out;
  const double tf = cfg.flight_time_s;
  const double t_stop = 1e-7 * tf;
  out.history.reserve(static_cast<std::size_t>(tf / cfg.dt_s) + 512);
  State s{0.0, -cfg.missile_speed_mps * cfg.heading_error_rad};
  double t = 0.0;
  while (tf - t > t_stop) {
    const double t_go = tf - t;
    out.history.push_back({t, s.y, s.yd, Command(cfg, s, t_go)});
    const double h = std::min({cfg.dt_s, t_go / 20.0, t_go - t_stop});
    if (!(h > 0.0) || t + h == t) break;  // rounding at the very end
    const State k1 = Deriv(cfg, s, t_go);
    const State s2{s.y + 0.5 * h * k1.y, s.yd + 0.5 * h * k1.yd};
    const State k2 = Deriv(cfg, s2, t_go - 0.5 * h);
    const State s3{s.y + 0.5 * h * k2.y, s.yd + 0.5 * h * k2.yd};
    const State k3 = Deriv(cfg, s3, t_go - 0.5 * h);
    const State s4{s.y + h * k3.y, s.yd + h * k3.yd};
    const State k4 = Deriv(cfg, s4, t_go - h);
    s.y += h / 6.0 * (k1.y + 2.0 * k2.y + 2.0 * k3.y + k4.y);
    s.yd += h / 6.0 * (k1.yd + 2.0 * k2.yd + 2.0 * k3.yd + k4.yd);
    t += h;
  }
  out.miss_m = s.y + s.yd * (tf - t);
  return out;
}

}  // namespace bmd::guidance
