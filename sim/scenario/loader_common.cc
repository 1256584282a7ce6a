// Helpers shared by the section converters: positions and id uniqueness.
#include <fmt/format.h>

#include <cmath>

#include "models/earth/earth_model.h"
#include "sim/scenario/did_you_mean.h"
#include "sim/scenario/loader_sections.h"

namespace bmd::sim {

std::optional<earth::Geodetic> ReadPosition(DocContext& doc, const YAML::Node& node,
                                            const std::string& path) {
  static constexpr std::string_view kKeys[] = {"lat", "lon", "alt"};
  MapReader m(doc, node, path, kKeys);
  if (!m.ok()) return std::nullopt;
  // Angles compare in radians; 1e-12 rad (6 um on the ground) absorbs unit-conversion rounding
  // so that exactly "90 deg" or "-180 deg" is accepted.
  constexpr double kEps = 1e-12;
  const std::optional<double> lat = m.Quantity("lat", Dimension::kAngle, Presence::kRequired);
  const std::optional<double> lon = m.Quantity("lon", Dimension::kAngle, Presence::kRequired);
  std::optional<double> alt = m.Has("alt") ? m.Quantity("alt", Dimension::kLength) : 0.0;
  bool ok = lat && lon && alt;
  if (lat && std::abs(*lat) > 90.0 * earth::kDeg + kEps) {
    doc.Error(*m.Get("lat"), m.PathOf("lat"),
              fmt::format("latitude must be within [-90, 90] deg; got {}",
                          FormatQuantity(*lat, Dimension::kAngle)));
    ok = false;
  }
  if (lon && (*lon < -180.0 * earth::kDeg - kEps || *lon >= 360.0 * earth::kDeg - kEps)) {
    doc.Error(*m.Get("lon"), m.PathOf("lon"),
              fmt::format("longitude must be within [-180, 360) deg; got {}",
                          FormatQuantity(*lon, Dimension::kAngle)));
    ok = false;
  }
  if (m.Has("alt") && alt && (*alt < -1e3 || *alt > 100e3)) {
    doc.Error(*m.Get("alt"), m.PathOf("alt"),
              fmt::format("altitude must be within [-1 km, 100 km]; got {}",
                          FormatQuantity(*alt, Dimension::kLength)));
    ok = false;
  }
  if (!ok) return std::nullopt;
  return earth::Geodetic{*lat, *lon, *alt};
}

bool IdRegistry::Add(DocContext& doc, const YAML::Node& at, const std::string& path,
                     const std::string& id) {
  const int line = at.Mark().is_null() ? 0 : at.Mark().line + 1;
  const auto [it, inserted] = first_line_.emplace(id, line);
  if (!inserted) {
    doc.Error(at, path,
              it->second > 0 ? fmt::format("duplicate {} id {} (first used at line {})", what_,
                                           Quote(id), it->second)
                             : fmt::format("duplicate {} id {}", what_, Quote(id)));
  }
  return inserted;
}

}  // namespace bmd::sim
