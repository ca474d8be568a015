#include "copy_text.hpp"

namespace streamline::plugins::pg_sink {
namespace {

// The first byte at or after `from` that COPY's text format escapes.
const char* next_special(const char* from, const char* end) {
  // Every special byte is below 0x20 or a backslash: one compare rejects
  // almost every byte (the loop the compiler vectorises poorly otherwise).
  for (; from != end; ++from) {
    const auto c = static_cast<unsigned char>(*from);
    if (c < 0x20 ? (c == '\t' || c == '\n' || c == '\r') : c == '\\') return from;
  }
  return end;
}

}  // namespace

void CopyLine::separate() {
  if (pending_row_) {
    line_ += '\n';
    pending_row_ = false;
    columns_ = 0;
  }
  if (columns_++ != 0) line_ += '\t';
}

void CopyLine::add(std::string_view text) {
  separate();
  // Runs of plain characters are appended whole; most fields have no escapes.
  const char* begin = text.data();
  const char* const end = begin + text.size();
  while (begin != end) {
    const char* special = next_special(begin, end);
    line_.append(begin, special);
    if (special == end) break;
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

void CopyLine::add(const std::optional<std::string_view>& text) {
  if (text) add(*text);
  else add_null();
}

void CopyLine::add_null() {
  separate();
  line_ += "\\N";
}

}  // namespace streamline::plugins::pg_sink
