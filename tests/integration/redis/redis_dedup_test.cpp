// redis-dedup against the test stack's Redis: check drops what confirm
// recorded and repeats within a batch; confirm records ids with their TTL;
// an unavailable Redis lets every event through, counted.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <streamline/testing/plugin_harness.hpp>
#include <streamline/testing/stage_harness.hpp>

#include "redis/redis_options.hpp"
#include "redis/redis_pool.hpp"
#include "redis_dedup.hpp"
#include "tests/integration/redis/redis_test_keys.hpp"
#include "tests/unit/plugins/shared_plugin.hpp"

namespace streamline::testing::redis {
namespace {

using namespace std::chrono_literals;
using plugins::redis::RedisOptions;
using plugins::redis::RedisPool;
using plugins::redis::RedisReply;
using plugins::redis::redis_options_from_url;
using plugins::redis_dedup::DedupMode;
using plugins::redis_dedup::RedisDedup;
using plugins::redis_dedup::RedisDedupOptions;
using ::testing::ElementsAre;
using ::testing::StartsWith;

Json event(const std::string& id) { return {{"event_id", id}, {"event_type", "ORDER_CREATED"}}; }

std::vector<std::string> ids_of(const std::vector<Event>& events) {
  std::vector<std::string> ids;
  for (const Event& e : events) ids.push_back(e.json().value("event_id", std::string("(none)")));
  return ids;
}

std::size_t lines_containing(const FakeContext& context, const std::string& text) {
  std::size_t n = 0;
  for (const auto& line : context.log_lines()) n += line.find(text) != std::string::npos ? 1 : 0;
  return n;
}

class RedisDedupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!RedisTestKeys::available()) GTEST_SKIP() << RedisTestKeys::kSkipMessage;
    keys_ = std::make_unique<RedisTestKeys>(::testing::UnitTest::GetInstance()->current_test_info()->name());
  }

  RedisDedupOptions options(DedupMode mode, const std::string& url = RedisTestKeys::url()) {
    RedisOptions redis = redis_options_from_url(url);
    redis.reconnect_interval = 60s;
    RedisDedupOptions o;
    o.pool = std::make_shared<RedisPool>(redis);
    o.mode = mode;
    o.key_prefix = keys_->prefix();
    o.ttl = 3600s;
    return o;
  }

  std::unique_ptr<RedisTestKeys> keys_;
  FakeContext context_{"dedup", "redis-dedup"};
};

TEST_F(RedisDedupTest, CheckDropsConfirmedIdsAndRepeatsWithinTheBatch) {
  keys_->run({"SET", keys_->prefix() + "evt-1", "1"});
  keys_->run({"SET", keys_->prefix() + "evt-3", "1"});
  RedisDedup stage(options(DedupMode::kCheck), context_);
  stage.start();
  const ProcessResult result = run_processor(
      stage, events_from_json({event("evt-1"), event("evt-2"), event("evt-3"), event("evt-2"), event("evt-4")}));

  EXPECT_THAT(ids_of(result.passed), ElementsAre("evt-2", "evt-4"));
  ASSERT_EQ(result.dropped.size(), 3u);
  EXPECT_THAT(reasons_of(result.dropped),
              ElementsAre("duplicate of event evt-1", "duplicate of event evt-3",
                          "duplicate of event evt-2 in the same batch"));
  EXPECT_EQ(result.dropped[2].event.json()["event_id"], "evt-2");
  const RecordingMetrics& metrics = context_.recording_metrics();
  EXPECT_EQ(metrics.counter_value("redis_dedup_checked_total"), 4);
  EXPECT_EQ(metrics.counter_value("redis_dedup_duplicates_total"), 3);
  EXPECT_EQ(metrics.gauge_value("redis_dedup_available"), 1);
  // Check writes nothing: an unpersisted event is never marked as seen.
  EXPECT_EQ(keys_->run({"EXISTS", keys_->prefix() + "evt-2", keys_->prefix() + "evt-4"}), RedisReply::integer(0));
}

TEST_F(RedisDedupTest, EventsWithoutAnIdPassAndAreCountedAndBadPayloadsFail) {
  RedisDedup stage(options(DedupMode::kCheck), context_);
  std::vector<Event> events = events_from_json({Json{{"type", "no id"}}, event("evt-1"), Json{{"event_id", ""}}});
  events.push_back(Event::from_raw("{not json"));
  const ProcessResult result = run_processor(stage, std::move(events));
  EXPECT_EQ(result.passed.size(), 3u);
  ASSERT_EQ(result.failed.size(), 1u);
  EXPECT_THAT(result.failed[0].reason, StartsWith("payload is not valid JSON: "));
  EXPECT_EQ(context_.recording_metrics().counter_value("redis_dedup_missing_id_total"), 2);
  EXPECT_EQ(context_.recording_metrics().counter_value("redis_dedup_checked_total"), 1);
}

TEST_F(RedisDedupTest, ReadsTheIdAtANestedPath) {
  keys_->run({"SET", keys_->prefix() + "inner-1", "1"});
  keys_->run({"SET", keys_->prefix() + "77", "1"});
  RedisDedupOptions o = options(DedupMode::kCheck);
  o.id_path = "data.id";
  RedisDedup stage(std::move(o), context_);
  const ProcessResult result = run_processor(
      stage, events_from_json({Json{{"data", {{"id", "inner-1"}}}}, Json{{"data", {{"id", 77}}}},
                               Json{{"data", {{"id", "inner-2"}}}}}));
  EXPECT_EQ(result.passed.size(), 1u);
  EXPECT_THAT(reasons_of(result.dropped), ElementsAre("duplicate of event inner-1", "duplicate of event 77"));
}

TEST_F(RedisDedupTest, ConfirmRecordsEachIdWithItsTtlAndPassesEveryEvent) {
  RedisDedup confirm(options(DedupMode::kConfirm), context_);
  confirm.start();
  const ProcessResult result = run_processor(
      confirm, events_from_json({event("evt-a"), event("evt-b"), event("evt-a"), Json{{"no", "id"}}}));
  EXPECT_EQ(result.passed.size(), 4u);
  for (const char* id : {"evt-a", "evt-b"}) {
    EXPECT_EQ(keys_->run({"GET", keys_->prefix() + id}), RedisReply::string("1")) << id;
    const std::int64_t ttl = keys_->run({"TTL", keys_->prefix() + id}).integer_value();
    EXPECT_GT(ttl, 3500) << id;
    EXPECT_LE(ttl, 3600) << id;
  }
  EXPECT_EQ(context_.recording_metrics().counter_value("redis_dedup_confirmed_total"), 2);
  EXPECT_EQ(context_.recording_metrics().counter_value("redis_dedup_missing_id_total"), 1);

  // A replay of those events is now dropped by check.
  FakeContext check_context("check", "redis-dedup");
  RedisDedup check(options(DedupMode::kCheck), check_context);
  const ProcessResult replay = run_processor(check, events_from_json({event("evt-a"), event("evt-b"), event("evt-c")}));
  EXPECT_THAT(ids_of(replay.passed), ElementsAre("evt-c"));
  EXPECT_THAT(reasons_of(replay.dropped), ElementsAre("duplicate of event evt-a", "duplicate of event evt-b"));
}

TEST_F(RedisDedupTest, CheckLetsEveryEventThroughWhileRedisIsUnavailable) {
  RedisDedup stage(options(DedupMode::kCheck, kClosedPortUrl), context_);
  stage.start();
  EXPECT_EQ(context_.recording_metrics().gauge_value("redis_dedup_available"), 0);
  const ProcessResult first = run_processor(stage, events_from_json({event("e1"), event("e2"), event("e3")}));
  const ProcessResult second = run_processor(stage, events_from_json({event("e4"), event("e5")}));
  EXPECT_EQ(first.passed.size(), 3u);
  EXPECT_EQ(second.passed.size(), 2u);
  EXPECT_EQ(context_.recording_metrics().counter_value("redis_dedup_unavailable_total"), 5);
  EXPECT_EQ(context_.recording_metrics().counter_value("redis_dedup_checked_total"), 0);
  EXPECT_EQ(context_.recording_metrics().gauge_value("redis_dedup_available"), 0);
  // One warning per reconnect interval (60 s here), not one per batch.
  EXPECT_EQ(lines_containing(context_, "redis unavailable"), 1u);
  EXPECT_TRUE(context_.logged(
      "warning: redis unavailable, letting events through: PostgreSQL idempotency still guards: cannot connect "
      "to redis at 127.0.0.1:1: Connection refused"));
}

TEST_F(RedisDedupTest, CheckStillDropsRepeatsWithinABatchWithoutRedis) {
  RedisDedup stage(options(DedupMode::kCheck, kClosedPortUrl), context_);
  const ProcessResult result = run_processor(stage, events_from_json({event("e1"), event("e1")}));
  EXPECT_EQ(result.passed.size(), 1u);
  EXPECT_THAT(reasons_of(result.dropped), ElementsAre("duplicate of event e1 in the same batch"));
  EXPECT_EQ(context_.recording_metrics().counter_value("redis_dedup_unavailable_total"), 1);
}

TEST_F(RedisDedupTest, ConfirmPassesEventsOnWhileRedisIsUnavailable) {
  RedisDedup stage(options(DedupMode::kConfirm, kClosedPortUrl), context_);
  const ProcessResult result = run_processor(stage, events_from_json({event("e1"), event("e2")}));
  EXPECT_EQ(result.passed.size(), 2u);
  EXPECT_EQ(context_.recording_metrics().counter_value("redis_dedup_unavailable_total"), 2);
  EXPECT_EQ(context_.recording_metrics().counter_value("redis_dedup_confirmed_total"), 0);
  EXPECT_TRUE(context_.logged(
      "warning: redis unavailable, passing events on unconfirmed: PostgreSQL idempotency still guards: cannot "
      "connect to redis at 127.0.0.1:1: Connection refused"));
}

TEST_F(RedisDedupTest, LifecycleIsSafeInAnyOrder) {
  for (const std::string& url : {RedisTestKeys::url(), std::string(kClosedPortUrl)}) {
    RedisDedup stage(options(DedupMode::kCheck, url), context_);
    stage.stop();
    stage.stop();
    for (int round = 0; round < 2; ++round) {
      stage.start();
      EXPECT_EQ(run_processor(stage, {}).total(), 0u);
      stage.drain(Clock::now());
      stage.stop();
      stage.stop();
    }
  }
}

TEST_F(RedisDedupTest, ThePluginsShareTheRedisResource) {
  SharedPlugin resource_plugin("redis");
  SharedPlugin dedup_plugin("redis-dedup");
  PluginHarness resource_harness(resource_plugin.plugin(), "redis", "redis");
  std::shared_ptr<Resource> resource = resource_plugin.plugin().create_resource(
      resource_harness.config({{"url", RedisTestKeys::url()}}), resource_harness.context());

  PluginHarness confirm_harness(dedup_plugin.plugin(), "confirmed", "redis-dedup");
  confirm_harness.context().add_resource("redis", resource);
  auto confirm = confirm_harness.create_processor({{"mode", "confirm"}, {"key_prefix", keys_->prefix()}});
  confirm->start();
  EXPECT_EQ(run_processor(*confirm, events_from_json({event("p-1")})).passed.size(), 1u);

  PluginHarness check_harness(dedup_plugin.plugin(), "deduped", "redis-dedup");
  check_harness.context().add_resource("redis", resource);
  auto check = check_harness.create_processor({{"key_prefix", keys_->prefix()}});
  check->start();
  const ProcessResult result = run_processor(*check, events_from_json({event("p-1"), event("p-2")}));
  EXPECT_THAT(ids_of(result.passed), ElementsAre("p-2"));
  EXPECT_THAT(reasons_of(result.dropped), ElementsAre("duplicate of event p-1"));
  const std::int64_t ttl = keys_->run({"TTL", keys_->prefix() + "p-1"}).integer_value();
  EXPECT_GT(ttl, 24 * 3600 - 100);  // the default ttl, 24h
  EXPECT_LE(ttl, 24 * 3600);
}

}  // namespace
}  // namespace streamline::testing::redis
