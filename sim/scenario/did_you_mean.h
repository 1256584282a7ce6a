#pragma once
/// Spelling suggestions for unknown keys, units, ids and enum values, and safe quoting of
/// user text inside messages.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace bmd::sim {

/// Optimal-string-alignment distance (Levenshtein plus adjacent transposition), compared
/// case-insensitively. Returns max_distance + 1 early when the distance exceeds max_distance.
std::size_t EditDistance(std::string_view a, std::string_view b, std::size_t max_distance);

/// The candidate closest to `text`, if it is close enough to be a plausible typo: distance
/// at most 1 for words of up to 4 characters, at most 2 up to 8, at most 3 beyond. Ties go
/// to the earlier candidate. Empty when nothing is close.
std::string ClosestMatch(std::string_view text, std::span<const std::string_view> candidates);
std::string ClosestMatch(std::string_view text, std::span<const std::string> candidates);

/// " (did you mean 'x'?)" or "" when there is no close candidate.
std::string DidYouMean(std::string_view text, std::span<const std::string_view> candidates);
std::string DidYouMean(std::string_view text, std::span<const std::string> candidates);

/// 'text' in single quotes for a message: control bytes and non-ASCII bytes shown as \xNN,
/// long text cut to max_chars with "...", so hostile input cannot flood a message.
std::string Quote(std::string_view text, std::size_t max_chars = 60);

/// "a, b, c" for a list of allowed names.
std::string JoinNames(std::span<const std::string_view> names);

}  // namespace bmd::sim
