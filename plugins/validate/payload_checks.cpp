#include "payload_checks.hpp"

#include <cstdint>
#include <cstdio>

namespace streamline::plugins::validate {
namespace {

// The length of the well-formed sequence at text[i], 0 when there is none.
std::size_t sequence_length(std::string_view text, std::size_t i) noexcept {
  const auto lead = static_cast<unsigned char>(text[i]);
  std::size_t length;
  std::uint32_t code_point;
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) length = 2, code_point = lead & 0x1F;
  else if ((lead & 0xF0) == 0xE0) length = 3, code_point = lead & 0x0F;
  else if ((lead & 0xF8) == 0xF0) length = 4, code_point = lead & 0x07;
  else return 0;
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xC0) != 0x80) return 0;
    code_point = (code_point << 6) | (next & 0x3F);
  }
  const bool overlong = (length == 2 && code_point < 0x80) || (length == 3 && code_point < 0x800) ||
                        (length == 4 && code_point < 0x10000);
  if (overlong || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) return 0;
  return length;
}

std::string join(const std::string& path, const std::string& step) { return path.empty() ? step : path + "." + step; }

std::string named(const std::string& path) { return path.empty() ? "the payload" : "'" + path + "'"; }

std::optional<std::string> find_nul(const nlohmann::json& value, const std::string& path) {
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

std::optional<std::size_t> first_invalid_utf8(std::string_view text) noexcept {
  std::size_t i = 0;
  while (i < text.size()) {
    // ASCII runs, most of every payload, one compare a byte.
    while (i < text.size() && static_cast<unsigned char>(text[i]) < 0x80) ++i;
    if (i == text.size()) break;
    const std::size_t length = sequence_length(text, i);
    if (length == 0) return i;
    i += length;
  }
  return std::nullopt;
}

std::optional<std::string> check_size(std::size_t bytes, std::size_t max_bytes) {
  if (bytes <= max_bytes) return std::nullopt;
  return "event of " + std::to_string(bytes) + " bytes is over the limit of " + std::to_string(max_bytes) +
         " bytes (max_event_bytes)";
}

std::optional<std::string> check_utf8(std::string_view raw) {
  const auto offset = first_invalid_utf8(raw);
  if (!offset) return std::nullopt;
  char byte[8];
  std::snprintf(byte, sizeof byte, "0x%02x", static_cast<unsigned>(static_cast<unsigned char>(raw[*offset])));
  return "payload is not valid UTF-8: byte " + std::string(byte) + " at offset " + std::to_string(*offset);
}

std::optional<std::string> check_nul_characters(const nlohmann::json& document, std::string_view raw) {
  // Escapes are the only way a NUL gets into JSON text; `\\u0000` (an escaped
  // backslash) also matches and merely costs the walk.
  if (raw.find("\\u0000") == std::string_view::npos) return std::nullopt;
  return find_nul(document, "");
}

}  // namespace streamline::plugins::validate
