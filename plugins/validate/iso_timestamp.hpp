#pragma once
// The `timestamp` type of the `validate` plugin: an ISO-8601 date and time
// with a zone, as order events carry them ("2025-01-01T00:00:00.000Z").
//
// Accepted (RFC 3339, the profile of ISO-8601 that JSON producers write):
//   YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)
// - year 0001..9999; a real calendar day (leap years counted); hours 00..23,
//   minutes and seconds 00..59;
// - a fraction of 1 to 9 digits;
// - `T` and `Z` also in lower case; the zone is required, since a time
//   without one means a different instant on each reader.
// Pure text checks: no locale, no time zone database.

#include <string_view>

namespace streamline::plugins::validate {

bool is_iso8601_timestamp(std::string_view text) noexcept;

}  // namespace streamline::plugins::validate
