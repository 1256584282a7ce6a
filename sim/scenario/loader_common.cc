// Helpers shared by the section converters: positions, bounded quantities and id uniqueness.
#include <fmt/format.h>

#include <cmath>

#include "models/earth/earth_model.h"
#include "sim/scenario/did_you_mean.h"
#include "sim/scenario/loader_sections.h"

namespace bmd::sim {
namespace {

// "> 0 and at most 90 deg", "within [-5 deg, 5 deg]", "within [0 s, 10 s)".
std::string DescribeBounds(const Bounds& b, Dimension dim) {
  const auto show = [dim](double v) {
    return dim == Dimension::kNumber ? fmt::format("{:g}", v) : FormatQuantity(v, dim);
  };
  if (b.lo == 0.0 && b.lo_open && !b.hi_open) return "> 0 and at most " + show(b.hi);
  return fmt::format("within {}{}, {}{}", b.lo_open ? "(" : "[", show(b.lo), show(b.hi),
                     b.hi_open ? ")" : "]");
}

}  // namespace

std::optional<earth::Geodetic> ReadPositionKeys(MapReader& m) {
  DocContext& doc = m.doc();
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

std::optional<earth::Geodetic> ReadPosition(DocContext& doc, const YAML::Node& node,
                                            const std::string& path) {
  static constexpr std::string_view kKeys[] = {"lat", "lon", "alt"};
  MapReader m(doc, node, path, kKeys);
  if (!m.ok()) return std::nullopt;
  return ReadPositionKeys(m);
}

std::optional<double> RangedQuantity(MapReader& m, std::string_view key, Dimension dim,
                                     const Bounds& bounds, Presence presence) {
  const std::optional<double> v = m.Quantity(key, dim, presence);
  if (!v) return std::nullopt;
  const bool above = bounds.lo_open ? *v > bounds.lo : *v >= bounds.lo;
  const bool below = bounds.hi_open ? *v < bounds.hi : *v <= bounds.hi;
  const std::string shown = dim == Dimension::kNumber ? fmt::format("{:g}", *v)
                                                      : FormatQuantity(*v, dim);
  if (!Require(above && below, m.doc(), *m.Get(key), m.PathOf(key),
               fmt::format("{} must be {}; got {}", key, DescribeBounds(bounds, dim), shown))) {
    return std::nullopt;
  }
  return v;
}

int IndexOfId(const std::vector<std::string>& ids, const std::string& id) {
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (ids[i] == id) return static_cast<int>(i);
  }
  return -1;
}

bool IdRegistry::Add(DocContext& doc, const YAML::Node& at, const std::string& path,
                     const std::string& id) {
  return Add(doc, at, path, id, what_);
}

bool IdRegistry::Add(DocContext& doc, const YAML::Node& at, const std::string& path,
                     const std::string& id, std::string_view what) {
  const int line = at.Mark().is_null() ? 0 : at.Mark().line + 1;
  const auto [it, inserted] = first_.emplace(id, First{line, std::string(what)});
  if (inserted) return true;
  const First& first = it->second;
  const std::string where = first.line > 0 ? fmt::format(" at line {}", first.line) : "";
  if (first.what == what) {
    doc.Error(at, path,
              first.line > 0
                  ? fmt::format("duplicate {} id {} (first used at line {})", what, Quote(id),
                                first.line)
                  : fmt::format("duplicate {} id {}", what, Quote(id)));
  } else {
    doc.Error(at, path,
              fmt::format("id {} is already used by the {}{} (platform, node, sensor and fire-"
                          "unit ids must differ from each other)",
                          Quote(id), first.what, where));
  }
  return false;
}

}  // namespace bmd::sim
