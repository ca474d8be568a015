#include "text/utf8.hpp"

#include <cstdint>

namespace streamline::plugins::text {
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

bool is_storable_text(std::string_view text) noexcept {
  return text.find('\0') == std::string_view::npos && !first_invalid_utf8(text);
}

}  // namespace streamline::plugins::text
