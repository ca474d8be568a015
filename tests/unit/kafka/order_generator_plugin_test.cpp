// The order-generator source, through its shared object.

#include <gtest/gtest.h>

#include <streamline/testing/plugin_harness.hpp>
#include <streamline/testing/stage_harness.hpp>

#include "plugins/order-generator/order_stream.hpp"
#include "tests/unit/plugins/shared_plugin.hpp"

namespace {

using streamline::Json;
using namespace streamline::testing;
using std::chrono::milliseconds;

TEST(OrderGeneratorPlugin, EmitsExactlyCountEventsOfTheSeededStreamThenIsExhausted) {
  SharedPlugin shared("order-generator");
  PluginHarness harness(shared.plugin(), "orders", "order-generator");
  auto source = harness.create_source({{"count", 1234}, {"seed", 9}, {"batch_size", 100}});
  const PollResult result = poll_until_exhausted(*source, 1000);
  ASSERT_TRUE(result.exhausted);
  ASSERT_EQ(result.events.size(), 1234u);

  streamline::orders::OrderStream expected(9);
  for (std::size_t i = 0; i < result.events.size(); ++i) {
    const auto& event = result.events[i];
    const auto truth = expected.next();
    ASSERT_EQ(event.raw(), truth.payload) << i;
    EXPECT_EQ(event.key, truth.order_id);
    EXPECT_EQ(event.origin, (streamline::Origin{"order-generator", 0, static_cast<std::int64_t>(i)}));
  }
}

TEST(OrderGeneratorPlugin, BatchesNeverExceedBatchSizeOrMaxEvents) {
  SharedPlugin shared("order-generator");
  PluginHarness harness(shared.plugin());
  auto source = harness.create_source({{"count", 0}, {"batch_size", 64}});
  streamline::Batch batch;
  EXPECT_EQ(source->poll(batch, 1000, milliseconds(0)), streamline::PollStatus::kReady);
  EXPECT_EQ(batch.size(), 64u);
  streamline::Batch small;
  source->poll(small, 10, milliseconds(0));
  EXPECT_EQ(small.size(), 10u);
  EXPECT_EQ(small[0].origin.offset, 64);
}

TEST(OrderGeneratorPlugin, DelaySpacesEventsOneAtATime) {
  SharedPlugin shared("order-generator");
  PluginHarness harness(shared.plugin());
  auto source = harness.create_source({{"count", 10}, {"delay", "1h"}});
  streamline::Batch first;
  source->poll(first, 100, milliseconds(0));
  EXPECT_EQ(first.size(), 1u);  // the first event goes at once
  streamline::Batch second;
  source->poll(second, 100, milliseconds(20));
  EXPECT_EQ(second.size(), 0u);  // the next one is an hour away
}

TEST(OrderGeneratorPlugin, PausedSourceEmitsNothingUntilResumed) {
  SharedPlugin shared("order-generator");
  PluginHarness harness(shared.plugin());
  auto source = harness.create_source({{"count", 5}});
  source->pause();
  streamline::Batch paused;
  EXPECT_EQ(source->poll(paused, 100, milliseconds(5)), streamline::PollStatus::kReady);
  EXPECT_TRUE(paused.empty());
  source->resume();
  const PollResult result = poll_until_exhausted(*source);
  EXPECT_EQ(result.events.size(), 5u);
  EXPECT_EQ(result.events[0].origin.offset, 0);
}

TEST(OrderGeneratorPlugin, StopsWaitingWhenStopIsRequested) {
  SharedPlugin shared("order-generator");
  PluginHarness harness(shared.plugin());
  auto source = harness.create_source({{"count", 3}, {"delay", "1h"}});
  streamline::Batch batch;
  source->poll(batch, 100, milliseconds(0));
  harness.context().request_stop();
  const auto before = std::chrono::steady_clock::now();
  source->poll(batch, 100, std::chrono::hours(1));
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::minutes(1));
  EXPECT_EQ(batch.size(), 1u);
}

TEST(OrderGeneratorPlugin, ValidatesItsOptions) {
  SharedPlugin shared("order-generator");
  PluginHarness harness(shared.plugin());
  EXPECT_EQ(describe(harness.validate({{"rate", 10}, {"delay", "2s"}})), "delay: `rate` and `delay` exclude each other");
  EXPECT_EQ(describe(harness.validate({{"duplicate_ratio", 0.6}, {"malformed_ratio", 0.5}})),
            "malformed_ratio: duplicate_ratio + malformed_ratio exceeds 1");
  EXPECT_EQ(describe(harness.validate({{"start_time", "tomorrow"}})),
            "start_time: 'tomorrow' is not an ISO-8601 UTC timestamp");
  EXPECT_EQ(describe(harness.validate({{"fraud_ratio", 1.5}})), "fraud_ratio: must be at most 1");
  EXPECT_EQ(describe(harness.validate(Json::object())), "");
}

TEST(OrderGeneratorPlugin, StartTimeAndRatiosReachTheStream) {
  SharedPlugin shared("order-generator");
  PluginHarness harness(shared.plugin());
  auto source = harness.create_source(
      {{"count", 200}, {"start_time", "2023-03-04T05:06:07Z"}, {"duplicate_ratio", 0}, {"malformed_ratio", 0}});
  const PollResult result = poll_until_exhausted(*source);
  ASSERT_EQ(result.events.size(), 200u);
  EXPECT_EQ(result.events[0].json()["timestamp"], "2023-03-04T05:06:07.000Z");
  for (const auto& e : result.events) ASSERT_TRUE(e.has_valid_json());
}

}  // namespace
