#pragma once
/// A sensor measurement and its measurement model h(x), shared by the sensor models (which
/// generate measurements) and the trackers (which predict and update with them).
///
/// Geometry: the sensor sits at site_pos in the tracker's Cartesian frame (ECEF in the
/// simulator; a local frame when replaying external data) with local axes R_frame_from_enu
/// (columns east, north, up). Azimuth is measured clockwise from north in the local
/// horizontal plane, elevation up from it. For kPosition, z holds Cartesian coordinates
/// in the tracker frame directly and the site fields are unused.
#include <Eigen/Core>

#include <cstdint>

namespace bmd::sensors {

enum class MeasurementKind : std::uint8_t {
  kRangeAzEl = 0,      ///< z = (range m, azimuth rad, elevation rad)
  kRangeAzElRate = 1,  ///< z = (range m, azimuth rad, elevation rad, range rate m/s)
  kAngles = 2,         ///< z = (azimuth rad, elevation rad): passive line of sight (IR)
  kPosition = 3,       ///< z = (x, y, z) m in the tracker frame
};

/// Number of components of z used by a kind.
constexpr int MeasurementDim(MeasurementKind k) {
  switch (k) {
    case MeasurementKind::kRangeAzEl: return 3;
    case MeasurementKind::kRangeAzElRate: return 4;
    case MeasurementKind::kAngles: return 2;
    case MeasurementKind::kPosition: return 3;
  }
  return 0;
}

struct Measurement {
  double t_s = 0.0;                  ///< time of validity, s since scenario start
  std::int32_t sensor = -1;          ///< sensor index in the scenario
  std::int64_t truth_id = -1;        ///< truth object measured; -1 = false alarm (scoring only)
  MeasurementKind kind = MeasurementKind::kRangeAzEl;
  Eigen::Vector4d z = Eigen::Vector4d::Zero();      ///< measured values (first Dim() used)
  Eigen::Vector4d sigma = Eigen::Vector4d::Ones();  ///< 1-sigma noise of each component
  Eigen::Vector3d site_pos = Eigen::Vector3d::Zero();  ///< sensor position, tracker frame
  Eigen::Vector3d site_vel = Eigen::Vector3d::Zero();  ///< sensor velocity, tracker frame
  Eigen::Matrix3d R_frame_from_enu = Eigen::Matrix3d::Identity();
  double snr_db = 0.0;               ///< signal-to-noise ratio of the detection (radar)

  int Dim() const { return MeasurementDim(kind); }
  /// Diagonal measurement noise covariance (Dim() x Dim() block of a 4x4).
  Eigen::Matrix4d NoiseCovariance() const;
};

/// h(x): the noise-free measurement of a target at position r, velocity v (tracker frame),
/// for the measurement's kind and site. Unused trailing components are zero.
Eigen::Vector4d PredictMeasurement(const Measurement& m, const Eigen::Vector3d& r,
                                   const Eigen::Vector3d& v);

/// Jacobian dh/dx for x = (r, v), analytic. Rows beyond Dim() are zero.
Eigen::Matrix<double, 4, 6> MeasurementJacobian(const Measurement& m, const Eigen::Vector3d& r,
                                                const Eigen::Vector3d& v);

/// z - h with azimuth differences wrapped to (-pi, pi].
Eigen::Vector4d MeasurementResidual(const Measurement& m, const Eigen::Vector4d& z,
                                    const Eigen::Vector4d& h);

/// Inverse of the position part of h: the tracker-frame position that a range/az/el (or
/// kPosition) measurement describes. Not defined for kAngles (returns the site position).
Eigen::Vector3d MeasurementToPosition(const Measurement& m);

/// Range/azimuth/elevation of a position relative to a site, from local ENU coordinates.
Eigen::Vector3d EnuToRangeAzEl(const Eigen::Vector3d& enu);
Eigen::Vector3d RangeAzElToEnu(double range_m, double az_rad, double el_rad);

}  // namespace bmd::sensors
