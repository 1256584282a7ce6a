#include "sim/scenario/override_apply.h"

#include <fmt/format.h>

#include <optional>
#include <string>

#include "sim/scenario/did_you_mean.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/yaml_document.h"

namespace bmd::sim {
namespace {

struct Segment {
  std::string key;                   ///< map key or list-entry id; empty for a bare "[i]"
  std::vector<std::size_t> indices;  ///< "[i][j]" after the key
};

std::optional<std::vector<Segment>> ParsePath(std::string_view path, std::string& error) {
  std::vector<Segment> out;
  std::size_t i = 0;
  const auto is_name = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  };
  if (path.empty()) {
    error = "empty path";
    return std::nullopt;
  }
  while (i < path.size()) {
    Segment s;
    while (i < path.size() && is_name(path[i])) s.key += path[i++];
    while (i < path.size() && path[i] == '[') {
      std::size_t j = i + 1;
      std::size_t index = 0;
      bool digits = false;
      while (j < path.size() && path[j] >= '0' && path[j] <= '9' && j - i < 9) {
        index = index * 10 + static_cast<std::size_t>(path[j] - '0');
        digits = true;
        ++j;
      }
      if (!digits || j >= path.size() || path[j] != ']') {
        error = "bad index at " + Quote(path.substr(i, 12)) + "; write e.g. 'threats[0]'";
        return std::nullopt;
      }
      s.indices.push_back(index);
      i = j + 1;
    }
    if (s.key.empty() && s.indices.empty()) {
      error = "unexpected " + Quote(path.substr(i, 1)) + " at position " + std::to_string(i + 1);
      return std::nullopt;
    }
    if (s.key.empty() && !out.empty()) {
      error = "an index must follow a key, e.g. 'threats[0]'";
      return std::nullopt;
    }
    out.push_back(std::move(s));
    if (i < path.size()) {
      if (path[i] != '.' || i + 1 == path.size()) {
        error = "unexpected " + Quote(path.substr(i, 1)) + " at position " + std::to_string(i + 1);
        return std::nullopt;
      }
      ++i;
    }
  }
  return out;
}

// The value of `key` in mapping `map` (first one if duplicated), or an invalid handle.
std::optional<YAML::Node> FindKey(const YAML::Node& map, const std::string& key) {
  for (auto kv : map) {
    if (kv.first.IsScalar() && kv.first.Scalar() == key) {
      YAML::Node v;
      v.reset(kv.second);
      return v;
    }
  }
  return std::nullopt;
}

std::vector<std::string> MapKeys(const YAML::Node& map) {
  std::vector<std::string> keys;
  for (auto kv : map) {
    if (kv.first.IsScalar()) keys.push_back(kv.first.Scalar());
  }
  return keys;
}

}  // namespace

std::string OverrideDisplayName(const Override& o) {
  return "<override " + (o.path.size() > 200 ? o.path.substr(0, 200) + "..." : o.path) + ">";
}

std::vector<OverrideSite> ApplyOverrides(YAML::Node& root, const std::vector<Override>& overrides,
                                         DiagnosticSink& sink) {
  std::vector<OverrideSite> sites;
  for (const Override& o : overrides) {
    const std::string display = OverrideDisplayName(o);
    const auto fail = [&](const std::string& at_path, std::string message) {
      sink.Add(Diagnostic{display, 0, 0, at_path, std::move(message)});
    };
    std::string error;
    const std::optional<std::vector<Segment>> segments = ParsePath(o.path, error);
    if (!segments) {
      fail("", "bad override path " + Quote(o.path) + ": " + error);
      continue;
    }
    const std::optional<YAML::Node> value =
        ParseYamlDocument(o.value_text, display, "override value",
                          ScenarioLimits::kMaxOverrideBytes, /*allow_empty=*/true, sink);
    if (!value) continue;
    if (!root.IsMap()) continue;  // the file itself is broken; already reported

    YAML::Node cur;
    cur.reset(root);
    std::string canon;
    std::string created_at;  // first key the override had to create: all below is its own
    bool ok = true;
    for (std::size_t si = 0; si < segments->size() && ok; ++si) {
      const Segment& seg = (*segments)[si];
      const bool last_segment = si + 1 == segments->size();
      if (!seg.key.empty()) {
        if (cur.IsSequence()) {
          // A list entry by id.
          std::optional<YAML::Node> found;
          std::vector<std::string> ids;
          for (std::size_t k = 0; k < cur.size() && !found; ++k) {
            YAML::Node entry;
            entry.reset(cur[k]);
            if (!entry.IsMap()) continue;
            const std::optional<YAML::Node> id = FindKey(entry, "id");
            if (id && id->IsScalar()) {
              if (id->Scalar() == seg.key) {
                found = entry;
                canon = IndexPath(canon, k);
              } else if (ids.size() < 10'000) {
                ids.push_back(id->Scalar());
              }
            }
          }
          if (!found) {
            fail(canon, "no entry with id " + Quote(seg.key) + DidYouMean(seg.key, ids));
            ok = false;
            break;
          }
          cur.reset(*found);
        } else if (cur.IsMap() || cur.IsNull()) {
          std::optional<YAML::Node> child;
          if (cur.IsMap()) child = FindKey(cur, seg.key);
          const bool created = !child;
          if (!child) {
            if (!seg.indices.empty()) {
              const std::vector<std::string> keys =
                  cur.IsMap() ? MapKeys(cur) : std::vector<std::string>();
              fail(canon, "no key " + Quote(seg.key) + DidYouMean(seg.key, keys));
              ok = false;
              break;
            }
            // Create it: a leaf to set, or an intermediate mapping.
            YAML::Node created = cur[seg.key];
            if (!last_segment) created = YAML::Node(YAML::NodeType::Map);
            child = YAML::Node();
            child->reset(cur[seg.key]);
          }
          canon = ChildPath(canon, seg.key);
          if (created && created_at.empty()) created_at = canon;
          cur.reset(*child);
        } else {
          fail(canon, "cannot select " + Quote(seg.key) + ": " +
                          (canon.empty() ? "the top level" : canon) + " is " + Describe(cur));
          ok = false;
          break;
        }
      }
      for (std::size_t index : seg.indices) {
        if (!cur.IsSequence()) {
          fail(canon,
               fmt::format("cannot take [{}]: {} is {}, not a list", index, canon, Describe(cur)));
          ok = false;
          break;
        }
        if (index >= cur.size()) {
          fail(canon, fmt::format("index [{}] is out of range: {} has {} entries", index, canon,
                                  cur.size()));
          ok = false;
          break;
        }
        YAML::Node next;
        next.reset(cur[index]);
        cur.reset(next);
        canon = IndexPath(canon, index);
      }
    }
    if (!ok) continue;
    cur = *value;  // replaces the node's content in place
    sites.push_back(OverrideSite{created_at.empty() ? canon : created_at, display});
  }
  return sites;
}

}  // namespace bmd::sim
