#pragma once
// UTF-8 as RFC 3629 defines it (no overlong forms, no surrogates, nothing
// past U+10FFFF): reading one sequence and writing one code point. The SDK's
// JSON reader and the plugins that check or decode text share these.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace streamline {

// The length of the well-formed sequence at text[i], 0 when there is none.
inline std::size_t utf8_sequence_length(std::string_view text, std::size_t i) noexcept {
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

// Appends `code_point` (at most U+10FFFF) encoded as UTF-8.
inline void append_utf8(std::string& out, std::uint32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

}  // namespace streamline
