// FieldPath: the path syntax of `validate` rules.

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "plugins/validate/field_path.hpp"

namespace streamline::plugins::validate {
namespace {

// "key" or "key[]" per step, for short assertions.
std::vector<std::string> steps_of(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& step : parse_field_path(text).steps) out.push_back(step.key + (step.each_element ? "[]" : ""));
  return out;
}

std::string error_of(const std::string& text) {
  try {
    parse_field_path(text);
  } catch (const PathError& e) {
    return e.what();
  }
  return "parsed";
}

TEST(FieldPath, SplitsDottedKeys) {
  EXPECT_EQ(steps_of("event_id"), (std::vector<std::string>{"event_id"}));
  EXPECT_EQ(steps_of("data.total_amount"), (std::vector<std::string>{"data", "total_amount"}));
  EXPECT_EQ(parse_field_path("data.total_amount").text, "data.total_amount");
}

TEST(FieldPath, MarksEveryElementSteps) {
  EXPECT_EQ(steps_of("data.items[].quantity"), (std::vector<std::string>{"data", "items[]", "quantity"}));
  EXPECT_EQ(steps_of("tags[]"), (std::vector<std::string>{"tags[]"}));
  EXPECT_EQ(steps_of("a[].b[].c"), (std::vector<std::string>{"a[]", "b[]", "c"}));
}

TEST(FieldPath, KeysMayHoldDigitsDashesAndOtherCharacters) {
  EXPECT_EQ(steps_of("items.0"), (std::vector<std::string>{"items", "0"}));
  EXPECT_EQ(steps_of("x-request-id.@type"), (std::vector<std::string>{"x-request-id", "@type"}));
}

TEST(FieldPath, ReportsMistakesWithTheirColumn) {
  EXPECT_EQ(error_of(""), "invalid path at column 1: the path is empty");
  EXPECT_EQ(error_of("data..total"), "invalid path at column 6: expected a field name before '.'");
  EXPECT_EQ(error_of(".data"), "invalid path at column 1: expected a field name before '.'");
  EXPECT_EQ(error_of("data."), "invalid path at column 6: expected a field name, found the end of the path");
  EXPECT_EQ(error_of("[]"), "invalid path at column 1: expected a field name before '['");
  EXPECT_EQ(error_of("items[0].price"),
            "invalid path at column 6: expected '[]' (every element); a rule cannot select one element by index");
  EXPECT_EQ(error_of("items["),
            "invalid path at column 6: expected '[]' (every element); a rule cannot select one element by index");
  EXPECT_EQ(error_of("items[]price"), "invalid path at column 8: expected '.' or the end of the path after '[]'");
  EXPECT_EQ(error_of("items[][]"), "invalid path at column 8: expected '.' or the end of the path after '[]'");
  EXPECT_EQ(error_of("items]"), "invalid path at column 6: unexpected ']' without '['");
  EXPECT_EQ(error_of("data. total"), "invalid path at column 6: unexpected white space");
  EXPECT_EQ(error_of("event_id "), "invalid path at column 9: unexpected white space");
}

}  // namespace
}  // namespace streamline::plugins::validate
