#pragma once
// Event times as the order events and the enrichment write them, in UTC:
// timestamps "2025-01-01T10:30:00.250Z" (or with "+00:00"/"+HH:MM" offsets)
// and dates "2024-12-01". Pure arithmetic on the proleptic Gregorian
// calendar: no time zone database, no locale, the same answer everywhere.

#include <cstdint>
#include <optional>
#include <string_view>

namespace streamline::plugins::fraud {

inline constexpr std::int64_t kMillisPerHour = 3'600'000;
inline constexpr std::int64_t kMillisPerDay = 86'400'000;

// Days since 1970-01-01 of a civil date.
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) noexcept;

// "YYYY-MM-DD" -> days since 1970-01-01; nullopt when it is no valid date.
// A timestamp is read as its date part.
std::optional<std::int64_t> parse_date(std::string_view text) noexcept;

// "YYYY-MM-DDTHH:MM:SS[.fff...](Z|+HH:MM|-HH:MM)" -> milliseconds since the
// epoch; nullopt when it is not one.
std::optional<std::int64_t> parse_timestamp(std::string_view text) noexcept;

}  // namespace streamline::plugins::fraud
