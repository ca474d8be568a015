#include "text/utf8.hpp"

#include <streamline/utf8.hpp>

namespace streamline::plugins::text {

std::optional<std::size_t> first_invalid_utf8(std::string_view text) noexcept {
  std::size_t i = 0;
  while (i < text.size()) {
    // ASCII runs, most of every payload, one compare a byte.
    while (i < text.size() && static_cast<unsigned char>(text[i]) < 0x80) ++i;
    if (i == text.size()) break;
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) return i;
    i += length;
  }
  return std::nullopt;
}

bool is_storable_text(std::string_view text) noexcept {
  return text.find('\0') == std::string_view::npos && !first_invalid_utf8(text);
}

}  // namespace streamline::plugins::text
