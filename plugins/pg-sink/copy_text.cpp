#include "copy_text.hpp"

#include <bit>

#include <streamline/json_writer.hpp>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace streamline::plugins::pg_sink {
namespace {

// The first byte at or after `from` that COPY's text format escapes: tab,
// newline, carriage return or backslash.
const char* next_special(const char* from, const char* end) {
#if defined(__SSE2__)
  // Sixteen bytes at a time: the byte-by-byte loop was most of what writing
  // a COPY line cost, and payloads rarely hold one of the four.
  const __m128i tab = _mm_set1_epi8('\t');
  const __m128i newline = _mm_set1_epi8('\n');
  const __m128i carriage_return = _mm_set1_epi8('\r');
  const __m128i backslash = _mm_set1_epi8('\\');
  for (; end - from >= 16; from += 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(from));
    const __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, tab), _mm_cmpeq_epi8(block, newline)),
                                      _mm_or_si128(_mm_cmpeq_epi8(block, carriage_return),
                                                   _mm_cmpeq_epi8(block, backslash)));
    if (const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hits)); mask != 0)
      return from + std::countr_zero(mask);
  }
#endif
  for (; from != end; ++from)
    if (*from == '\t' || *from == '\n' || *from == '\r' || *from == '\\') return from;
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
  append_escaped(text);
}

void CopyLine::append_escaped(std::string_view text) {
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

void CopyLine::add_json(const Json& value) {
  separate();
  const std::size_t from = line_.size();
  write_json(value, line_);
  // Compact JSON holds no tab or line break, only the backslashes of its
  // string escapes: rarely anything to escape, so escape after the fact.
  const char* const written = line_.data() + from;
  const char* const end = line_.data() + line_.size();
  if (next_special(written, end) == end) return;
  escaped_.assign(written, end);
  line_.resize(from);
  append_escaped(escaped_);
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
