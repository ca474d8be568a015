#pragma once
// UTF-8 well-formedness, shared by the plugins that must know whether bytes
// are text: validate (a payload that is not UTF-8 is poison) and
// pg-dead-letter (PostgreSQL text holds only UTF-8 without NUL).

#include <cstddef>
#include <optional>
#include <string_view>

namespace streamline::plugins::text {

// The offset of the first byte of `text` that does not belong to a
// well-formed UTF-8 sequence (overlong forms, surrogates and code points past
// U+10FFFF are ill-formed, as RFC 3629 says); nullopt when `text` is UTF-8.
std::optional<std::size_t> first_invalid_utf8(std::string_view text) noexcept;

// Well-formed UTF-8 with no NUL byte: what a PostgreSQL text column takes.
bool is_storable_text(std::string_view text) noexcept;

}  // namespace streamline::plugins::text
