#pragma once
// FieldRule: one compiled rule of the `validate` plugin, and its check.
//
// check() returns nullopt when the document keeps the rule, else the reason,
// exact and stable (they group dead letters):
//   missing field 'data.items'                              (a step absent; required rules only)
//   field 'data.items.0.quantity' is a string, expected integer
//   field 'user_id' is null, expected string                (null is not absent for a required rule)
//   field 'timestamp' is not an ISO-8601 timestamp: '2025-13-01T00:00:00Z'
//   field 'event_id' is empty                               (non_empty)
//   field 'event_type' is 'ORDER_LOST', expected one of ORDER_CREATED, ORDER_PAID
//   field 'data.total_amount' is -5, below the minimum 0
//   field 'data.items.1.quantity' is 120, above the maximum 99
//   field 'data.items.0.quantity' is 1.1805916207174113e+21, out of the 64-bit integer range
//                                                           (integer rules: a whole number past int64)
// A field on the way that is no object (or, before `[]`, no array) is a
// wrong type too: "field 'data.items' is an object, expected array".
// Element indexes are written into the path; quoted values are cut to 64
// bytes ("...").
//
// Type names of values: string, number, boolean, object, array, null (JSON's
// own; an integer is "a number"). A number written without fraction or
// exponent is an integer; a whole number written as 2.0 is not.
//
// An optional rule (required: false) passes when any step is absent or null;
// a present value must still keep the rule. A rule with `when` is checked only
// for documents its condition holds for. Checking never allocates unless the
// document breaks the rule.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <streamline/json.hpp>

#include "expression/expression.hpp"
#include "field_path.hpp"

namespace streamline::plugins::validate {

using Json = streamline::Json;

enum class FieldType : std::uint8_t { kString, kNumber, kInteger, kBoolean, kObject, kArray, kTimestamp };

// "string", "number", ... as written in a rule's `type`.
const char* to_string(FieldType type) noexcept;
std::optional<FieldType> field_type_named(std::string_view name) noexcept;

// A min or max as messages write it: 0 rather than 0.0, 0.5 as is.
std::string format_bound(double bound);

struct FieldRule {
  FieldPath path;
  FieldType type = FieldType::kString;
  bool required = true;
  std::optional<expression::Expression> when;  // none: every document
  std::optional<double> min;
  std::optional<double> max;
  std::vector<std::string> one_of;  // empty: any value
  bool non_empty = false;

  // Why `document` (a JSON object) breaks this rule; nullopt when it keeps it.
  std::optional<std::string> check(const Json& document) const;
};

}  // namespace streamline::plugins::validate
