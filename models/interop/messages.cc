#include "models/interop/messages.h"

#include <algorithm>
#include <cmath>

namespace bmd::interop {

int TrackQualityFromCovariance(const Eigen::Matrix3d& P_rr) {
  const double sigma = std::sqrt(std::max(P_rr.trace(), 0.0) / 3.0);
  if (!std::isfinite(sigma)) return 0;
  if (sigma <= 10.0) return 15;
  const double steps = std::ceil(std::log2(sigma / 10.0));
  return static_cast<int>(std::clamp(15.0 - steps, 0.0, 15.0));
}

void TrackReport::SetState(const fusion::GaussianState& s) {
  t_s = s.t_s;
  r_ecef = s.x.head<3>();
  v_ecef = s.x.tail<3>();
  P = s.P;
  quality = TrackQualityFromCovariance(P.topLeftCorner<3, 3>());
}

}  // namespace bmd::interop
