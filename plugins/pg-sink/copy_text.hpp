#pragma once
// COPY ... FROM STDIN text format, written directly: one line per row,
// columns separated by tabs, NULL as \N, and backslash, tab, newline and
// carriage return escaped. libpqxx's stream_to escapes every field through a
// generic per-character path that showed up at 5% of the engine's profile.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <streamline/json.hpp>

namespace streamline::plugins::pg_sink {

class CopyLine {
 public:
  void add(std::string_view text);
  void add(const std::string& text) { add(std::string_view(text)); }
  void add(const char* text) { add(std::string_view(text)); }
  void add(const std::optional<std::string>& text);
  void add(const std::optional<std::string_view>& text);
  // The value's JSON text (write_json), written straight into the line:
  // no string of its own per row, and escaped only where it must be.
  void add_json(const Json& value);
  void add_null();
  // The next add() begins another row. Rows are separated by a newline and
  // the text never ends with one: libpqxx adds the last.
  void next_row() {
    if (columns_ != 0) pending_row_ = true;
  }
  // Clears the text (keeps its capacity).
  void clear() {
    line_.clear();
    columns_ = 0;
    pending_row_ = false;
  }
  const std::string& text() const { return line_; }

 private:
  void separate();
  void append_escaped(std::string_view text);
  std::string line_;
  std::string escaped_;  // add_json's scratch, kept for its capacity
  std::size_t columns_ = 0;
  bool pending_row_ = false;
};

// Text CopyLine wrote, one or more rows, for pqxx::stream_to (see the
// specialisation below). Handing libpqxx many rows at once spares a copy and
// a libpq call per row.
struct CopyRow {
  const std::string* line;
};

// A PostgreSQL array literal of text elements: {"a","b \"c\""}, for a
// `$1::text[]` parameter.
template <typename Strings>
std::string text_array_literal(const Strings& elements) {
  std::string out = "{";
  bool first = true;
  for (const auto& element : elements) {
    if (!first) out += ',';
    first = false;
    out += '"';
    for (char c : std::string_view(element)) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

}  // namespace streamline::plugins::pg_sink

// libpqxx 6.4 keeps stream_to::write_raw_line private; its escaper, asked for
// a CopyRow, hands the already escaped line through unchanged instead.
#include <pqxx/stream_to>

template <>
inline std::string pqxx::internal::TypedCopyEscaper::operator()<streamline::plugins::pg_sink::CopyRow>(
    const streamline::plugins::pg_sink::CopyRow* row) const {
  return *row->line;
}
