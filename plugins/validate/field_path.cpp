#include "field_path.hpp"

namespace streamline::plugins::validate {
namespace {

// Keys with white space are rare; "data. items" is far more likely a typo.
bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

FieldPath parse_field_path(std::string_view text) {
  if (text.empty()) throw PathError(1, "the path is empty");
  FieldPath path{std::string(text), {}};
  std::size_t pos = 0;
  while (true) {
    const std::size_t start = pos;
    while (pos < text.size() && text[pos] != '.' && text[pos] != '[' && text[pos] != ']' && !is_space(text[pos]))
      ++pos;
    if (pos < text.size() && text[pos] == ']') throw PathError(pos + 1, "unexpected ']' without '['");
    if (pos < text.size() && is_space(text[pos])) throw PathError(pos + 1, "unexpected white space");
    if (pos == start) {
      throw PathError(pos + 1, pos == text.size() ? "expected a field name, found the end of the path"
                                                  : "expected a field name before '" + std::string(1, text[pos]) + "'");
    }
    PathStep step{std::string(text.substr(start, pos - start)), false};
    if (pos < text.size() && text[pos] == '[') {
      if (pos + 1 >= text.size() || text[pos + 1] != ']')
        throw PathError(pos + 1, "expected '[]' (every element); a rule cannot select one element by index");
      step.each_element = true;
      pos += 2;
    }
    path.steps.push_back(std::move(step));
    if (pos == text.size()) return path;
    if (text[pos] != '.') throw PathError(pos + 1, "expected '.' or the end of the path after '[]'");
    ++pos;  // the '.'
  }
}

}  // namespace streamline::plugins::validate
