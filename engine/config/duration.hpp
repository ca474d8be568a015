#pragma once
// Durations as users write them: "250ms", "2s", "1m", "1h", or a bare
// integer of milliseconds ("1500", as YAML `1500`).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace streamline::engine {

// nullopt when the text is not a duration (negative, unknown unit, overflow).
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

// The shortest exact spelling: 90000ms -> "90s", 3600000ms -> "1h", 1500ms -> "1500ms".
std::string format_duration(std::chrono::milliseconds duration);

// What the error message shows as the accepted forms.
inline constexpr const char* kDurationForms = "a duration such as 250ms, 2s, 1m, 1h, or milliseconds";

}  // namespace streamline::engine
