#include "engine/observe/prometheus_text.hpp"

#include <cmath>

#include <fmt/format.h>

namespace streamline::engine {
namespace {

bool is_name_start(char c, bool allow_colon) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (allow_colon && c == ':');
}
bool is_name_char(char c, bool allow_colon) noexcept {
  return is_name_start(c, allow_colon) || (c >= '0' && c <= '9');
}
bool is_valid_name(std::string_view name, bool allow_colon) noexcept {
  if (name.empty() || !is_name_start(name.front(), allow_colon)) return false;
  for (char c : name)
    if (!is_name_char(c, allow_colon)) return false;
  return true;
}

}  // namespace

std::string escape_help(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string format_sample_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", value);
}

bool is_valid_metric_name(std::string_view name) noexcept { return is_valid_name(name, true); }

bool is_valid_label_name(std::string_view name) noexcept {
  return is_valid_name(name, false) && name.substr(0, 2) != "__";
}

}  // namespace streamline::engine
