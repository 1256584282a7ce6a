#include "models/interop/sharing_policy.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace bmd::interop {
namespace {

Eigen::Vector3d RoundToGrid(const Eigen::Vector3d& x, double q) {
  return {q * std::round(x.x() / q), q * std::round(x.y() / q), q * std::round(x.z() / q)};
}

void CheckRelease(const Release& r, const std::string& where) {
  if (r.action == ReleaseAction::kDelay && !(r.delay_s >= 0.0)) {
    throw std::invalid_argument(where + ": delay must be >= 0");
  }
  if (r.action == ReleaseAction::kDegrade) {
    if (!(r.degrade.position_quantum_m > 0.0)) {
      throw std::invalid_argument(where + ": position quantum must be > 0");
    }
    if (r.degrade.inflation == CovarianceInflation::kScale && !(r.degrade.covariance_scale >= 1.0)) {
      throw std::invalid_argument(where + ": covariance scale must be >= 1");
    }
  }
}

}  // namespace

void DegradePosition(const Degradation& d, Eigen::Vector3d* r_ecef, Eigen::Matrix3d* P_rr) {
  const double q = d.position_quantum_m;
  if (d.frame == QuantisationFrame::kEnu) {
    *r_ecef = d.enu.ToEcef(RoundToGrid(d.enu.ToEnu(*r_ecef), q));
  } else {
    *r_ecef = RoundToGrid(*r_ecef, q);
  }
  if (P_rr == nullptr) return;
  if (d.inflation == CovarianceInflation::kScale) {
    *P_rr *= d.covariance_scale;
  } else {
    P_rr->diagonal().array() += q * q / 12.0;
  }
}

SharingPolicy::SharingPolicy(const SharingPolicyConfig& cfg, int num_nations)
    : cfg_(cfg), n_(num_nations) {
  if (n_ < 0 || n_ > kMaxNations) throw std::invalid_argument("sharing policy: bad nation count");
  CheckRelease(cfg_.default_release, "sharing.default");
  for (std::size_t i = 0; i < cfg_.rules.size(); ++i) {
    CheckRelease(cfg_.rules[i].release, "sharing.rules[" + std::to_string(i) + "]");
  }
  const std::size_t size = static_cast<std::size_t>(n_) * n_ * kNumDataClasses;
  table_.assign(size, kDefault);
  counters_.assign(size, {});
  for (NationId f = 0; f < n_; ++f) {
    for (NationId g = 0; g < n_; ++g) {
      for (int c = 0; c < kNumDataClasses; ++c) {
        const DataClass dc = static_cast<DataClass>(c);
        int r = kDefault;
        if (cfg_.own_nation_always_allowed && f == g) {
          r = kOwnNation;
        } else {
          for (std::size_t k = 0; k < cfg_.rules.size(); ++k) {
            const SharingRule& rule = cfg_.rules[k];
            if (Contains(rule.from, f) && Contains(rule.to, g) && (rule.classes & SetOf(dc)) != 0) {
              r = static_cast<int>(k);
              break;
            }
          }
        }
        table_[Index(f, g, dc)] = r;
      }
    }
  }
  // Index(0, to, c) = to * kNumDataClasses + c.
  allowed_from_.assign(static_cast<std::size_t>(n_) * kNumDataClasses, 0);
  for (NationId f = 0; f < n_; ++f) {
    for (NationId g = 0; g < n_; ++g) {
      for (int c = 0; c < kNumDataClasses; ++c) {
        const DataClass dc = static_cast<DataClass>(c);
        if (At(Index(f, g, dc)).action == ReleaseAction::kAllow) {
          allowed_from_[Index(0, g, dc)] |= SetOf(f);
        }
      }
    }
  }
}

void SharingPolicy::ThrowOutOfRange() { throw std::out_of_range("sharing policy: nation id out of range"); }

const Release& SharingPolicy::Lookup(NationId from, NationId to, DataClass c) const {
  return At(Index(from, to, c));
}

const ReleaseCounters& SharingPolicy::counters(NationId from, NationId to, DataClass c) const {
  return counters_[Index(from, to, c)];
}

void DegradePayload(const Degradation& d, Payload* payload) {
  if (auto* tr = std::get_if<TrackReport>(payload)) {
    Eigen::Matrix3d p_rr = tr->P.topLeftCorner<3, 3>();
    DegradePosition(d, &tr->r_ecef, &p_rr);
    if (d.inflation == CovarianceInflation::kScale) {
      tr->P *= d.covariance_scale;
    } else {
      tr->P.topLeftCorner<3, 3>() = p_rr;
    }
    tr->quality = TrackQualityFromCovariance(tr->P.topLeftCorner<3, 3>());
  } else if (auto* cue = std::get_if<CueReport>(payload)) {
    DegradePosition(d, &cue->launch_ecef, nullptr);
    DegradePosition(d, &cue->r_ecef, &cue->P_r);
    const double q = d.position_quantum_m;
    cue->launch_sigma_m = d.inflation == CovarianceInflation::kScale
                              ? cue->launch_sigma_m * std::sqrt(d.covariance_scale)
                              : std::sqrt(cue->launch_sigma_m * cue->launch_sigma_m + q * q / 12.0);
  }
}

const Release& SharingPolicy::Apply(Message* msg, NationId from, NationId to) {
  const Release& r = Decide(from, to, msg->data_class());
  if (r.action == ReleaseAction::kDegrade) DegradePayload(r.degrade, &msg->payload);
  return r;
}

ReleaseResult ReleaseAndSend(SharingPolicy& policy, Link& link, Message msg, NationId from,
                             NationId to, double t_s) {
  ReleaseResult res;
  const Release& r = policy.Apply(&msg, from, to);
  res.action = r.action;
  if (r.action == ReleaseAction::kDeny) {
    link.CountWithheld();
    return res;
  }
  res.sent = true;
  res.outcome = link.Send(msg, t_s, r.action == ReleaseAction::kDelay ? r.delay_s : 0.0);
  return res;
}

}  // namespace bmd::interop
