#include "dead_letter_row.hpp"

namespace streamline::plugins::pg_dead_letter {
namespace {

constexpr std::string_view kNotUtf8Note = " (raw payload is not valid UTF-8 text: stored hex-escaped)";

// Keeps what is storable, replaces each invalid byte with U+FFFD: error
// messages (a JSON parser's) may quote the very bytes that were invalid.
std::string storable_message(std::string_view text) {
  if (is_storable_text(text)) return std::string(text);
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len = 1;
    while (len <= 4 && i + len <= text.size() && !is_storable_text(text.substr(i, len))) ++len;
    if (len <= 4 && i + len <= text.size()) {
      out.append(text.substr(i, len));
      i += len;
    } else {
      out.append("\xEF\xBF\xBD");
      ++i;
    }
  }
  return out;
}

}  // namespace

std::string hex_escape(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "\\x";
  out.reserve(2 + bytes.size() * 2);
  for (const char b : bytes) {
    const auto u = static_cast<unsigned char>(b);
    out += kDigits[u >> 4];
    out += kDigits[u & 0x0F];
  }
  return out;
}

DeadLetterRow dead_letter_row(const Event& event) {
  DeadLetterRow row;
  if (event.failure) {
    row.stage = storable_message(event.failure->stage);
    row.error = storable_message(event.failure->error);
  } else {
    row.stage = "unknown";
    row.error = "unknown error (the event carries no failure)";
  }
  const std::string& raw = event.original_raw();  // as it arrived, not as stages changed it
  if (is_storable_text(raw)) {
    row.raw_payload = raw;
  } else {
    row.raw_payload = hex_escape(raw);
    row.error += kNotUtf8Note;
  }
  if (event.has_valid_json()) {
    const Json& doc = event.json();
    if (doc.is_object()) {
      const auto it = doc.find("event_id");
      if (it != doc.end() && it->is_string()) row.event_id = storable_message(it->get<std::string>());
    }
  }
  if (!event.origin.topic.empty() && event.origin.offset >= 0) {
    row.source_topic = storable_message(event.origin.topic);
    row.source_partition = event.origin.partition;
    row.source_offset = event.origin.offset;
    row.error_key = *row.source_topic + ":" + std::to_string(event.origin.partition) + ":" +
                    std::to_string(event.origin.offset);
  }
  return row;
}

}  // namespace streamline::plugins::pg_dead_letter
