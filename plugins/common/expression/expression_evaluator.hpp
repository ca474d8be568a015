#pragma once
// Evaluates a parsed Expression against an event's JSON document.
//
// Meaning of the operators:
//   path             the field's value; missing when any step is absent or the
//                    step does not fit (a key into a non-object, an index past
//                    the end). A digits step indexes arrays: items.0.price.
//   a == b, a != b   numbers compare by value (1 == 1.0); strings, booleans,
//                    null, lists and objects compare by type and value; a
//                    missing field equals null.
//   <, <=, >, >=     two numbers compare numerically, two strings by bytes;
//                    any other pair (a missing field, mixed types) is false.
//   a in [..]        a equals one of the list's items; `a in path` looks in an
//                    array field of the event (false when it is no array).
//   exists(path)     the field is present, even when its value is null.
//   a path alone     the field is the boolean true.
//   !, &&, ||        not, and, or; && and || stop at the first decisive side.
// Evaluation never throws and never allocates.

#include <optional>
#include <vector>

#include "expression/expression.hpp"

namespace streamline::expression {

// The value a path points at in `document`, or null when it is missing.
const Json* resolve_path(const std::vector<PathSegment>& path, const Json& document) noexcept;

// `==` on two values; a null pointer (missing field) counts as JSON null.
bool values_equal(const Json* a, const Json* b) noexcept;

// -1, 0 or 1 for two numbers or two strings; nullopt when they do not order.
std::optional<int> compare_values(const Json* a, const Json* b) noexcept;

}  // namespace streamline::expression
