// redis-cache against the test stack's Redis: both formats with their TTL,
// the forward-only guard (older states and replays change nothing), the
// script reloaded after SCRIPT FLUSH, and retry versus skip when Redis is
// unavailable.

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <streamline/testing/plugin_harness.hpp>
#include <streamline/testing/stage_harness.hpp>

#include "redis/redis_errors.hpp"
#include "redis/redis_options.hpp"
#include "redis/redis_pool.hpp"
#include "redis_cache.hpp"
#include "tests/integration/redis/redis_test_keys.hpp"
#include "tests/unit/plugins/shared_plugin.hpp"

namespace streamline::testing::redis {
namespace {

using namespace std::chrono_literals;
using plugins::redis::RedisOptions;
using plugins::redis::RedisPool;
using plugins::redis::RedisReply;
using plugins::redis::RedisUnavailable;
using plugins::redis::redis_options_from_url;
using plugins::redis_cache::CacheFormat;
using plugins::redis_cache::RedisCache;
using plugins::redis_cache::RedisCacheOptions;
using plugins::redis_cache::UnavailablePolicy;

constexpr const char* kStatuses[] = {"", "CREATED", "PAID", "SHIPPED", "DELIVERED", "CANCELLED"};

// order_state as pg-sink adds it to the last applied event of an order.
Json order_state(const std::string& order_id, int sequence, Json fraud_decision = nullptr) {
  return {{"order_id", order_id},
          {"user_id", "user-00042"},
          {"status", kStatuses[sequence]},
          {"sequence", sequence},
          {"total_amount", 25.5},
          {"currency", "USD"},
          {"item_count", 2},
          {"fraud_decision", std::move(fraud_decision)},
          {"created_at", "2025-01-01T00:00:00.000Z"},
          {"updated_at", "2025-01-01T00:0" + std::to_string(sequence) + ":00.000Z"},
          {"last_event_id", "evt-" + order_id + "-" + std::to_string(sequence)},
          {"last_event_type", std::string("ORDER_") + kStatuses[sequence]}};
}

Json event_with(const Json& state) {
  return {{"event_id", state["last_event_id"]}, {"order_id", state["order_id"]}, {"order_state", state}};
}

// HGETALL as a map.
std::map<std::string, std::string> as_map(const RedisReply& reply) {
  std::map<std::string, std::string> fields;
  for (std::size_t i = 0; i + 1 < reply.elements().size(); i += 2)
    fields[reply.elements()[i].text()] = reply.elements()[i + 1].text();
  return fields;
}

class RedisCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!RedisTestKeys::available()) GTEST_SKIP() << RedisTestKeys::kSkipMessage;
    keys_ = std::make_unique<RedisTestKeys>(::testing::UnitTest::GetInstance()->current_test_info()->name());
  }

  RedisCacheOptions options(CacheFormat format, const std::string& url = RedisTestKeys::url()) {
    RedisOptions redis = redis_options_from_url(url);
    redis.reconnect_interval = 60s;
    RedisCacheOptions o;
    o.pool = std::make_shared<RedisPool>(redis);
    o.key_prefix = keys_->prefix();
    o.format = format;
    o.ttl = 3600s;
    return o;
  }
  std::string key(const std::string& order_id) const { return keys_->prefix() + order_id; }
  std::map<std::string, std::string> hash_of(const std::string& order_id) {
    return as_map(keys_->run({"HGETALL", key(order_id)}));
  }
  double counter(const std::string& name) { return context_.recording_metrics().counter_value(name); }

  std::unique_ptr<RedisTestKeys> keys_;
  FakeContext context_{"cache", "redis-cache"};
};

TEST_F(RedisCacheTest, HashFormatWritesEveryNonNullFieldWithTheTtl) {
  RedisCache stage(options(CacheFormat::kHash), context_);
  stage.start();
  const Json plain = {{"event_id", "evt-x"}, {"order_id", "ord-2"}};
  const ProcessResult result = run_processor(stage, events_from_json({event_with(order_state("ord-1", 2)), plain}));
  ASSERT_EQ(result.passed.size(), 2u);
  EXPECT_EQ(result.passed[1].json(), plain);  // untouched

  const std::map<std::string, std::string> expected = {
      {"order_id", "ord-1"},       {"user_id", "user-00042"},
      {"status", "PAID"},          {"sequence", "2"},
      {"total_amount", "25.5"},    {"currency", "USD"},
      {"item_count", "2"},         {"created_at", "2025-01-01T00:00:00.000Z"},
      {"updated_at", "2025-01-01T00:02:00.000Z"}, {"last_event_id", "evt-ord-1-2"},
      {"last_event_type", "ORDER_PAID"}};
  EXPECT_EQ(hash_of("ord-1"), expected);  // fraud_decision null: no field
  const std::int64_t ttl = keys_->run({"PTTL", key("ord-1")}).integer_value();
  EXPECT_GT(ttl, 3500 * 1000);
  EXPECT_LE(ttl, 3600 * 1000);
  EXPECT_EQ(keys_->run({"EXISTS", key("ord-2")}), RedisReply::integer(0));
  EXPECT_EQ(counter("redis_cache_written_total"), 1);
}

TEST_F(RedisCacheTest, JsonFormatWritesTheObjectAsTextWithTheTtl) {
  RedisCache stage(options(CacheFormat::kJson), context_);
  const Json state = order_state("ord-1", 1, "review");
  run_processor(stage, events_from_json({event_with(state)}));
  EXPECT_EQ(Json::parse(keys_->run({"GET", key("ord-1")}).text()), state);
  const std::int64_t ttl = keys_->run({"TTL", key("ord-1")}).integer_value();
  EXPECT_GT(ttl, 3500);
  EXPECT_LE(ttl, 3600);
}

TEST_F(RedisCacheTest, AnOlderStateNeverReplacesANewerOneAndAReplayChangesNothing) {
  for (CacheFormat format : {CacheFormat::kHash, CacheFormat::kJson}) {
    const std::string order = format == CacheFormat::kHash ? "ord-hash" : "ord-json";
    RedisCache stage(options(format), context_);
    run_processor(stage, events_from_json({event_with(order_state(order, 3))}));
    const RedisReply before = keys_->run({"DUMP", key(order)});

    run_processor(stage, events_from_json({event_with(order_state(order, 2))}));  // late
    run_processor(stage, events_from_json({event_with(order_state(order, 3))}));  // replay
    EXPECT_EQ(keys_->run({"DUMP", key(order)}), before);

    run_processor(stage, events_from_json({event_with(order_state(order, 4))}));
    const std::string status = format == CacheFormat::kHash
                                   ? hash_of(order).at("status")
                                   : Json::parse(keys_->run({"GET", key(order)}).text())["status"].get<std::string>();
    EXPECT_EQ(status, "DELIVERED");
  }
  EXPECT_EQ(counter("redis_cache_written_total"), 4);
  EXPECT_EQ(counter("redis_cache_stale_total"), 4);
}

TEST_F(RedisCacheTest, WithinOneBatchTheNewestStateWinsWhateverItsPlace) {
  RedisCache stage(options(CacheFormat::kHash), context_);
  run_processor(stage, events_from_json({event_with(order_state("ord-1", 4)), event_with(order_state("ord-1", 2)),
                                         event_with(order_state("ord-2", 1))}));
  EXPECT_EQ(hash_of("ord-1").at("sequence"), "4");
  EXPECT_EQ(hash_of("ord-2").at("sequence"), "1");
}

TEST_F(RedisCacheTest, ANewerStateReplacesTheWholeHashSoANulledFieldGoes) {
  RedisCache stage(options(CacheFormat::kHash), context_);
  run_processor(stage, events_from_json({event_with(order_state("ord-1", 1, "review"))}));
  EXPECT_EQ(hash_of("ord-1").at("fraud_decision"), "review");
  run_processor(stage, events_from_json({event_with(order_state("ord-1", 2))}));
  EXPECT_EQ(hash_of("ord-1").count("fraud_decision"), 0u);
}

TEST_F(RedisCacheTest, TheGuardReadsTheSequenceWrittenInTheOtherFormat) {
  RedisCache hash_stage(options(CacheFormat::kHash), context_);
  RedisCache json_stage(options(CacheFormat::kJson), context_);
  run_processor(hash_stage, events_from_json({event_with(order_state("ord-1", 3))}));
  run_processor(json_stage, events_from_json({event_with(order_state("ord-1", 2))}));
  EXPECT_EQ(keys_->run({"TYPE", key("ord-1")}), RedisReply::status("hash"));
  run_processor(json_stage, events_from_json({event_with(order_state("ord-1", 4))}));
  EXPECT_EQ(keys_->run({"TYPE", key("ord-1")}), RedisReply::status("string"));
  run_processor(hash_stage, events_from_json({event_with(order_state("ord-1", 3))}));
  EXPECT_EQ(keys_->run({"TYPE", key("ord-1")}), RedisReply::status("string"));
  // A value with no readable sequence is replaced.
  keys_->run({"SET", key("ord-2"), "not json"});
  run_processor(json_stage, events_from_json({event_with(order_state("ord-2", 1))}));
  EXPECT_EQ(Json::parse(keys_->run({"GET", key("ord-2")}).text())["sequence"], 1);
}

TEST_F(RedisCacheTest, WritesAgainAfterTheServerForgotTheScript) {
  RedisCache stage(options(CacheFormat::kHash), context_);
  stage.start();
  run_processor(stage, events_from_json({event_with(order_state("ord-1", 1))}));
  keys_->run({"SCRIPT", "FLUSH"});
  run_processor(stage, events_from_json({event_with(order_state("ord-1", 2)), event_with(order_state("ord-2", 1))}));
  EXPECT_EQ(hash_of("ord-1").at("sequence"), "2");
  EXPECT_EQ(hash_of("ord-2").at("sequence"), "1");
  run_processor(stage, events_from_json({event_with(order_state("ord-1", 3))}));  // EVALSHA works again
  EXPECT_EQ(hash_of("ord-1").at("sequence"), "3");
  EXPECT_EQ(counter("redis_cache_written_total"), 4);
}

// More states than one script call takes: each call writes its share, and
// when the server forgot the script every call goes again with its text.
TEST_F(RedisCacheTest, ABatchOfMoreStatesThanOneCallWritesEachOnceAcrossCalls) {
  RedisCache stage(options(CacheFormat::kHash), context_);
  const std::size_t orders = 2 * RedisCache::kWritesPerCall + 3;
  auto batch_at = [&](int sequence) {
    std::vector<Json> events;
    for (std::size_t i = 0; i < orders; ++i) events.push_back(event_with(order_state("ord-" + std::to_string(i), sequence)));
    return events_from_json(events);
  };
  stage.start();
  run_processor(stage, batch_at(2));
  keys_->run({"SCRIPT", "FLUSH"});
  run_processor(stage, batch_at(1));  // older everywhere: EVAL, all stale
  run_processor(stage, batch_at(3));
  for (std::size_t i : {std::size_t{0}, RedisCache::kWritesPerCall - 1, RedisCache::kWritesPerCall, orders - 1})
    EXPECT_EQ(hash_of("ord-" + std::to_string(i)).at("status"), "SHIPPED") << "order " << i;
  EXPECT_EQ(keys_->run({"KEYS", keys_->prefix() + "*"}).elements().size(), orders);
  EXPECT_EQ(counter("redis_cache_written_total"), static_cast<double>(2 * orders));
  EXPECT_EQ(counter("redis_cache_stale_total"), static_cast<double>(orders));
}

TEST_F(RedisCacheTest, AnOrderStateWithoutOrderIdOrSequenceFailsItsEvent) {
  RedisCache stage(options(CacheFormat::kHash), context_);
  Json no_sequence = order_state("ord-1", 1);
  no_sequence.erase("sequence");
  const ProcessResult result =
      run_processor(stage, events_from_json({event_with(no_sequence), event_with(order_state("ord-2", 1))}));
  ASSERT_EQ(result.failed.size(), 1u);
  EXPECT_EQ(result.failed[0].reason, "cannot cache the order state: order_state has no sequence (an integer)");
  EXPECT_EQ(result.passed.size(), 1u);
  EXPECT_EQ(keys_->run({"EXISTS", key("ord-1")}), RedisReply::integer(0));
}

TEST_F(RedisCacheTest, RetryThrowsATransientErrorWhileRedisIsUnavailable) {
  RedisCache stage(options(CacheFormat::kHash, kClosedPortUrl), context_);
  stage.start();
  EXPECT_TRUE(context_.logged("warning: redis unavailable at start, order states will be written once it answers: "
                              "cannot connect to redis at 127.0.0.1:1: Connection refused"));
  Batch batch(events_from_json({event_with(order_state("ord-1", 1))}));
  try {
    stage.process(batch);
    FAIL() << "no exception";
  } catch (const TransientError& e) {
    EXPECT_NE(dynamic_cast<const RedisUnavailable*>(&e), nullptr);
    EXPECT_STREQ(e.what(),
                 "cannot connect to redis at 127.0.0.1:1: Connection refused (reconnect attempts at most every 60000ms)");
  }
  // Without an order state there is nothing to write: no Redis needed.
  EXPECT_EQ(run_processor(stage, events_from_json({Json{{"event_id", "e"}}})).passed.size(), 1u);
}

TEST_F(RedisCacheTest, SkipPassesEventsOnUncachedCountedAndWarnsOnce) {
  RedisCacheOptions o = options(CacheFormat::kHash, kClosedPortUrl);
  o.on_unavailable = UnavailablePolicy::kSkip;
  RedisCache stage(std::move(o), context_);
  const ProcessResult first = run_processor(
      stage, events_from_json({event_with(order_state("ord-1", 1)), event_with(order_state("ord-2", 1)),
                               Json{{"event_id", "plain"}}}));
  const ProcessResult second = run_processor(stage, events_from_json({event_with(order_state("ord-1", 2))}));
  EXPECT_EQ(first.passed.size(), 3u);
  EXPECT_EQ(second.passed.size(), 1u);
  EXPECT_EQ(counter("redis_cache_skipped_total"), 3);
  std::size_t warnings = 0;
  for (const auto& line : context_.log_lines()) warnings += line.find("order states not cached") != std::string::npos;
  EXPECT_EQ(warnings, 1u);
  EXPECT_TRUE(context_.logged("warning: redis unavailable, 2 order states not cached (on_unavailable: skip): "
                              "cannot connect to redis at 127.0.0.1:1: Connection refused"));
}

TEST_F(RedisCacheTest, LifecycleIsSafeInAnyOrder) {
  for (const std::string& url : {RedisTestKeys::url(), std::string(kClosedPortUrl)}) {
    RedisCache stage(options(CacheFormat::kHash, url), context_);
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

TEST_F(RedisCacheTest, ThePluginWritesThroughTheRedisResource) {
  SharedPlugin resource_plugin("redis");
  SharedPlugin cache_plugin("redis-cache");
  PluginHarness resource_harness(resource_plugin.plugin(), "redis", "redis");
  std::shared_ptr<Resource> resource = resource_plugin.plugin().create_resource(
      resource_harness.config({{"url", RedisTestKeys::url()}}), resource_harness.context());
  PluginHarness harness(cache_plugin.plugin(), "cache", "redis-cache");
  harness.context().add_resource("redis", resource);
  auto stage = harness.create_sink({{"key_prefix", keys_->prefix()}, {"format", "json"}});
  stage->start();
  run_processor(*stage, events_from_json({event_with(order_state("ord-1", 2))}));
  EXPECT_EQ(Json::parse(keys_->run({"GET", key("ord-1")}).text())["status"], "PAID");
  const std::int64_t ttl = keys_->run({"TTL", key("ord-1")}).integer_value();
  EXPECT_GT(ttl, 7 * 24 * 3600 - 100);  // the default ttl, 7 days
  EXPECT_LE(ttl, 7 * 24 * 3600);
}

}  // namespace
}  // namespace streamline::testing::redis
