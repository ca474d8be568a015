// The `generate` plugin: the source directly, and its factory from generate.so.

#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <streamline/testing/plugin_harness.hpp>
#include <streamline/testing/stage_harness.hpp>

#include "plugins/generate/generate.hpp"
#include "tests/unit/plugins/shared_plugin.hpp"

namespace {

using namespace std::chrono_literals;
using streamline::Batch;
using streamline::Json;
using streamline::PollStatus;
using streamline::plugins::generate::GenerateOptions;
using streamline::plugins::generate::GenerateSource;
using streamline::plugins::generate::make_order_document;
using namespace streamline::testing;

GenerateOptions options(std::uint64_t count, std::uint64_t seed = 0, std::size_t batch_size = 1024) {
  GenerateOptions o;
  o.count = count;
  o.seed = seed;
  o.batch_size = batch_size;
  return o;
}

std::vector<Json> documents(GenerateSource& source, std::size_t max_events = 1024) {
  return documents_of(poll_until_exhausted(source, max_events).events);
}

TEST(GenerateSource, ProducesExactlyCountEventsThenIsExhausted) {
  GenerateSource source(options(10, 0, 4), {});
  std::vector<std::size_t> sizes;
  Batch batch;
  while (source.poll(batch, 1024, 0ms) == PollStatus::kReady) {
    sizes.push_back(batch.size());
    batch.clear();
  }
  EXPECT_EQ(sizes, (std::vector<std::size_t>{4, 4, 2}));
  EXPECT_TRUE(batch.empty());
  EXPECT_EQ(source.produced(), 10u);
  EXPECT_EQ(source.poll(batch, 1024, 0ms), PollStatus::kExhausted);  // and stays so
  EXPECT_TRUE(batch.empty());
}

TEST(GenerateSource, OriginIsTopicPartitionZeroAndSequenceOffset) {
  GenerateOptions o = options(5);
  o.topic = "orders-gen";
  GenerateSource source(o, {});
  const PollResult r = poll_until_exhausted(source, 2);
  ASSERT_EQ(r.events.size(), 5u);
  for (std::size_t i = 0; i < r.events.size(); ++i) {
    EXPECT_EQ(r.events[i].origin.topic, "orders-gen");
    EXPECT_EQ(r.events[i].origin.partition, 0);
    EXPECT_EQ(r.events[i].origin.offset, static_cast<std::int64_t>(i));
  }
}

TEST(GenerateSource, DocumentsAreOrderLike) {
  const std::set<std::string> countries{"DE", "FR", "US", "GB", "NL", "ES", "IT", "PL"};
  const std::set<std::string> types{"ORDER_CREATED", "ORDER_PAID", "ORDER_SHIPPED", "ORDER_DELIVERED",
                                    "ORDER_CANCELLED"};
  GenerateSource source(options(500, 3), {});
  std::set<std::string> seen_countries, seen_types;
  std::uint64_t n = 0;
  for (const Json& d : documents(source)) {
    ASSERT_EQ(d.size(), 6u) << d.dump();
    EXPECT_EQ(d.at("id").get<std::uint64_t>(), n);
    EXPECT_EQ(d.at("seq").get<std::uint64_t>(), n);
    EXPECT_TRUE(countries.count(d.at("country").get<std::string>())) << d.dump();
    EXPECT_TRUE(types.count(d.at("type").get<std::string>())) << d.dump();
    const double amount = d.at("amount").get<double>();
    EXPECT_GE(amount, 0.01);
    EXPECT_LE(amount, 500.0);
    const auto user = d.at("user_id").get<std::int64_t>();
    EXPECT_GE(user, 1);
    EXPECT_LE(user, 1000);
    seen_countries.insert(d.at("country").get<std::string>());
    seen_types.insert(d.at("type").get<std::string>());
    ++n;
  }
  EXPECT_EQ(n, 500u);
  EXPECT_EQ(seen_countries, countries);  // the values vary
  EXPECT_EQ(seen_types, types);
}

TEST(GenerateSource, SameSeedGivesTheSameEventsWhateverTheBatches) {
  GenerateSource a(options(100, 7, 3), {});
  GenerateSource b(options(100, 7, 64), {});
  const std::vector<Json> first = documents(a);
  EXPECT_EQ(first, documents(b, 5));
  EXPECT_EQ(first.at(42), make_order_document(7, 42));
}

TEST(GenerateSource, OtherSeedGivesOtherEvents) {
  GenerateSource a(options(20, 7), {});
  GenerateSource b(options(20, 8), {});
  EXPECT_NE(documents(a), documents(b));
}

TEST(GenerateSource, PayloadIsADocumentItsTextMatches) {
  GenerateSource source(options(1, 1), {});
  const PollResult r = poll_until_exhausted(source);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(Json::parse(r.events[0].raw()), r.events[0].json());
}

TEST(GenerateSource, RespectsMaxEventsAndBatchSize) {
  GenerateSource source(options(100, 0, 8), {});
  Batch batch;
  EXPECT_EQ(source.poll(batch, 3, 0ms), PollStatus::kReady);
  EXPECT_EQ(batch.size(), 3u);
  batch.clear();
  EXPECT_EQ(source.poll(batch, 1000, 0ms), PollStatus::kReady);
  EXPECT_EQ(batch.size(), 8u);
  EXPECT_EQ(batch[0].origin.offset, 3);
}

TEST(GenerateSource, CountZeroIsEndless) {
  GenerateSource source(options(0, 0, 100), {});
  const PollResult r = poll_until_exhausted(source, 100, 0ms, /*max_polls=*/50);
  EXPECT_FALSE(r.exhausted);
  EXPECT_EQ(r.events.size(), 5000u);
  EXPECT_EQ(r.events.back().origin.offset, 4999);
}

TEST(GenerateSource, PauseStopsProducingAndResumeContinues) {
  GenerateSource source(options(10, 0, 4), {});
  Batch batch;
  source.poll(batch, 1024, 0ms);
  ASSERT_EQ(batch.size(), 4u);
  source.pause();
  batch.clear();
  EXPECT_EQ(source.poll(batch, 1024, 1ms), PollStatus::kReady);
  EXPECT_TRUE(batch.empty());
  source.resume();
  EXPECT_EQ(source.poll(batch, 1024, 0ms), PollStatus::kReady);
  ASSERT_EQ(batch.size(), 4u);
  EXPECT_EQ(batch[0].origin.offset, 4);
}

TEST(GenerateSource, RateHoldsBackEventsNotYetDue) {
  GenerateOptions o = options(10);
  o.rate = 0.01;  // one event per 100 s: the second is due 100 s after the first
  GenerateSource source(o, {});
  Batch batch;
  EXPECT_EQ(source.poll(batch, 1024, 0ms), PollStatus::kReady);
  EXPECT_EQ(batch.size(), 1u);
  EXPECT_EQ(source.poll(batch, 1024, 0ms), PollStatus::kReady);
  EXPECT_EQ(batch.size(), 1u);
}

TEST(GenerateSource, RateWaitWakesOnStop) {
  std::stop_source stop;
  GenerateOptions o = options(10);
  o.rate = 0.001;  // the second event is due in 1000 s
  GenerateSource source(o, stop.get_token());
  Batch batch;
  source.poll(batch, 1024, 0ms);
  ASSERT_EQ(batch.size(), 1u);
  std::thread stopper([&] {
    std::this_thread::sleep_for(20ms);
    stop.request_stop();
  });
  EXPECT_EQ(source.poll(batch, 1024, std::chrono::hours(1)), PollStatus::kReady);  // returns: the test ends
  stopper.join();
  EXPECT_EQ(batch.size(), 1u);
}

TEST(GenerateSource, PausedWaitWakesOnStop) {
  std::stop_source stop;
  GenerateSource source(options(10), stop.get_token());
  source.pause();
  stop.request_stop();
  Batch batch;
  EXPECT_EQ(source.poll(batch, 1024, std::chrono::hours(1)), PollStatus::kReady);
  EXPECT_TRUE(batch.empty());
}

class GeneratePluginTest : public ::testing::Test {
 protected:
  SharedPlugin shared_{"generate"};
  PluginHarness harness_{shared_.plugin(), "src", "generate"};
};

TEST_F(GeneratePluginTest, IsASourceThatRunsAlone) {
  EXPECT_STREQ(shared_.descriptor().name, "generate");
  EXPECT_EQ(shared_.plugin().kind(), streamline::PluginKind::kSource);
  EXPECT_FALSE(shared_.plugin().allows_concurrency());
}

TEST_F(GeneratePluginTest, DefaultsMakeAThousandEventsOnTopicGenerate) {
  auto source = harness_.create_source(Json::object());
  const PollResult r = poll_until_exhausted(*source);
  EXPECT_TRUE(r.exhausted);
  ASSERT_EQ(r.events.size(), 1000u);
  EXPECT_EQ(r.events.front().origin.topic, "generate");
  EXPECT_EQ(r.events.back().origin.offset, 999);
  EXPECT_EQ(r.polls, 2u);  // 1000 events fit one batch of 1024, then exhausted
}

TEST_F(GeneratePluginTest, AppliesItsOptions) {
  auto source = harness_.create_source({{"count", 5}, {"seed", 9}, {"batch_size", 2}, {"topic", "t"}});
  const PollResult r = poll_until_exhausted(*source);
  ASSERT_EQ(r.events.size(), 5u);
  EXPECT_EQ(r.polls, 4u);  // 2 + 2 + 1, then exhausted
  EXPECT_EQ(r.events[3].origin.topic, "t");
  EXPECT_EQ(r.events[3].json(), make_order_document(9, 3));
}

TEST_F(GeneratePluginTest, ReportsBadOptions) {
  EXPECT_EQ(describe(harness_.validate({{"topic", ""}})), "topic: topic must not be empty");
  EXPECT_EQ(describe(harness_.validate({{"count", -1}})), "count: must be at least 0");
  EXPECT_EQ(describe(harness_.validate({{"batch_size", 0}})), "batch_size: must be at least 1");
  EXPECT_EQ(describe(harness_.validate({{"rate", -0.5}})), "rate: must be at least 0");
}

TEST_F(GeneratePluginTest, StopsOnTheContextsStopToken) {
  auto source = harness_.create_source({{"rate", 0.001}});
  Batch batch;
  source->poll(batch, 1024, 0ms);
  harness_.context().request_stop();
  EXPECT_EQ(source->poll(batch, 1024, std::chrono::hours(1)), PollStatus::kReady);
  EXPECT_EQ(batch.size(), 1u);
}

}  // namespace
