#pragma once
// UTC timestamps as the order events write them: ISO-8601 with
// milliseconds and a `Z`, e.g. "2025-01-01T00:00:01.250Z". Pure arithmetic on
// the proleptic Gregorian calendar: no time zone database, no locale.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace streamline::orders {

inline constexpr std::int64_t kMillisPerDay = 86'400'000;

// Days since 1970-01-01 of a civil date.
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) noexcept;

// Milliseconds since the epoch -> "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::string format_timestamp(std::int64_t epoch_ms);

// "YYYY-MM-DDTHH:MM:SS[.fff]Z" (or "+00:00") -> milliseconds since the epoch.
std::optional<std::int64_t> parse_timestamp(std::string_view text);

}  // namespace streamline::orders
