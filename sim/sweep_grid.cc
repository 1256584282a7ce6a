#include "sim/sweep_grid.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <set>

#include "sim/errors.h"

namespace bmd::sim {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::uint64_t ParseIndex(std::string_view s, std::string_view item) {
  s = Trim(s);
  std::uint64_t v = 0;
  const auto* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, v);
  if (s.empty() || ec != std::errc() || ptr != end) {
    throw InputError(fmt::format("run list item '{}' is not a run index or a range A-B", item));
  }
  return v;
}

}  // namespace

std::vector<std::string> SplitTopLevelCommas(std::string_view text) {
  std::vector<std::string> out;
  std::vector<char> stack;
  char quote = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote) {
      if (c == quote) quote = 0;
      continue;
    }
    switch (c) {
      case '\'': case '"': quote = c; break;
      case '(': stack.push_back(')'); break;
      case '[': stack.push_back(']'); break;
      case '{': stack.push_back('}'); break;
      case ')': case ']': case '}':
        if (stack.empty() || stack.back() != c) {
          throw InputError(fmt::format("unbalanced '{}' in '{}'", c, text));
        }
        stack.pop_back();
        break;
      case ',':
        if (stack.empty()) {
          out.emplace_back(Trim(text.substr(start, i - start)));
          start = i + 1;
        }
        break;
      default: break;
    }
  }
  if (quote || !stack.empty()) throw InputError(fmt::format("unbalanced brackets or quotes in '{}'", text));
  out.emplace_back(Trim(text.substr(start)));
  return out;
}

SweepAxis ParseVaryArgument(std::string_view argument) {
  const auto eq = argument.find('=');
  if (eq == std::string_view::npos) {
    throw InputError(fmt::format("--vary '{}': expected KEY=V1,V2,...", argument));
  }
  SweepAxis axis;
  axis.key = std::string(Trim(argument.substr(0, eq)));
  if (axis.key.empty()) throw InputError(fmt::format("--vary '{}': empty key", argument));
  axis.values = SplitTopLevelCommas(argument.substr(eq + 1));
  for (const auto& v : axis.values) {
    if (v.empty()) throw InputError(fmt::format("--vary '{}': empty value", argument));
  }
  return axis;
}

std::vector<GridPoint> BuildGrid(const std::vector<SweepAxis>& axes, std::uint64_t max_points) {
  std::set<std::string> keys;
  std::uint64_t total = 1;
  for (const auto& a : axes) {
    if (!keys.insert(a.key).second) throw InputError(fmt::format("--vary: key '{}' given twice", a.key));
    if (a.values.empty()) throw InputError(fmt::format("--vary: key '{}' has no values", a.key));
    total *= a.values.size();
    if (total > max_points) {
      throw InputError(fmt::format("--vary: the grid has more than {} points", max_points));
    }
  }
  std::vector<GridPoint> grid(total);
  for (std::uint64_t g = 0; g < total; ++g) {
    grid[g].index = g;
    grid[g].value_index.resize(axes.size());
    // Row-major: the last axis varies fastest.
    std::uint64_t rest = g;
    for (std::size_t a = axes.size(); a-- > 0;) {
      grid[g].value_index[a] = rest % axes[a].values.size();
      rest /= axes[a].values.size();
    }
  }
  return grid;
}

std::vector<Override> GridOverrides(const std::vector<SweepAxis>& axes, const GridPoint& point) {
  std::vector<Override> out;
  for (std::size_t a = 0; a < axes.size(); ++a) {
    out.push_back(Override{axes[a].key, axes[a].values[point.value_index[a]]});
  }
  return out;
}

std::vector<std::uint64_t> ParseRunList(std::string_view text, std::uint64_t runs) {
  std::set<std::uint64_t> set;
  if (runs == 0) {
    if (!Trim(text).empty()) throw InputError("run list given but there are no runs");
    return {};
  }
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view item = Trim(text.substr(start, end - start));
    start = end + 1;
    if (item.empty()) {
      if (text.empty()) break;
      throw InputError(fmt::format("run list '{}' has an empty item", text));
    }
    const auto dash = item.find('-');
    std::uint64_t lo = 0, hi = 0;
    if (dash == std::string_view::npos) {
      lo = hi = ParseIndex(item, item);
    } else {
      lo = ParseIndex(item.substr(0, dash), item);
      hi = ParseIndex(item.substr(dash + 1), item);
      if (hi < lo) throw InputError(fmt::format("run list range '{}' is reversed", item));
    }
    if (hi >= runs) {
      throw InputError(fmt::format("run list item '{}': runs are numbered 0..{}", item, runs - 1));
    }
    for (std::uint64_t r = lo; r <= hi; ++r) set.insert(r);
  }
  return {set.begin(), set.end()};
}

}  // namespace bmd::sim
