#include "copy_text.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace streamline::plugins::pg_sink {
namespace {

// True for the bytes COPY's text format escapes: tab, newline, carriage
// return and backslash.
bool is_special(unsigned char c) { return c < 0x20 ? (c == '\t' || c == '\n' || c == '\r') : c == '\\'; }

// The first byte at or after `from` that COPY's text format escapes.
const char* next_special(const char* from, const char* end) {
#if defined(__SSE2__)
  // Sixteen bytes at a time while none is a control byte or a backslash
  // (JSON payloads rarely hold either): the byte-by-byte loop was the most
  // of what writing a COPY line cost. A block with one is searched byte by
  // byte, since most control bytes are not special.
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i control_bits = _mm_set1_epi8(static_cast<char>(0xE0));
  const __m128i zero = _mm_setzero_si128();
  while (end - from >= 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(from));
    const __m128i hits = _mm_or_si128(_mm_cmpeq_epi8(block, backslash),
                                      _mm_cmpeq_epi8(_mm_and_si128(block, control_bits), zero));
    if (_mm_movemask_epi8(hits) != 0) {
      for (const char* const block_end = from + 16; from != block_end; ++from)
        if (is_special(static_cast<unsigned char>(*from))) return from;
      continue;
    }
    from += 16;
  }
#endif
  for (; from != end; ++from)
    if (is_special(static_cast<unsigned char>(*from))) return from;
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
