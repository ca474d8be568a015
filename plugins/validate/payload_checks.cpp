#include "payload_checks.hpp"

#include "text/utf8.hpp"

#include <cstdio>

namespace streamline::plugins::validate {
namespace {

std::string join(const std::string& path, const std::string& step) { return path.empty() ? step : path + "." + step; }

std::string named(const std::string& path) { return path.empty() ? "the payload" : "'" + path + "'"; }

std::optional<std::string> find_nul(const streamline::Json& value, const std::string& path) {
  if (value.is_string()) {
    if (value.get_ref<const std::string&>().find('\0') != std::string::npos)
      return "payload holds a NUL character (\\u0000) in " + named(path);
    return std::nullopt;
  }
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      if (key.find('\0') != std::string::npos) return "payload holds a NUL character (\\u0000) in a key of " + named(path);
      if (auto found = find_nul(item, join(path, key))) return found;
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i)
      if (auto found = find_nul(value[i], join(path, std::to_string(i)))) return found;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> check_size(std::size_t bytes, std::size_t max_bytes) {
  if (bytes <= max_bytes) return std::nullopt;
  return "event of " + std::to_string(bytes) + " bytes is over the limit of " + std::to_string(max_bytes) +
         " bytes (max_event_bytes)";
}

std::optional<std::string> check_utf8(std::string_view raw) {
  const auto offset = text::first_invalid_utf8(raw);
  if (!offset) return std::nullopt;
  char byte[8];
  std::snprintf(byte, sizeof byte, "0x%02x", static_cast<unsigned>(static_cast<unsigned char>(raw[*offset])));
  return "payload is not valid UTF-8: byte " + std::string(byte) + " at offset " + std::to_string(*offset);
}

std::optional<std::string> check_nul_characters(const streamline::Json& document, std::string_view raw) {
  // Escapes are the only way a NUL gets into JSON text; `\\u0000` (an escaped
  // backslash) also matches and merely costs the walk.
  if (raw.find("\\u0000") == std::string_view::npos) return std::nullopt;
  return find_nul(document, "");
}

}  // namespace streamline::plugins::validate
