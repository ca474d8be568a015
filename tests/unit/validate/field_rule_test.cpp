// FieldRule::check: each kind of rule and its exact reason.

#include <optional>
#include <string>

#include <gtest/gtest.h>

#include <streamline/config.hpp>

#include "plugins/validate/field_rule.hpp"
#include "plugins/validate/rule_compiler.hpp"

namespace streamline::plugins::validate {
namespace {

FieldRule compile_one(const Json& rule) {
  ConfigIssues issues;
  auto rules = compile_rules(Json::array({rule}), issues);
  EXPECT_TRUE(issues.empty()) << issues.all().front().path << ": " << issues.all().front().message;
  return rules.at(0);
}

// The reason `document` breaks `rule`, or "ok".
std::string check(const Json& rule, const Json& document) {
  return compile_one(rule).check(document).value_or("ok");
}

Json parse(const char* text) { return Json::parse(text); }

TEST(FieldRuleType, AcceptsEachTypeForItsValues) {
  EXPECT_EQ(check({{"path", "v"}, {"type", "string"}}, {{"v", "x"}}), "ok");
  EXPECT_EQ(check({{"path", "v"}, {"type", "number"}}, {{"v", 1.5}}), "ok");
  EXPECT_EQ(check({{"path", "v"}, {"type", "number"}}, {{"v", -3}}), "ok");
  EXPECT_EQ(check({{"path", "v"}, {"type", "number"}}, parse(R"({"v": 18446744073709551615})")), "ok");
  EXPECT_EQ(check({{"path", "v"}, {"type", "integer"}}, {{"v", -3}}), "ok");
  EXPECT_EQ(check({{"path", "v"}, {"type", "integer"}}, parse(R"({"v": 9223372036854775807})")), "ok");
  EXPECT_EQ(check({{"path", "v"}, {"type", "integer"}}, parse(R"({"v": -9223372036854775808})")), "ok");
  EXPECT_EQ(check({{"path", "v"}, {"type", "boolean"}}, {{"v", false}}), "ok");
  EXPECT_EQ(check({{"path", "v"}, {"type", "object"}}, {{"v", Json::object()}}), "ok");
  EXPECT_EQ(check({{"path", "v"}, {"type", "array"}}, {{"v", Json::array()}}), "ok");
  EXPECT_EQ(check({{"path", "v"}, {"type", "timestamp"}}, {{"v", "2025-01-01T00:00:00.000Z"}}), "ok");
}

TEST(FieldRuleType, NamesTheValuesTypeAndTheExpectedOne) {
  const Json rule = {{"path", "v"}, {"type", "string"}};
  EXPECT_EQ(check(rule, {{"v", 1}}), "field 'v' is a number, expected string");
  EXPECT_EQ(check(rule, {{"v", 1.5}}), "field 'v' is a number, expected string");
  EXPECT_EQ(check(rule, {{"v", true}}), "field 'v' is a boolean, expected string");
  EXPECT_EQ(check(rule, {{"v", Json::object()}}), "field 'v' is an object, expected string");
  EXPECT_EQ(check(rule, {{"v", Json::array()}}), "field 'v' is an array, expected string");
  EXPECT_EQ(check({{"path", "v"}, {"type", "boolean"}}, {{"v", "true"}}), "field 'v' is a string, expected boolean");
  EXPECT_EQ(check({{"path", "v"}, {"type", "object"}}, {{"v", Json::array()}}), "field 'v' is an array, expected object");
  EXPECT_EQ(check({{"path", "v"}, {"type", "array"}}, {{"v", Json::object()}}), "field 'v' is an object, expected array");
  EXPECT_EQ(check({{"path", "v"}, {"type", "number"}}, {{"v", "12.5"}}), "field 'v' is a string, expected number");
}

TEST(FieldRuleType, AFractionOrExponentIsNoInteger) {
  const Json rule = {{"path", "quantity"}, {"type", "integer"}};
  EXPECT_EQ(check(rule, parse(R"({"quantity": 2.5})")), "field 'quantity' is a number, expected integer");
  EXPECT_EQ(check(rule, parse(R"({"quantity": 2.0})")), "field 'quantity' is a number, expected integer");
  EXPECT_EQ(check(rule, parse(R"({"quantity": 2e0})")), "field 'quantity' is a number, expected integer");
  EXPECT_EQ(check(rule, parse(R"({"quantity": 2})")), "ok");
}

TEST(FieldRuleTimestamp, NeedsAStringInIso8601) {
  const Json rule = {{"path", "timestamp"}, {"type", "timestamp"}};
  EXPECT_EQ(check(rule, {{"timestamp", 1735689600000LL}}), "field 'timestamp' is a number, expected timestamp");
  EXPECT_EQ(check(rule, {{"timestamp", "2025-13-01T00:00:00.000Z"}}),
            "field 'timestamp' is not an ISO-8601 timestamp: '2025-13-01T00:00:00.000Z'");
  EXPECT_EQ(check(rule, {{"timestamp", ""}}), "field 'timestamp' is not an ISO-8601 timestamp: ''");
}

TEST(FieldRuleTimestamp, CutsALongValueOnACharacterBoundary) {
  const Json rule = {{"path", "t"}, {"type", "timestamp"}};
  EXPECT_EQ(check(rule, {{"t", std::string(100, 'x')}}),
            "field 't' is not an ISO-8601 timestamp: '" + std::string(64, 'x') + "...'");
  // 63 ASCII bytes then a two-byte character: byte 64 is its second half.
  EXPECT_EQ(check(rule, {{"t", std::string(63, 'x') + "\xC3\xA9" + "yyyy"}}),
            "field 't' is not an ISO-8601 timestamp: '" + std::string(63, 'x') + "...'");
}

TEST(FieldRuleRequired, AnAbsentFieldIsMissing) {
  EXPECT_EQ(check({{"path", "event_id"}, {"type", "string"}}, Json::object()), "missing field 'event_id'");
  EXPECT_EQ(check({{"path", "data.total_amount"}, {"type", "number"}}, {{"data", Json::object()}}),
            "missing field 'data.total_amount'");
}

TEST(FieldRuleRequired, NamesTheFirstAbsentStep) {
  EXPECT_EQ(check({{"path", "data.total_amount"}, {"type", "number"}}, {{"other", 1}}), "missing field 'data'");
}

TEST(FieldRuleRequired, NullIsAWrongTypeNotAbsence) {
  EXPECT_EQ(check({{"path", "user_id"}, {"type", "string"}}, {{"user_id", nullptr}}),
            "field 'user_id' is null, expected string");
  EXPECT_EQ(check({{"path", "data.total_amount"}, {"type", "number"}}, {{"data", nullptr}}),
            "field 'data' is null, expected object");
}

TEST(FieldRuleRequired, AFieldOnTheWayMustBeAnObject) {
  EXPECT_EQ(check({{"path", "data.total_amount"}, {"type", "number"}}, {{"data", "none"}}),
            "field 'data' is a string, expected object");
  EXPECT_EQ(check({{"path", "data.total_amount"}, {"type", "number"}}, {{"data", Json::array({1})}}),
            "field 'data' is an array, expected object");
}

TEST(FieldRuleOptional, PassesAnAbsentOrNullField) {
  const Json rule = {{"path", "data.currency"}, {"type", "string"}, {"required", false}};
  EXPECT_EQ(check(rule, {{"data", Json::object()}}), "ok");
  EXPECT_EQ(check(rule, {{"data", {{"currency", nullptr}}}}), "ok");
  EXPECT_EQ(check(rule, Json::object()), "ok");
  EXPECT_EQ(check(rule, {{"data", nullptr}}), "ok");
  EXPECT_EQ(check(rule, {{"data", {{"currency", "EUR"}}}}), "ok");
}

TEST(FieldRuleOptional, StillChecksAPresentValue) {
  const Json rule = {{"path", "data.currency"}, {"type", "string"}, {"required", false}, {"one_of", {"EUR", "USD"}}};
  EXPECT_EQ(check(rule, {{"data", {{"currency", 978}}}}), "field 'data.currency' is a number, expected string");
  EXPECT_EQ(check(rule, {{"data", {{"currency", "GBP"}}}}), "field 'data.currency' is 'GBP', expected one of EUR, USD");
  EXPECT_EQ(check(rule, {{"data", "x"}}), "field 'data' is a string, expected object");
}

TEST(FieldRuleNonEmpty, FailsEmptyStringsAndArrays) {
  EXPECT_EQ(check({{"path", "event_id"}, {"type", "string"}, {"non_empty", true}}, {{"event_id", ""}}),
            "field 'event_id' is empty");
  EXPECT_EQ(check({{"path", "event_id"}, {"type", "string"}, {"non_empty", true}}, {{"event_id", " "}}), "ok");
  EXPECT_EQ(check({{"path", "items"}, {"type", "array"}, {"non_empty", true}}, {{"items", Json::array()}}),
            "field 'items' is empty");
  EXPECT_EQ(check({{"path", "items"}, {"type", "array"}, {"non_empty", true}}, {{"items", {1}}}), "ok");
  EXPECT_EQ(check({{"path", "event_id"}, {"type", "string"}}, {{"event_id", ""}}), "ok");
}

TEST(FieldRuleOneOf, ListsTheAllowedValues) {
  const Json rule = {{"path", "event_type"},
                     {"type", "string"},
                     {"one_of", {"ORDER_CREATED", "ORDER_PAID", "ORDER_SHIPPED"}}};
  EXPECT_EQ(check(rule, {{"event_type", "ORDER_PAID"}}), "ok");
  EXPECT_EQ(check(rule, {{"event_type", "ORDER_LOST"}}),
            "field 'event_type' is 'ORDER_LOST', expected one of ORDER_CREATED, ORDER_PAID, ORDER_SHIPPED");
  EXPECT_EQ(check(rule, {{"event_type", "order_paid"}}),
            "field 'event_type' is 'order_paid', expected one of ORDER_CREATED, ORDER_PAID, ORDER_SHIPPED");
}

TEST(FieldRuleBounds, ChecksMinAndMaxInclusively) {
  const Json rule = {{"path", "total"}, {"type", "number"}, {"min", 0}, {"max", 100.5}};
  EXPECT_EQ(check(rule, {{"total", 0}}), "ok");
  EXPECT_EQ(check(rule, {{"total", 100.5}}), "ok");
  EXPECT_EQ(check(rule, {{"total", -5}}), "field 'total' is -5, below the minimum 0");
  EXPECT_EQ(check(rule, {{"total", -0.25}}), "field 'total' is -0.25, below the minimum 0");
  EXPECT_EQ(check(rule, {{"total", 101}}), "field 'total' is 101, above the maximum 100.5");
}

TEST(FieldRuleBounds, WritesTheValueAsSent) {
  const Json rule = {{"path", "quantity"}, {"type", "number"}, {"min", 1}};
  EXPECT_EQ(check(rule, parse(R"({"quantity": 0.0})")), "field 'quantity' is 0.0, below the minimum 1");
  EXPECT_EQ(check(rule, parse(R"({"quantity": -1e3})")), "field 'quantity' is -1000.0, below the minimum 1");
}

TEST(FieldRuleElements, ChecksEveryElementAndNamesItsIndex) {
  const Json rule = {{"path", "data.items[].quantity"}, {"type", "integer"}, {"min", 1}};
  EXPECT_EQ(check(rule, parse(R"({"data": {"items": [{"quantity": 1}, {"quantity": 3}]}})")), "ok");
  EXPECT_EQ(check(rule, parse(R"({"data": {"items": [{"quantity": "two"}]}})")),
            "field 'data.items.0.quantity' is a string, expected integer");
  EXPECT_EQ(check(rule, parse(R"({"data": {"items": [{"quantity": 1}, {"quantity": 0}]}})")),
            "field 'data.items.1.quantity' is 0, below the minimum 1");
  EXPECT_EQ(check(rule, parse(R"({"data": {"items": [{"quantity": 1}, {"price": 2}]}})")),
            "missing field 'data.items.1.quantity'");
}

TEST(FieldRuleElements, TheFirstBrokenElementWins) {
  const Json rule = {{"path", "items[].quantity"}, {"type", "integer"}, {"min", 1}};
  EXPECT_EQ(check(rule, parse(R"({"items": [{"quantity": 1}, {"quantity": -1}, {"quantity": "x"}]})")),
            "field 'items.1.quantity' is -1, below the minimum 1");
}

TEST(FieldRuleElements, AnEmptyArrayHasNothingToCheck) {
  EXPECT_EQ(check({{"path", "items[].quantity"}, {"type", "integer"}}, {{"items", Json::array()}}), "ok");
}

TEST(FieldRuleElements, TheFieldBeforeBracketsMustBeAnArray) {
  const Json rule = {{"path", "data.items[].quantity"}, {"type", "integer"}};
  EXPECT_EQ(check(rule, parse(R"({"data": {"items": {"quantity": 1}}})")),
            "field 'data.items' is an object, expected array");
  EXPECT_EQ(check(rule, parse(R"({"data": {"items": null}})")), "field 'data.items' is null, expected array");
  EXPECT_EQ(check(rule, parse(R"({"data": {}})")), "missing field 'data.items'");
}

TEST(FieldRuleElements, EachElementMustBeAnObjectToHaveKeys) {
  const Json rule = {{"path", "items[].quantity"}, {"type", "integer"}};
  EXPECT_EQ(check(rule, parse(R"({"items": [{"quantity": 1}, 2]})")), "field 'items.1' is a number, expected object");
  EXPECT_EQ(check(rule, parse(R"({"items": [null]})")), "field 'items.0' is null, expected object");
  EXPECT_EQ(check({{"path", "items[].quantity"}, {"type", "integer"}, {"required", false}},
                  parse(R"({"items": [null, {}, {"quantity": 2}]})")),
            "ok");
}

TEST(FieldRuleElements, BracketsLastCheckTheElementsThemselves) {
  const Json rule = {{"path", "tags[]"}, {"type", "string"}, {"non_empty", true}};
  EXPECT_EQ(check(rule, parse(R"({"tags": ["a", "b"]})")), "ok");
  EXPECT_EQ(check(rule, parse(R"({"tags": ["a", ""]})")), "field 'tags.1' is empty");
  EXPECT_EQ(check(rule, parse(R"({"tags": ["a", 7]})")), "field 'tags.1' is a number, expected string");
}

TEST(FieldRuleElements, NestedBracketsNameEveryIndex) {
  const Json rule = {{"path", "orders[].items[].sku"}, {"type", "string"}};
  EXPECT_EQ(check(rule, parse(R"({"orders": [{"items": [{"sku": "a"}]}, {"items": [{"sku": "b"}, {"sku": 3}]}]})")),
            "field 'orders.1.items.1.sku' is a number, expected string");
  EXPECT_EQ(check(rule, parse(R"({"orders": [{"items": []}, {"items": "none"}]})")),
            "field 'orders.1.items' is a string, expected array");
}

TEST(FieldRuleWhen, ChecksOnlyDocumentsTheConditionHoldsFor) {
  const Json rule = {{"path", "data.total_amount"}, {"type", "number"}, {"when", R"(event_type == "ORDER_CREATED")"}};
  EXPECT_EQ(check(rule, {{"event_type", "ORDER_CREATED"}, {"data", Json::object()}}),
            "missing field 'data.total_amount'");
  EXPECT_EQ(check(rule, {{"event_type", "ORDER_PAID"}, {"data", Json::object()}}), "ok");
  EXPECT_EQ(check(rule, {{"data", Json::object()}}), "ok");
}

TEST(FieldRuleWhen, UsesTheWholeConditionLanguage) {
  const Json rule = {{"path", "data.reason"},
                     {"type", "string"},
                     {"when", "event_type in ['ORDER_CANCELLED', 'ORDER_REFUNDED'] && !exists(data.legacy)"}};
  EXPECT_EQ(check(rule, {{"event_type", "ORDER_CANCELLED"}, {"data", Json::object()}}), "missing field 'data.reason'");
  EXPECT_EQ(check(rule, {{"event_type", "ORDER_CANCELLED"}, {"data", {{"legacy", true}}}}), "ok");
  EXPECT_EQ(check(rule, {{"event_type", "ORDER_PAID"}, {"data", Json::object()}}), "ok");
}

TEST(FieldRuleCheck, TypeComesBeforeFormatEmptinessValuesAndBounds) {
  // One rule, several problems: the reason is the first in that order.
  const Json rule = {{"path", "code"}, {"type", "string"}, {"non_empty", true}, {"one_of", {"A", "B"}}};
  EXPECT_EQ(check(rule, {{"code", 1}}), "field 'code' is a number, expected string");
  EXPECT_EQ(check(rule, {{"code", ""}}), "field 'code' is empty");
  EXPECT_EQ(check(rule, {{"code", "C"}}), "field 'code' is 'C', expected one of A, B");
}

// What no 64-bit signed integer holds fails an integer rule as out of range,
// whichever way the parser kept it (unsigned, or a double past 2^64).
TEST(FieldRuleType, FailsWholeNumbersPastTheInt64RangeAsOutOfRange) {
  const Json rule = {{"path", "q"}, {"type", "integer"}, {"min", 1}};
  EXPECT_EQ(check(rule, parse(R"({"q": 9223372036854775808})")),
            "field 'q' is 9223372036854775808, out of the 64-bit integer range");
  EXPECT_EQ(check(rule, parse(R"({"q": 18446744073709551615})")),
            "field 'q' is 18446744073709551615, out of the 64-bit integer range");
  EXPECT_EQ(check(rule, parse(R"({"q": 1180591620717411303424})")),
            "field 'q' is 1.1805916207174113e+21, out of the 64-bit integer range");
  EXPECT_EQ(check(rule, parse(R"({"q": -1180591620717411303424})")),
            "field 'q' is -1.1805916207174113e+21, out of the 64-bit integer range");
  // A fraction is no integer, whatever its size; a number rule takes them all.
  EXPECT_EQ(check(rule, parse(R"({"q": 1.5})")), "field 'q' is a number, expected integer");
  EXPECT_EQ(check({{"path", "q"}, {"type", "number"}}, parse(R"({"q": 1180591620717411303424})")), "ok");
  EXPECT_EQ(check(rule, parse(R"({"q": -3})")), "field 'q' is -3, below the minimum 1");
}

}  // namespace
}  // namespace streamline::plugins::validate
