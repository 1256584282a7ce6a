#pragma once
/// Nations and alliances for the interoperability models.
///
/// A nation is a small integer id (0..kMaxNations-1) given by the NationTable in the order
/// nations are added; a NationSet is a 64-bit mask of ids. An alliance ("NATO") is a named
/// NationSet: every nation listed as a member when added joins it. Sharing rules name
/// senders and receivers as NationSets, so "from: NATO" matches every member nation and
/// "to: [ROK, NATO]" is the union of the two sets. Built once from the scenario (may
/// allocate); lookups during a run use ids and masks only.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bmd::interop {

using NationId = std::int32_t;
using NationSet = std::uint64_t;

inline constexpr int kMaxNations = 64;
inline constexpr NationSet kAllNations = ~NationSet{0};

/// The set holding one nation (empty for an id outside [0, kMaxNations)).
constexpr NationSet SetOf(NationId n) {
  return (n >= 0 && n < kMaxNations) ? (NationSet{1} << n) : NationSet{0};
}
constexpr bool Contains(NationSet s, NationId n) { return (s & SetOf(n)) != 0; }

class NationTable {
 public:
  /// Adds a nation with its alliances; returns its id. Throws std::invalid_argument on a
  /// duplicate or empty name, a name already used by an alliance, or more than kMaxNations.
  NationId AddNation(std::string_view name, std::span<const std::string> alliances = {});

  /// Id of a nation, -1 if unknown.
  NationId Find(std::string_view name) const;
  /// Set named by a nation id, an alliance name, or "*"/"ALL" (every nation); 0 if unknown.
  NationSet Resolve(std::string_view name) const;
  /// Union of Resolve() over names; throws std::invalid_argument naming an unknown entry.
  NationSet ResolveAll(std::span<const std::string> names) const;

  int size() const { return static_cast<int>(names_.size()); }
  const std::string& Name(NationId n) const { return names_.at(static_cast<std::size_t>(n)); }

 private:
  struct Alliance {
    std::string name;
    NationSet members = 0;
  };
  std::vector<std::string> names_;
  std::vector<Alliance> alliances_;
};

}  // namespace bmd::interop
