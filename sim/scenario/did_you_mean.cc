#include "sim/scenario/did_you_mean.h"

#include <algorithm>
#include <vector>

namespace bmd::sim {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::size_t Threshold(std::size_t length) {
  if (length <= 4) return 1;
  if (length <= 8) return 2;
  return 3;
}

// Names longer than this are not typos of any key or unit we know: skip the O(n*m) work.
constexpr std::size_t kMaxSuggestLength = 64;

template <class Range>
std::string Closest(std::string_view text, const Range& candidates) {
  if (text.size() > kMaxSuggestLength) return {};
  const std::size_t limit = Threshold(text.size());
  std::size_t best = limit + 1;
  std::string best_name;
  for (const auto& c : candidates) {
    const std::string_view candidate(c);
    if (candidate == text) continue;
    const std::size_t d = EditDistance(text, candidate, limit);
    if (d < best) {
      best = d;
      best_name = std::string(candidate);
    }
  }
  return best <= limit ? best_name : std::string();
}

}  // namespace

std::size_t EditDistance(std::string_view a, std::string_view b, std::size_t max_distance) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  if ((n > m ? n - m : m - n) > max_distance) return max_distance + 1;
  // Three rolling rows: i-2, i-1, i (the transposition needs i-2).
  std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    std::size_t row_min = cur[0];
    for (std::size_t j = 1; j <= m; ++j) {
      const bool same = Lower(a[i - 1]) == Lower(b[j - 1]);
      std::size_t v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
      if (i > 1 && j > 1 && Lower(a[i - 1]) == Lower(b[j - 2]) &&
          Lower(a[i - 2]) == Lower(b[j - 1])) {
        v = std::min(v, prev2[j - 2] + 1);
      }
      cur[j] = v;
      row_min = std::min(row_min, v);
    }
    if (row_min > max_distance) return max_distance + 1;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

std::string ClosestMatch(std::string_view text, std::span<const std::string_view> candidates) {
  return Closest(text, candidates);
}
std::string ClosestMatch(std::string_view text, std::span<const std::string> candidates) {
  return Closest(text, candidates);
}

std::string DidYouMean(std::string_view text, std::span<const std::string_view> candidates) {
  const std::string best = ClosestMatch(text, candidates);
  return best.empty() ? std::string() : " (did you mean '" + best + "'?)";
}
std::string DidYouMean(std::string_view text, std::span<const std::string> candidates) {
  const std::string best = ClosestMatch(text, candidates);
  return best.empty() ? std::string() : " (did you mean '" + best + "'?)";
}

std::string Quote(std::string_view text, std::size_t max_chars) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "'";
  std::size_t shown = 0;
  for (char ch : text) {
    if (shown >= max_chars) {
      out += "...";
      break;
    }
    const auto byte = static_cast<unsigned char>(ch);
    if (byte < 0x20 || byte >= 0x7F) {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    } else {
      out += ch;
    }
    ++shown;
  }
  out += "'";
  return out;
}

std::string JoinNames(std::span<const std::string_view> names) {
  std::string out;
  for (std::string_view n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

}  // namespace bmd::sim
