#pragma once
// DeadLetterRow: one failed event as a processing_errors row. Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "text/utf8.hpp"

#include <streamline/event.hpp>

namespace streamline::plugins::pg_dead_letter {

struct DeadLetterRow {
  std::optional<std::string> error_key;  // "topic:partition:offset"; none: a hash of raw_payload (in SQL)
  std::string stage;
  std::string error;
  std::string raw_payload;
  std::optional<std::string> event_id;
  std::optional<std::string> source_topic;
  std::optional<std::int32_t> source_partition;
  std::optional<std::int64_t> source_offset;
};

// Bytes PostgreSQL's text takes: text::is_storable_text (plugins/common/text/utf8.hpp).
using text::is_storable_text;

// "\x" followed by two lowercase hex digits per byte (bytea's hex format).
std::string hex_escape(std::string_view bytes);

DeadLetterRow dead_letter_row(const Event& event);

}  // namespace streamline::plugins::pg_dead_letter
