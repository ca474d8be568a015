#pragma once
// FieldPath: where a validation rule looks in an event's JSON.
//
//   event_id                 the top-level key "event_id"
//   data.total_amount        key "total_amount" of the object at "data"
//   data.items[].quantity    key "quantity" of every element of the array at "data.items"
//
// Each step is an object key; `[]` after a key means "every element of the
// array there". Keys are any characters but `.`, `[`, `]` and white space,
// and are never array indexes: messages name elements `data.items.0.quantity`
// (the `route` plugin's notation), but a rule selects elements only by `[]`.
//
// Parsed once, when a stage is created; evaluating a rule only walks steps.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace streamline::plugins::validate {

// A mistake in a path's text, with the 1-based column where it is.
class PathError : public std::runtime_error {
 public:
  PathError(std::size_t column, const std::string& detail)
      : std::runtime_error("invalid path at column " + std::to_string(column) + ": " + detail) {}
};

struct PathStep {
  std::string key;
  bool each_element = false;  // `key[]`: the value is an array; go on into each element
};

struct FieldPath {
  std::string text;  // as written, for messages and metric labels
  std::vector<PathStep> steps;
};

// Throws PathError naming the column of the first problem.
FieldPath parse_field_path(std::string_view text);

}  // namespace streamline::plugins::validate
