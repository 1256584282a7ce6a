#pragma once
/// The three notional threat classes of scenarios/catalog/threats.yaml as ThreatTypeSpec
/// values (models know nothing of YAML). Keep identical to the YAML file: the test
/// CatalogYamlMatchesTestHelper (tests/validation/catalog_consistency_test.cc) checks it.
/// Ballistic coefficients are given in the YAML as a pressure (kPa, beta * g0); here
/// beta_kg_m2 = beta_Pa / g0.
#include "models/earth/earth_model.h"
#include "models/flight/vehicle.h"

namespace bmd::flight::testing {

inline ThreatTypeSpec SrbmNotional() {
  ThreatTypeSpec t;
  t.name = "srbm_notional";
  t.description = "Notional single-stage short-range ballistic missile class (~300 km)";
  t.nominal_range_m = 300e3;
  t.body_diameter_m = 0.88;
  t.booster_cd = 0.3;
  t.stages = {{3700.0, 850.0, 230.0, 58.0}};
  t.rv_mass_kg = 1000.0;
  t.rv_ballistic_coeff_kg_m2 = 40e3 / earth::kG0;
  t.rv_rcs_m2 = 0.05;
  t.booster_rcs_m2 = 2.0;
  t.ir_intensity_w_sr = 1.0e5;
  return t;
}

inline ThreatTypeSpec MrbmNotional() {
  ThreatTypeSpec t;
  t.name = "mrbm_notional";
  t.description = "Notional single-stage medium-range ballistic missile class (~1,000 km)";
  t.nominal_range_m = 1000e3;
  t.body_diameter_m = 1.25;
  t.booster_cd = 0.3;
  t.stages = {{11000.0, 1500.0, 250.0, 105.0}};
  t.rv_mass_kg = 900.0;
  t.rv_ballistic_coeff_kg_m2 = 60e3 / earth::kG0;
  t.rv_rcs_m2 = 0.03;
  t.booster_rcs_m2 = 4.0;
  t.ir_intensity_w_sr = 3.0e5;
  return t;
}

inline ThreatTypeSpec IrbmNotional() {
  ThreatTypeSpec t;
  t.name = "irbm_notional";
  t.description = "Notional two-stage intermediate-range ballistic missile class (~3,000 km)";
  t.nominal_range_m = 3000e3;
  t.body_diameter_m = 1.4;
  t.booster_cd = 0.3;
  t.stages = {{12000.0, 1400.0, 255.0, 80.0}, {3200.0, 500.0, 275.0, 65.0}};
  t.rv_mass_kg = 700.0;
  t.rv_ballistic_coeff_kg_m2 = 80e3 / earth::kG0;
  t.rv_rcs_m2 = 0.02;
  t.booster_rcs_m2 = 3.0;
  t.ir_intensity_w_sr = 5.0e5;
  return t;
}

}  // namespace bmd::flight::testing
