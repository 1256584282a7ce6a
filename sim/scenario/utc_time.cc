#include "sim/scenario/utc_time.h"

#include <fmt/format.h>

#include <cstdint>

#include "sim/scenario/did_you_mean.h"

namespace bmd::sim {
namespace {

// Days from 1970-01-01 to y-m-d (Howard Hinnant's days_from_civil).
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Reads exactly n digits at s[pos]; advances pos.
std::optional<int> Digits(std::string_view s, std::size_t& pos, std::size_t n) {
  if (pos + n > s.size()) return std::nullopt;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  pos += n;
  return v;
}

bool Expect(std::string_view s, std::size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

}  // namespace

std::optional<double> ParseUtcTimestamp(std::string_view text, std::string* error) {
  const auto fail = [&](std::string why) -> std::optional<double> {
    if (error) {
      *error =
          "bad UTC time " + Quote(text) + ": " + why + " (expected e.g. '2027-03-14T02:00:00Z')";
    }
    return std::nullopt;
  };
  std::size_t p = 0;
  const auto year = Digits(text, p, 4);
  if (!year || !Expect(text, p, '-')) return fail("expected a 4-digit year then '-'");
  const auto month = Digits(text, p, 2);
  if (!month || !Expect(text, p, '-')) return fail("expected a 2-digit month then '-'");
  const auto day = Digits(text, p, 2);
  if (!day) return fail("expected a 2-digit day");
  if (!Expect(text, p, 'T')) return fail("expected 'T' between date and time");
  const auto hour = Digits(text, p, 2);
  if (!hour || !Expect(text, p, ':')) return fail("expected a 2-digit hour then ':'");
  const auto minute = Digits(text, p, 2);
  if (!minute || !Expect(text, p, ':')) return fail("expected 2-digit minutes then ':'");
  const auto second = Digits(text, p, 2);
  if (!second) return fail("expected 2-digit seconds");
  double fraction = 0.0;
  if (p < text.size() && text[p] == '.') {
    ++p;
    double scale = 0.1;
    std::size_t n = 0;
    while (p < text.size() && text[p] >= '0' && text[p] <= '9' && n < 9) {
      fraction += scale * (text[p] - '0');
      scale *= 0.1;
      ++p;
      ++n;
    }
    if (n == 0) return fail("expected digits after '.'");
  }
  const std::string_view zone = text.substr(p);
  if (zone != "Z" && zone != "+00:00") {
    if (zone.empty()) return fail("missing time zone: write 'Z' for UTC");
    return fail("the time must be UTC, ending in 'Z'");
  }
  if (*year < 1900 || *year > 2200) return fail("year must be within 1900..2200");
  if (*month < 1 || *month > 12) return fail("month must be 01..12");
  if (*day < 1 || *day > DaysInMonth(*year, *month)) {
    return fail(fmt::format("day {:02d} does not exist in {:04d}-{:02d}", *day, *year, *month));
  }
  if (*hour > 23) return fail("hour must be 00..23");
  if (*minute > 59) return fail("minutes must be 00..59");
  if (*second > 59) return fail("seconds must be 00..59 (leap seconds are not supported)");
  const std::int64_t days =
      DaysFromCivil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day));
  return static_cast<double>(days) * 86400.0 + *hour * 3600.0 + *minute * 60.0 + *second + fraction;
}

}  // namespace bmd::sim
