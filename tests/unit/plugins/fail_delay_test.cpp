// The test-helper processors: `fail` and `delay`.

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <streamline/errors.hpp>
#include <streamline/testing/plugin_harness.hpp>
#include <streamline/testing/stage_harness.hpp>

#include "plugins/common/expression/expression_parser.hpp"
#include "plugins/delay/delay.hpp"
#include "plugins/fail/fail.hpp"
#include "tests/unit/plugins/shared_plugin.hpp"

namespace {

using namespace std::chrono_literals;
using streamline::Batch;
using streamline::Json;
using streamline::TransientError;
using streamline::plugins::delay::DelayOptions;
using streamline::plugins::delay::DelayStage;
using streamline::plugins::fail::FailOptions;
using streamline::plugins::fail::FailStage;
using namespace streamline::testing;

std::vector<Json> numbered(int from, int to) {
  std::vector<Json> docs;
  for (int n = from; n <= to; ++n) docs.push_back({{"n", n}});
  return docs;
}

std::vector<int> numbers_of(const std::vector<streamline::Event>& events) {
  std::vector<int> out;
  for (const auto& e : events) out.push_back(e.json().at("n").get<int>());
  return out;
}

std::vector<int> numbers_of(const std::vector<EventWithReason>& events) {
  std::vector<int> out;
  for (const auto& e : events) out.push_back(e.event.json().at("n").get<int>());
  return out;
}

TEST(FailStage, FailsEveryEventByDefault) {
  FailStage stage{FailOptions{}};
  const ProcessResult r = run_processor(stage, events_from_json(numbered(1, 3)));
  EXPECT_EQ(numbers_of(r.failed), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(reasons_of(r.failed),
            (std::vector<std::string>{"failed by fail stage", "failed by fail stage", "failed by fail stage"}));
}

TEST(FailStage, FailsOnlyEventsMatchingWhen) {
  FailOptions o;
  o.when = streamline::expression::parse_expression("n > 2");
  o.error = "too big";
  FailStage stage(o);
  const ProcessResult r = run_processor(stage, events_from_json(numbered(1, 4)));
  EXPECT_EQ(numbers_of(r.failed), (std::vector<int>{3, 4}));
  EXPECT_EQ(reasons_of(r.failed), (std::vector<std::string>{"too big", "too big"}));
  EXPECT_EQ(numbers_of(r.passed), (std::vector<int>{1, 2}));
}

TEST(FailStage, EveryCountsAcrossBatches) {
  FailOptions o;
  o.every = 3;
  FailStage stage(o);
  const ProcessResult first = run_processor(stage, events_from_json(numbered(1, 4)));
  const ProcessResult second = run_processor(stage, events_from_json(numbered(5, 7)));
  EXPECT_EQ(numbers_of(first.failed), (std::vector<int>{3}));
  EXPECT_EQ(numbers_of(second.failed), (std::vector<int>{6}));
  EXPECT_EQ(numbers_of(second.passed), (std::vector<int>{5, 7}));
}

TEST(FailStage, EveryCountsOnlySelectedEvents) {
  FailOptions o;
  o.when = streamline::expression::parse_expression("n > 2");
  o.every = 2;
  FailStage stage(o);
  const ProcessResult r = run_processor(stage, events_from_json(numbered(1, 8)));
  EXPECT_EQ(numbers_of(r.failed), (std::vector<int>{4, 6, 8}));
}

TEST(FailStage, ThrowsInsteadOfFailingWhenAsked) {
  FailOptions o;
  o.when = streamline::expression::parse_expression("n == 2");
  o.throw_exception = true;
  o.error = "boom";
  FailStage stage(o);
  Batch quiet(events_from_json(numbered(3, 4)));
  EXPECT_NO_THROW(stage.process(quiet));  // nothing selected
  Batch loud(events_from_json(numbered(1, 3)));
  try {
    stage.process(loud);
    FAIL() << "no exception";
  } catch (const TransientError&) {
    FAIL() << "a plain runtime_error was expected";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "boom");
  }
}

TEST(FailStage, TransientFailuresThrowThenPassEverything) {
  FailOptions o;
  o.transient_failures = 2;
  FailStage stage(o);
  for (int attempt = 1; attempt <= 2; ++attempt) {
    Batch batch(events_from_json(numbered(1, 2)));
    try {
      stage.process(batch);
      FAIL() << "attempt " << attempt << " did not throw";
    } catch (const TransientError& e) {
      EXPECT_STREQ(e.what(), "failed by fail stage");
    }
  }
  EXPECT_EQ(stage.transient_failures_thrown(), 2u);
  const ProcessResult r = run_processor(stage, events_from_json(numbered(1, 2)));
  EXPECT_EQ(numbers_of(r.passed), (std::vector<int>{1, 2}));
  EXPECT_EQ(run_processor(stage, events_from_json(numbered(3, 3))).passed.size(), 1u);
}

TEST(FailStage, WhenNeedsJsonAndFailsBadPayloadsWithTheParserMessage) {
  FailOptions o;
  o.when = streamline::expression::parse_expression("n == 99");
  FailStage stage(o);
  const ProcessResult r = run_processor(stage, events_from_raw({"{\"n\": 1}", "nope"}));
  ASSERT_EQ(r.failed.size(), 1u);
  EXPECT_EQ(r.failed[0].reason.rfind("payload is not valid JSON: ", 0), 0u) << r.failed[0].reason;
  EXPECT_EQ(r.passed.size(), 1u);
}

TEST(FailStage, WithoutWhenBadPayloadsFailWithTheConfiguredError) {
  FailStage stage{FailOptions{}};
  const ProcessResult r = run_processor(stage, events_from_raw({"nope"}));
  EXPECT_EQ(reasons_of(r.failed), (std::vector<std::string>{"failed by fail stage"}));
}

class FailPluginTest : public ::testing::Test {
 protected:
  SharedPlugin shared_{"fail"};
  PluginHarness harness_{shared_.plugin(), "flaky", "fail"};
};

TEST_F(FailPluginTest, DefaultsFailEveryEvent) {
  EXPECT_EQ(shared_.plugin().kind(), streamline::PluginKind::kProcessor);
  auto stage = harness_.create_processor(Json::object());
  const ProcessResult r = run_processor(*stage, events_from_json(numbered(1, 2)));
  EXPECT_EQ(reasons_of(r.failed), (std::vector<std::string>{"failed by fail stage", "failed by fail stage"}));
}

TEST_F(FailPluginTest, AppliesWhenEveryAndError) {
  auto stage = harness_.create_processor({{"when", "n >= 2"}, {"every", 2}, {"error", "nope"}});
  const ProcessResult r = run_processor(*stage, events_from_json(numbered(1, 5)));
  EXPECT_EQ(numbers_of(r.failed), (std::vector<int>{3, 5}));
  EXPECT_EQ(reasons_of(r.failed), (std::vector<std::string>{"nope", "nope"}));
}

TEST_F(FailPluginTest, ExceptionsCrossTheSharedObjectWithTheirTypes) {
  auto throwing = harness_.create_processor({{"throw", true}, {"error", "boom"}});
  Batch batch(events_from_json(numbered(1, 1)));
  EXPECT_THROW(throwing->process(batch), std::runtime_error);

  auto transient = harness_.create_processor({{"transient_failures", 1}});
  EXPECT_THROW(transient->process(batch), TransientError);
  EXPECT_NO_THROW(transient->process(batch));
}

TEST_F(FailPluginTest, ReportsABadCondition) {
  EXPECT_EQ(describe(harness_.validate({{"when", "n >"}})),
            "when: invalid expression at column 4: expected a value after '>', found the end of the expression");
}

TEST_F(FailPluginTest, TransientFailuresExcludeTheOtherModes) {
  EXPECT_EQ(describe(harness_.validate({{"transient_failures", 2}})), "");
  EXPECT_EQ(describe(harness_.validate({{"transient_failures", 2}, {"when", "true"}})),
            "transient_failures: transient_failures cannot be combined with `when`");
  EXPECT_EQ(describe(harness_.validate({{"transient_failures", 2}, {"every", 3}})),
            "transient_failures: transient_failures cannot be combined with `every`");
  EXPECT_EQ(describe(harness_.validate({{"transient_failures", 2}, {"throw", true}})),
            "transient_failures: transient_failures cannot be combined with `throw`");
  EXPECT_EQ(describe(harness_.validate({{"every", -1}})), "every: must be at least 0");
}

// ----------------------------------------------------------------------- delay

TEST(DelayStage, PassesEventsUnchanged) {
  DelayStage stage(DelayOptions{1ms, false}, {});
  const ProcessResult r = run_processor(stage, events_from_json(numbered(1, 3)));
  EXPECT_EQ(numbers_of(r.passed), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(r.total(), 3u);
}

TEST(DelayStage, WakesEarlyOnStop) {
  std::stop_source stop;
  stop.request_stop();
  DelayStage per_batch(DelayOptions{std::chrono::hours(1), false}, stop.get_token());
  DelayStage per_event(DelayOptions{std::chrono::hours(1), true}, stop.get_token());
  // Each would hold for hours; returning at all is the assertion.
  EXPECT_EQ(run_processor(per_batch, events_from_json(numbered(1, 2))).passed.size(), 2u);
  EXPECT_EQ(run_processor(per_event, events_from_json(numbered(1, 2))).passed.size(), 2u);
}

TEST(DelayStage, DoesNotHoldAnEmptyBatch) {
  DelayStage stage(DelayOptions{std::chrono::hours(1), false}, {});
  EXPECT_EQ(run_processor(stage, {}).total(), 0u);  // would hang for an hour otherwise
}

TEST(DelayPlugin, ParsesItsDurationAndStopsWithTheContext) {
  SharedPlugin shared("delay");
  PluginHarness harness(shared.plugin(), "slow", "delay");
  EXPECT_EQ(shared.plugin().kind(), streamline::PluginKind::kProcessor);
  EXPECT_EQ(harness.config({{"duration", "2s"}}).get<std::int64_t>("duration"), 2000);
  EXPECT_EQ(describe(harness.validate(Json::object())), "duration: missing required option 'duration'");
  auto stage = harness.create_processor({{"duration", "1h"}, {"per_event", true}});
  harness.context().request_stop();
  EXPECT_EQ(run_processor(*stage, events_from_json(numbered(1, 2))).passed.size(), 2u);
}

}  // namespace

namespace {

using streamline::plugins::fail::ErrorTemplate;

TEST(FailErrorTemplate, QuotesFieldsListsAndNumbers) {
  const ErrorTemplate t("unknown reference: {enrichment.missing} in {order_id} (#{items.0.n})");
  const Json doc = Json::parse(
      R"({"order_id":"ord-1","items":[{"n":7}],"enrichment":{"missing":["user:user-99999","product:prod-9999"]}})");
  EXPECT_EQ(t.render(doc), "unknown reference: user:user-99999, product:prod-9999 in ord-1 (#7)");
}

TEST(FailErrorTemplate, AbsentFieldsRenderEmptyAndDoubledBracesAreLiteral) {
  const ErrorTemplate t("{{x}} = [{x}]");
  EXPECT_EQ(t.render(Json::object()), "{x} = []");
  EXPECT_TRUE(t.has_fields());
  const ErrorTemplate plain("no {{fields}} here");
  EXPECT_FALSE(plain.has_fields());
  EXPECT_EQ(plain.text(), "no {fields} here");
}

TEST(FailErrorTemplate, RejectsUnclosedAndEmptyFields) {
  try {
    ErrorTemplate("bad {x");
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "unclosed '{' at column 5 (write '{{' for a brace)");
  }
  try {
    ErrorTemplate("bad {}");
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "empty field '{}' at column 5");
  }
}

TEST(FailStage, ErrorQuotesTheFailedEvent) {
  FailOptions o;
  o.when = streamline::expression::parse_expression("enrichment.status == \"partial\"");
  o.error = "unknown reference: {enrichment.missing}";
  FailStage stage{o};
  const ProcessResult r = run_processor(
      stage, events_from_json({Json::parse(R"({"enrichment":{"status":"partial","missing":["user:user-10001"]}})"),
                               Json::parse(R"({"enrichment":{"status":"complete","missing":[]}})")}));
  EXPECT_EQ(reasons_of(r.failed), (std::vector<std::string>{"unknown reference: user:user-10001"}));
  EXPECT_EQ(r.passed.size(), 1u);
}

}  // namespace
