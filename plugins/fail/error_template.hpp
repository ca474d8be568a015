#pragma once
// ErrorTemplate: the `error` message of the fail stage, which may quote the
// failed event: "unknown reference: {enrichment.missing}".
//
// `{path}` is replaced by the value at that dotted path of the event
// (`items.0.price`: digits index arrays): a string as is, a list as its items
// joined by ", ", anything else as JSON, nothing when absent. `{{` and `}}`
// stand for literal braces. Parsed once; rendering only looks values up.

#include <string>
#include <string_view>
#include <vector>

#include <streamline/json.hpp>

namespace streamline::plugins::fail {

class ErrorTemplate {
 public:
  // Throws std::invalid_argument naming the column of an unclosed `{` or an
  // empty `{}`.
  // Implicit: a plain message is a template.
  ErrorTemplate(std::string_view text);                                // NOLINT(google-explicit-constructor)
  ErrorTemplate(const char* text) : ErrorTemplate(std::string_view(text)) {}  // NOLINT(google-explicit-constructor)

  bool has_fields() const noexcept { return has_fields_; }
  std::string render(const streamline::Json& event) const;
  // The text with no event to quote (fields render empty).
  const std::string& text() const noexcept { return text_; }

 private:
  struct Piece {
    std::string literal;             // text, or
    std::vector<std::string> path;  // a field (non-empty)
  };
  std::string text_;
  std::vector<Piece> pieces_;
  bool has_fields_ = false;
};

}  // namespace streamline::plugins::fail
