#include "models/interop/nations.h"

#include <stdexcept>

namespace bmd::interop {

NationId NationTable::AddNation(std::string_view name, std::span<const std::string> alliances) {
  if (name.empty()) throw std::invalid_argument("nation name is empty");
  if (Find(name) >= 0) throw std::invalid_argument("duplicate nation '" + std::string(name) + "'");
  for (const Alliance& a : alliances_) {
    if (a.name == name) {
      throw std::invalid_argument("nation '" + std::string(name) + "' clashes with an alliance");
    }
  }
  if (size() >= kMaxNations) throw std::invalid_argument("more than 64 nations");
  const NationId id = size();
  names_.emplace_back(name);
  for (const std::string& al : alliances) {
    if (Find(al) >= 0) throw std::invalid_argument("alliance '" + al + "' clashes with a nation");
    bool found = false;
    for (Alliance& a : alliances_) {
      if (a.name == al) {
        a.members |= SetOf(id);
        found = true;
      }
    }
    if (!found) alliances_.push_back({al, SetOf(id)});
  }
  return id;
}

NationId NationTable::Find(std::string_view name) const {
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return static_cast<NationId>(i);
  }
  return -1;
}

NationSet NationTable::Resolve(std::string_view name) const {
  if (name == "*" || name == "ALL") return kAllNations;
  const NationId n = Find(name);
  if (n >= 0) return SetOf(n);
  for (const Alliance& a : alliances_) {
    if (a.name == name) return a.members;
  }
  return 0;
}

NationSet NationTable::ResolveAll(std::span<const std::string> names) const {
  NationSet s = 0;
  for (const std::string& n : names) {
    const NationSet r = Resolve(n);
    if (r == 0) throw std::invalid_argument("unknown nation or alliance '" + n + "'");
    s |= r;
  }
  return s;
}

}  // namespace bmd::interop
