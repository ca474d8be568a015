#pragma once
// The checks of a payload as bytes and as a whole document, before any rule:
// what a poison event fails with, so it becomes one dead letter with a clear
// reason instead of an error further down (a database that refuses the
// bytes fails a whole batch, not one event).
//
// Reasons (exact and stable):
//   event of 2000000 bytes is over the limit of 1048576 bytes (max_event_bytes)
//   payload is not valid UTF-8: byte 0xff at offset 37
//   payload holds a NUL character (\u0000) in 'data.items.0.product_id'
//   payload holds a NUL character (\u0000) in a key of 'data'
// ('the payload' names the top level in the last two.)

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <streamline/json.hpp>

namespace streamline::plugins::validate {

std::optional<std::string> check_size(std::size_t bytes, std::size_t max_bytes);
std::optional<std::string> check_utf8(std::string_view raw);

// `raw` is the document's text, so a document without "\u0000" in it is
// never walked.
std::optional<std::string> check_nul_characters(const streamline::Json& document, std::string_view raw);

}  // namespace streamline::plugins::validate
