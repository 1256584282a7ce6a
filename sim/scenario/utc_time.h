#pragma once
/// UTC timestamps in scenario files: ISO 8601 "YYYY-MM-DDTHH:MM:SS[.fff]Z" (or "+00:00").
#include <optional>
#include <string>
#include <string_view>

namespace bmd::sim {

/// Seconds since 1970-01-01T00:00:00Z (proleptic Gregorian calendar, no leap seconds) of a
/// UTC ISO 8601 timestamp. Years 1900..2200; the calendar date must exist (Feb 29 only in
/// leap years); seconds 0..59. Empty with `error` set when the text is not such a timestamp.
std::optional<double> ParseUtcTimestamp(std::string_view text, std::string* error = nullptr);

}  // namespace bmd::sim
