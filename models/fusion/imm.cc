#include "models/fusion/imm.h"

#include <algorithm>
#include <cmath>

namespace bmd::fusion {

ImmFilter::ImmFilter(const ImmConfig& cfg)
    : cfg_(cfg),
      predictors_{EkfPredictor(MotionModel(cfg.models[0])),
                  EkfPredictor(MotionModel(cfg.models[1]))} {}

ImmState ImmFilter::Initialise(const GaussianState& state) const {
  ImmState s;
  s.models.fill(state);
  s.mu = cfg_.initial_probabilities / cfg_.initial_probabilities.sum();
  return s;
}

void ImmFilter::Predict(ImmState* s, double t_s) const {
  const Eigen::Vector2d c = cfg_.transition.transpose() * s->mu;
  std::array<GaussianState, kImmModels> mixed;
  for (int j = 0; j < kImmModels; ++j) {
    mixed[j].t_s = s->models[0].t_s;
    mixed[j].x.setZero();
    for (int i = 0; i < kImmModels; ++i) {
      mixed[j].x += (cfg_.transition(i, j) * s->mu[i] / c[j]) * s->models[i].x;
    }
    mixed[j].P.setZero();
    for (int i = 0; i < kImmModels; ++i) {
      const Vector6d d = s->models[i].x - mixed[j].x;
      mixed[j].P += (cfg_.transition(i, j) * s->mu[i] / c[j]) *
                    (s->models[i].P + d * d.transpose());
    }
  }
  for (int j = 0; j < kImmModels; ++j) s->models[j] = predictors_[j].Predict(mixed[j], t_s);
  s->mu = c;
}

bool ImmFilter::Update(ImmState* s, const sensors::Measurement& m) const {
  std::array<double, kImmModels> log_like;
  std::array<UpdateResult, kImmModels> res;
  double max_log = -INFINITY;
  for (int j = 0; j < kImmModels; ++j) {
    res[j] = updater_.Update(s->models[j], m);
    log_like[j] = res[j].ok ? res[j].innovation.LogLikelihood() : -INFINITY;
    max_log = std::max(max_log, log_like[j]);
  }
  if (!std::isfinite(max_log)) return false;
  Eigen::Vector2d mu;
  for (int j = 0; j < kImmModels; ++j) {
    mu[j] = s->mu[j] * std::exp(log_like[j] - max_log);
    if (res[j].ok) s->models[j] = res[j].posterior;
  }
  s->mu = mu / mu.sum();
  const int best = s->mu[0] >= s->mu[1] ? 0 : 1;
  s->last_nis = res[best].nis;
  return true;
}

GaussianState ImmFilter::Combined(const ImmState& s) {
  GaussianState out;
  out.t_s = s.models[0].t_s;
  out.x.setZero();
  for (int j = 0; j < kImmModels; ++j) out.x += s.mu[j] * s.models[j].x;
  out.P.setZero();
  for (int j = 0; j < kImmModels; ++j) {
    const Vector6d d = s.models[j].x - out.x;
    out.P += s.mu[j] * (s.models[j].P + d * d.transpose());
  }
  return out;
}

}  // namespace bmd::fusion
