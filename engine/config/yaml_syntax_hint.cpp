#include "engine/config/yaml_syntax_hint.hpp"

namespace streamline::engine {

namespace {

// The line `mark` is on, or the one before when the parser only noticed at
// the start of the next line.
std::string_view line_at(std::string_view text, int line) {
  std::size_t start = 0;
  for (int i = 0; i < line && start != std::string_view::npos; ++i) {
    start = text.find('\n', start);
    if (start != std::string_view::npos) ++start;
  }
  if (start == std::string_view::npos || start >= text.size()) return {};
  const std::size_t end = text.find('\n', start);
  return text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

bool indented_with_tab(std::string_view line) {
  for (char c : line) {
    if (c == '\t') return true;
    if (c != ' ') return false;
  }
  return false;
}

// `{ count: ${N} }`: in a flow collection '{' and '}' are structure, so an
// unquoted reference ends the map early.
bool has_unquoted_reference(std::string_view line) {
  for (std::size_t at = line.find("${"); at != std::string_view::npos; at = line.find("${", at + 2)) {
    const std::size_t before = line.find_last_not_of(' ', at == 0 ? 0 : at - 1);
    if (at == 0 || before == std::string_view::npos || (line[before] != '"' && line[before] != '\''))
      return true;
  }
  return false;
}

}  // namespace

std::string yaml_syntax_hint(std::string_view message, std::string_view text, const YAML::Mark& mark) {
  if (!mark.is_null() && (indented_with_tab(line_at(text, mark.line)) ||
                          (mark.line > 0 && indented_with_tab(line_at(text, mark.line - 1)))))
    return "YAML does not allow tabs for indentation; use spaces";
  const bool flow_error = message == YAML::ErrorMsg::END_OF_MAP_FLOW ||
                          message == YAML::ErrorMsg::END_OF_SEQ_FLOW ||
                          message == YAML::ErrorMsg::FLOW_END;
  if (flow_error && !mark.is_null() && has_unquoted_reference(line_at(text, mark.line)))
    return "inside { } and [ ], quote a ${...} reference: write \"${VAR}\"";
  if (message == YAML::ErrorMsg::END_OF_MAP_FLOW)
    return "a '{' before this point is not closed with '}'";
  if (message == YAML::ErrorMsg::END_OF_SEQ_FLOW)
    return "a '[' before this point is not closed with ']'";
  if (message == YAML::ErrorMsg::MAP_VALUE)
    return "a plain value cannot contain ': '; quote it, or check this line's indentation";
  if (message == YAML::ErrorMsg::END_OF_MAP || message == YAML::ErrorMsg::END_OF_SEQ ||
      message == YAML::ErrorMsg::BLOCK_ENTRY)
    return "check the indentation: the keys of one map, and the items of one list, line up";
  if (message == YAML::ErrorMsg::EOF_IN_SCALAR) return "a quoted string is not closed";
  if (message == YAML::ErrorMsg::UNKNOWN_ANCHOR)
    return "define the anchor with &name before referring to it with *name";
  return {};
}

}  // namespace streamline::engine
