// ValidateStage: outcomes per event, payload checks, metrics.

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <streamline/testing/recording_metrics.hpp>
#include <streamline/testing/stage_harness.hpp>

#include "plugins/validate/rule_compiler.hpp"
#include "plugins/validate/validate.hpp"

namespace streamline::plugins::validate {
namespace {

using namespace streamline::testing;

ValidateStage make_stage(const Json& rules, Metrics& metrics, bool reject_non_object = true,
                         std::size_t max_event_bytes = kDefaultMaxEventBytes, bool reject_nul_characters = true) {
  ConfigIssues issues;
  ValidateOptions options;
  options.rules = compile_rules(rules, issues);
  EXPECT_TRUE(issues.empty());
  options.reject_non_object = reject_non_object;
  options.max_event_bytes = max_event_bytes;
  options.reject_nul_characters = reject_nul_characters;
  return ValidateStage(std::move(options), metrics);
}

std::string parse_error_of(const std::string& raw) {
  try {
    Event::from_raw(raw).json();
  } catch (const PayloadError& e) {
    return e.what();
  }
  return "parsed";
}

const Json kRules = Json::parse(R"([
  {"path": "id", "type": "string", "non_empty": true},
  {"path": "amount", "type": "number", "min": 0},
  {"path": "items[].sku", "type": "string"}
])");

TEST(ValidateStage, PassesValidEventsAndFailsTheOthersWithTheirReason) {
  RecordingMetrics metrics;
  ValidateStage stage = make_stage(kRules, metrics);
  ProcessResult r = run_processor(stage, events_from_json({
                                             {{"id", "a"}, {"amount", 5}, {"items", Json::array()}},
                                             {{"id", "b"}, {"amount", -1}, {"items", Json::array()}},
                                             {{"id", "c"}, {"amount", 1}, {"items", {{{"sku", 7}}}}},
                                             {{"amount", 1}, {"items", Json::array()}},
                                         }));
  EXPECT_EQ(documents_of(r.passed), (std::vector<Json>{{{"id", "a"}, {"amount", 5}, {"items", Json::array()}}}));
  EXPECT_EQ(reasons_of(r.failed), (std::vector<std::string>{"field 'amount' is -1, below the minimum 0",
                                                            "field 'items.0.sku' is a number, expected string",
                                                            "missing field 'id'"}));
  EXPECT_EQ(r.total(), 4u);
}

TEST(ValidateStage, TheFirstBrokenRuleWins) {
  RecordingMetrics metrics;
  ValidateStage stage = make_stage(kRules, metrics);
  ProcessResult r = run_processor(stage, events_from_json({{{"id", ""}, {"amount", "x"}}}));
  EXPECT_EQ(reasons_of(r.failed), (std::vector<std::string>{"field 'id' is empty"}));
}

TEST(ValidateStage, FailsAPayloadThatIsNotJsonWithTheParsersMessage) {
  RecordingMetrics metrics;
  ValidateStage stage = make_stage(kRules, metrics);
  ProcessResult r = run_processor(stage, events_from_raw({"{\"id\": \"a\", \"amount\": 1", "{'id': 'a'}"}));
  EXPECT_EQ(reasons_of(r.failed),
            (std::vector<std::string>{parse_error_of("{\"id\": \"a\", \"amount\": 1"), parse_error_of("{'id': 'a'}")}));
  for (const auto& failed : r.failed) EXPECT_EQ(failed.reason.rfind("payload is not valid JSON: ", 0), 0u);
  EXPECT_EQ(r.failed[1].event.raw(), "{'id': 'a'}");
}

TEST(ValidateStage, FailsJsonThatIsNoObject) {
  RecordingMetrics metrics;
  ValidateStage stage = make_stage(kRules, metrics);
  ProcessResult r = run_processor(stage, events_from_raw({"[1, 2]", "\"text\"", "42", "null"}));
  EXPECT_EQ(reasons_of(r.failed), std::vector<std::string>(4, "payload is not a JSON object"));
}

TEST(ValidateStage, PassesJsonThatIsNoObjectUncheckedWhenAsked) {
  RecordingMetrics metrics;
  ValidateStage stage = make_stage(kRules, metrics, /*reject_non_object=*/false);
  ProcessResult r = run_processor(stage, events_from_raw({"[1, 2]", "42", "{\"id\": 1}", "not json"}));
  ASSERT_EQ(r.passed.size(), 2u);
  EXPECT_EQ(r.passed[0].raw(), "[1, 2]");
  EXPECT_EQ(r.passed[1].raw(), "42");
  EXPECT_EQ(reasons_of(r.failed),
            (std::vector<std::string>{"field 'id' is a number, expected string", parse_error_of("not json")}));
}

TEST(ValidateStage, LeavesThePayloadTextOfValidEventsUntouched) {
  RecordingMetrics metrics;
  ValidateStage stage = make_stage(kRules, metrics);
  const std::string text = R"({"amount":  1.50 , "id": "a",   "items": [{"sku": "s", "extra": null}]})";
  ProcessResult r = run_processor(stage, events_from_raw({text}));
  ASSERT_EQ(r.passed.size(), 1u);
  EXPECT_EQ(r.passed[0].raw(), text);
}

TEST(ValidateStage, SetsEveryOutcomeEvenOverAnEarlierOne) {
  RecordingMetrics metrics;
  ValidateStage stage = make_stage(kRules, metrics);
  Batch batch(events_from_json({{{"id", "a"}, {"amount", 1}, {"items", Json::array()}}, {{"id", "b"}}}));
  batch.fail(0, "stale");
  batch.drop(1, "stale");
  stage.process(batch);
  EXPECT_EQ(batch.outcome(0).disposition, Disposition::kPass);
  EXPECT_EQ(batch.outcome(0).reason, "");
  EXPECT_EQ(batch.outcome(1).disposition, Disposition::kFail);
  EXPECT_EQ(batch.outcome(1).reason, "missing field 'amount'");
}

TEST(ValidateStage, HandlesAnEmptyBatch) {
  RecordingMetrics metrics;
  ValidateStage stage = make_stage(kRules, metrics);
  EXPECT_EQ(run_processor(stage, {}).total(), 0u);
}

TEST(ValidateStage, CountsFailuresInTotalAndPerRule) {
  RecordingMetrics metrics;
  ValidateStage stage = make_stage(kRules, metrics);
  run_processor(stage, events_from_raw({
                           R"({"id": "a", "amount": 1, "items": []})",
                           R"({"amount": 1})",
                           R"({"id": "", "amount": 1})",
                           R"({"id": "c", "amount": -1})",
                           R"({"id": "d", "amount": 1, "items": [{}]})",
                           "[]",
                           "{",
                       }));
  EXPECT_EQ(metrics.counter_value("validate_failed_total"), 6.0);
  EXPECT_EQ(metrics.counter_value("validate_rule_failed_total", {{"rule", "0"}, {"path", "id"}}), 2.0);
  EXPECT_EQ(metrics.counter_value("validate_rule_failed_total", {{"rule", "1"}, {"path", "amount"}}), 1.0);
  EXPECT_EQ(metrics.counter_value("validate_rule_failed_total", {{"rule", "2"}, {"path", "items[].sku"}}), 1.0);
  EXPECT_EQ(metrics.names(), (std::vector<std::string>{"validate_failed_total{}",
                                                       "validate_rule_failed_total{path=amount,rule=1}",
                                                       "validate_rule_failed_total{path=id,rule=0}",
                                                       "validate_rule_failed_total{path=items[].sku,rule=2}"}));
}

// Poison input: each kind fails alone with its reason, and the valid events
// of the same batch pass.
TEST(ValidateStage, FailsEachKindOfPoisonInputAloneWithItsReason) {
  RecordingMetrics metrics;
  ValidateStage stage = make_stage(kRules, metrics, true, /*max_event_bytes=*/100);
  const std::string valid = R"({"id": "a", "amount": 1, "items": []})";
  const std::string huge = R"({"id": "h", "amount": 1, "pad": ")" + std::string(200, 'x') + R"("})";
  ProcessResult r = run_processor(stage, events_from_raw({
                                             valid,
                                             huge,
                                             "{\"id\": \"\xFF\", \"amount\": 1}",
                                             R"({"id": "n", "amount": 1e400})",
                                             R"({"id": "a\u0000", "amount": 1})",
                                             R"({"id": "'); DROP TABLE order_events; --", "amount": 1, "items": []})",
                                             valid,
                                         }));
  ASSERT_EQ(r.passed.size(), 3u);
  EXPECT_EQ(r.passed[1].raw(), R"({"id": "'); DROP TABLE order_events; --", "amount": 1, "items": []})");
  EXPECT_EQ(reasons_of(r.failed),
            (std::vector<std::string>{
                "event of " + std::to_string(huge.size()) + " bytes is over the limit of 100 bytes (max_event_bytes)",
                "payload is not valid UTF-8: byte 0xff at offset 8",
                "payload has a number out of range: [json.exception.out_of_range.406] number overflow parsing "
                "'1e400'",
                "payload holds a NUL character (\\u0000) in 'id'",
            }));
  EXPECT_EQ(metrics.counter_value("validate_failed_total"), 4.0);
}

TEST(ValidateStage, ChecksTheSizeBeforeParsing) {
  RecordingMetrics metrics;
  ValidateStage stage = make_stage(kRules, metrics, true, /*max_event_bytes=*/10);
  ProcessResult r = run_processor(stage, events_from_raw({"not json at all", "{\"id\":1}"}));
  EXPECT_EQ(reasons_of(r.failed),
            (std::vector<std::string>{"event of 15 bytes is over the limit of 10 bytes (max_event_bytes)",
                                      "field 'id' is a number, expected string"}));
}

TEST(ValidateStage, PassesNulCharactersOnToTheRulesWhenAsked) {
  RecordingMetrics metrics;
  ValidateStage stage = make_stage(kRules, metrics, true, kDefaultMaxEventBytes, /*reject_nul_characters=*/false);
  ProcessResult r = run_processor(stage, events_from_raw({R"({"id": "a\u0000", "amount": 1, "items": []})"}));
  EXPECT_EQ(r.passed.size(), 1u);
  EXPECT_TRUE(r.failed.empty());
}

}  // namespace
}  // namespace streamline::plugins::validate
