// The `validate` plugin's factory, from validate.so: spec, config checks with
// their exact messages, and the stage it creates.

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <streamline/testing/plugin_harness.hpp>
#include <streamline/testing/stage_harness.hpp>

#include "tests/unit/plugins/shared_plugin.hpp"

namespace {

using streamline::Json;
using namespace streamline::testing;

class ValidatePluginTest : public ::testing::Test {
 protected:
  std::string issues_of(const Json& rules) { return describe(harness_.validate({{"rules", rules}})); }

  SharedPlugin shared_{"validate"};
  PluginHarness harness_{shared_.plugin(), "check", "validate"};
};

TEST_F(ValidatePluginTest, DescribesItself) {
  EXPECT_STREQ(shared_.descriptor().name, "validate");
  EXPECT_EQ(shared_.plugin().kind(), streamline::PluginKind::kProcessor);
  EXPECT_TRUE(shared_.plugin().allows_concurrency());
  EXPECT_TRUE(shared_.plugin().outputs(harness_.config({{"rules", {{{"path", "a"}, {"type", "string"}}}}})).empty());
}

TEST_F(ValidatePluginTest, FillsDefaults) {
  const streamline::Config config = harness_.config({{"rules", {{{"path", "a"}, {"type", "string"}}}}});
  EXPECT_EQ(config.json(), Json::parse(R"({"reject_non_object": true, "max_event_bytes": 1048576,
      "reject_nul_characters": true, "rules": [{"path": "a", "type": "string", "required": true, "non_empty": false}]})"));
}

TEST_F(ValidatePluginTest, AcceptsEveryOption) {
  EXPECT_EQ(issues_of(Json::parse(R"([
      {"path": "a", "type": "string", "required": false, "when": "x == 1", "one_of": ["A"], "non_empty": true},
      {"path": "b[].c", "type": "integer", "min": 1, "max": 10},
      {"path": "d", "type": "number", "min": -0.5},
      {"path": "e", "type": "array", "non_empty": true},
      {"path": "f", "type": "boolean"}, {"path": "g", "type": "object"}, {"path": "h", "type": "timestamp"}])")),
            "");
}

TEST_F(ValidatePluginTest, NeedsAtLeastOneRule) {
  EXPECT_EQ(issues_of(Json::array()), "rules: at least one rule is needed");
  EXPECT_EQ(describe(harness_.validate(Json::object())), "rules: missing required option 'rules'");
}

TEST_F(ValidatePluginTest, ReportsABadPathAtItsRule) {
  const auto issues = harness_.validate(
      {{"rules", {{{"path", "ok"}, {"type", "string"}}, {{"path", "data.items[0].quantity"}, {"type", "integer"}}}}});
  ASSERT_EQ(issues.all().size(), 1u);
  EXPECT_EQ(issues.all()[0].path, "rules.1.path");
  EXPECT_EQ(issues.all()[0].message,
            "invalid path at column 11: expected '[]' (every element); a rule cannot select one element by index");
  EXPECT_EQ(issues.all()[0].hint, "a path is dotted keys, with [] for every element of an array: data.items[].quantity");
}

TEST_F(ValidatePluginTest, ReportsABadConditionAtItsRuleWithTheColumn) {
  const auto issues = harness_.validate({{"rules", {{{"path", "a"}, {"type", "string"}, {"when", "event_type = 1"}}}}});
  ASSERT_EQ(issues.all().size(), 1u);
  EXPECT_EQ(issues.all()[0].path, "rules.0.when");
  EXPECT_EQ(issues.all()[0].message, "invalid expression at column 12: unexpected '='; did you mean '=='?");
  EXPECT_FALSE(issues.all()[0].hint.empty());
}

TEST_F(ValidatePluginTest, ReportsOptionsThatDoNotFitTheType) {
  EXPECT_EQ(issues_of(Json::parse(R"([
      {"path": "a", "type": "string", "min": 1},
      {"path": "b", "type": "timestamp", "max": 1},
      {"path": "c", "type": "integer", "one_of": ["1"]},
      {"path": "d", "type": "number", "non_empty": true},
      {"path": "e", "type": "timestamp", "non_empty": true}])")),
            "rules.0.min: min applies to number and integer fields only; this rule's type is string\n"
            "rules.1.max: max applies to number and integer fields only; this rule's type is timestamp\n"
            "rules.2.one_of: one_of applies to string fields only; this rule's type is integer\n"
            "rules.3.non_empty: non_empty applies to string and array fields only; this rule's type is number\n"
            "rules.4.non_empty: non_empty applies to string and array fields only; this rule's type is timestamp");
}

TEST_F(ValidatePluginTest, ReportsBoundsNoValueCouldKeep) {
  EXPECT_EQ(issues_of(Json::parse(R"([{"path": "a", "type": "number", "min": 5, "max": 1.5}])")),
            "rules.0.max: max 1.5 is below min 5");
  EXPECT_EQ(issues_of(Json::parse(R"([{"path": "a", "type": "number", "min": 5, "max": 5}])")), "");
}

TEST_F(ValidatePluginTest, ReportsAnEmptyOneOf) {
  EXPECT_EQ(issues_of(Json::parse(R"([{"path": "a", "type": "string", "one_of": []}])")),
            "rules.0.one_of: one_of needs at least one value");
}

TEST_F(ValidatePluginTest, ReportsEveryBadRule) {
  EXPECT_EQ(issues_of(Json::parse(R"([
      {"path": "a..b", "type": "string", "when": "("},
      {"path": "ok", "type": "string"},
      {"path": "c", "type": "boolean", "one_of": ["x"], "min": 0}])")),
            "rules.0.path: invalid path at column 3: expected a field name before '.'\n"
            "rules.0.when: invalid expression at column 2: expected a condition after '(', found the end of the "
            "expression\n"
            "rules.2.min: min applies to number and integer fields only; this rule's type is boolean\n"
            "rules.2.one_of: one_of applies to string fields only; this rule's type is boolean");
}

TEST_F(ValidatePluginTest, TheSpecRefusesAnUnknownType) {
  EXPECT_EQ(issues_of(Json::parse(R"([{"path": "a", "type": "float"}])")),
            "rules.0.type: must be one of: string, number, integer, boolean, object, array, timestamp");
}

TEST_F(ValidatePluginTest, CreateRefusesABadRuleWithItsPath) {
  // create() is reached without validate() only by a broken host; it still refuses.
  const streamline::Config config(Json::parse(R"({"reject_non_object": true, "rules": [
      {"path": "a", "type": "string", "required": true, "non_empty": false},
      {"path": "b", "type": "decimal", "required": true, "non_empty": false}]})"));
  try {
    shared_.plugin().create(config, harness_.context());
    FAIL() << "no error";
  } catch (const streamline::ConfigError& e) {
    EXPECT_EQ(e.path(), "rules.1.type");
    EXPECT_STREQ(e.what(), "unknown type 'decimal'");
  }
}

TEST_F(ValidatePluginTest, CreateRefusesABadConditionWithItsPath) {
  const streamline::Config config(Json::parse(R"({"reject_non_object": true, "rules": [
      {"path": "a", "type": "string", "required": true, "non_empty": false, "when": "a >"}]})"));
  try {
    shared_.plugin().create(config, harness_.context());
    FAIL() << "no error";
  } catch (const streamline::ConfigError& e) {
    EXPECT_EQ(e.path(), "rules.0.when");
    EXPECT_STREQ(e.what(), "invalid expression at column 4: expected a value after '>', found the end of the expression");
  }
}

TEST_F(ValidatePluginTest, CreatesAWorkingStageThatCountsWithTheStagesMetrics) {
  auto stage = harness_.create_processor(Json::parse(R"({"rules": [
      {"path": "event_type", "type": "string", "one_of": ["ORDER_CREATED", "ORDER_PAID"]},
      {"path": "data.total_amount", "type": "number", "min": 0, "when": "event_type == 'ORDER_CREATED'"}]})"));
  ProcessResult r = run_processor(*stage, events_from_raw({
                                              R"({"event_type": "ORDER_PAID"})",
                                              R"({"event_type": "ORDER_CREATED", "data": {"total_amount": 3}})",
                                              R"({"event_type": "ORDER_CREATED", "data": {}})",
                                              R"({"event_type": "ORDER_LOST"})",
                                              R"("ORDER_PAID")",
                                          }));
  EXPECT_EQ(r.passed.size(), 2u);
  EXPECT_EQ(reasons_of(r.failed), (std::vector<std::string>{
                                      "missing field 'data.total_amount'",
                                      "field 'event_type' is 'ORDER_LOST', expected one of ORDER_CREATED, ORDER_PAID",
                                      "payload is not a JSON object"}));
  const auto& metrics = harness_.context().recording_metrics();
  EXPECT_EQ(metrics.counter_value("validate_failed_total"), 3.0);
  EXPECT_EQ(metrics.counter_value("validate_rule_failed_total", {{"rule", "1"}, {"path", "data.total_amount"}}), 1.0);
}

TEST_F(ValidatePluginTest, PassesNonObjectsWhenToldNotToRejectThem) {
  auto stage = harness_.create_processor(
      Json::parse(R"({"reject_non_object": false, "rules": [{"path": "a", "type": "string"}]})"));
  ProcessResult r = run_processor(*stage, events_from_raw({"[1]", "{}"}));
  EXPECT_EQ(r.passed.size(), 1u);
  EXPECT_EQ(reasons_of(r.failed), (std::vector<std::string>{"missing field 'a'"}));
}

TEST_F(ValidatePluginTest, FailsEventsOverMaxEventBytesAndNulCharactersAsConfigured) {
  auto stage = harness_.create_processor(
      Json::parse(R"({"max_event_bytes": 20, "rules": [{"path": "a", "type": "string"}]})"));
  ProcessResult r = run_processor(
      *stage, events_from_raw({R"({"a": "x"})", R"({"a": "0123456789abcdef"})", R"({"a": "\u0000"})"}));
  EXPECT_EQ(r.passed.size(), 1u);
  EXPECT_EQ(reasons_of(r.failed),
            (std::vector<std::string>{"event of 25 bytes is over the limit of 20 bytes (max_event_bytes)",
                                      "payload holds a NUL character (\\u0000) in 'a'"}));
  auto lenient = harness_.create_processor(
      Json::parse(R"({"reject_nul_characters": false, "rules": [{"path": "a", "type": "string"}]})"));
  EXPECT_EQ(run_processor(*lenient, events_from_raw({R"({"a": "\u0000"})"})).passed.size(), 1u);
}

TEST_F(ValidatePluginTest, RefusesAMaxEventBytesBelowOne) {
  EXPECT_EQ(describe(harness_.validate(Json::parse(R"({"max_event_bytes": 0, "rules": [{"path": "a", "type": "string"}]})"))),
            "max_event_bytes: must be at least 1");
}

// What the conformance suite checks for service-free plugins, which it cannot
// for this one without a config: a stage needs at least one rule.
TEST_F(ValidatePluginTest, LifecycleIsSafeInAnyOrder) {
  auto stage = harness_.create_processor({{"rules", {{{"path", "a"}, {"type", "string"}}}}});
  stage->stop();  // without start
  stage->stop();
  for (int round = 0; round < 2; ++round) {
    stage->start();
    EXPECT_EQ(run_processor(*stage, {}).total(), 0u);
    stage->drain(streamline::Clock::now());
    stage->stop();
    stage->stop();
  }
}

}  // namespace
