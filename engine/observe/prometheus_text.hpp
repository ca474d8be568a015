#pragma once
// Pieces of the Prometheus text exposition format (version 0.0.4) that the
// metrics registry renders with: escaping and number formatting.

#include <string>
#include <string_view>

namespace streamline::engine {

// HELP text: backslash and newline are escaped.
std::string escape_help(std::string_view text);
// Label values: backslash, double quote and newline are escaped.
std::string escape_label_value(std::string_view value);
// A sample value: shortest round-trip form, NaN, +Inf, -Inf.
std::string format_sample_value(double value);

// Metric names: [a-zA-Z_:][a-zA-Z0-9_:]*; label names: [a-zA-Z_][a-zA-Z0-9_]*
// and not starting with "__" (reserved by Prometheus).
bool is_valid_metric_name(std::string_view name) noexcept;
bool is_valid_label_name(std::string_view name) noexcept;

}  // namespace streamline::engine
