#include "copy_text.hpp"

#include <algorithm>

namespace streamline::plugins::pg_sink {
namespace {

bool needs_escape(char c) { return c == '\\' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

void CopyLine::separate() {
  if (columns_++ != 0) line_ += '\t';
}

void CopyLine::add(std::string_view text) {
  separate();
  // Runs of plain characters are appended whole; most fields have no escapes.
  auto begin = text.begin();
  while (begin != text.end()) {
    const auto special = std::find_if(begin, text.end(), needs_escape);
    line_.append(begin, special);
    if (special == text.end()) break;
    line_ += '\\';
    switch (*special) {
      case '\t': line_ += 't'; break;
      case '\n': line_ += 'n'; break;
      case '\r': line_ += 'r'; break;
      default: line_ += '\\'; break;
    }
    begin = special + 1;
  }
}

void CopyLine::add(const std::optional<std::string>& text) {
  if (text) add(std::string_view(*text));
  else add_null();
}

void CopyLine::add_null() {
  separate();
  line_ += "\\N";
}

std::string text_array_literal(const std::vector<std::string>& elements) {
  std::string out = "{";
  for (std::size_t i = 0; i < elements.size(); ++i) {
    if (i != 0) out += ',';
    out += '"';
    for (char c : elements[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

}  // namespace streamline::plugins::pg_sink
