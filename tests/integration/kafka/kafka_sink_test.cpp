// kafka-sink against a Kafka-protocol broker (librdkafka's mock cluster).

#include <map>
#include <set>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <streamline/errors.hpp>
#include <streamline/testing/plugin_harness.hpp>
#include <streamline/testing/stage_harness.hpp>

#include "tests/integration/kafka/kafka_clients.hpp"
#include "tests/integration/kafka/mock_cluster.hpp"
#include "tests/unit/plugins/shared_plugin.hpp"

namespace streamline::testing::kafka {
namespace {

constexpr int kPartitions = 4;
const std::string kTopic = "orders";

// N order events keyed by nothing but their order_id field.
std::vector<Event> order_events(int n, const std::string& prefix = "ord-") {
  std::vector<Event> events;
  for (int i = 0; i < n; ++i) {
    Event e = Event::from_raw(R"({"order_id":")" + prefix + std::to_string(i) + R"(","amount":)" +
                              std::to_string(i) + "}");
    e.origin = {"test", 0, i};
    events.push_back(std::move(e));
  }
  return events;
}

class KafkaSinkTest : public ::testing::Test {
 protected:
  void SetUp() override { cluster_.create_topic(kTopic, kPartitions); }

  Json config(Json extra = Json::object()) const {
    Json c = {{"brokers", cluster_.bootstraps()}, {"topic", kTopic}, {"key_field", "order_id"}};
    c.update(extra);
    return c;
  }

  // Payload -> how many times it is in the topic.
  std::map<std::string, int> payload_counts() const {
    std::map<std::string, int> counts;
    for (const auto& m : read_topic(cluster_.bootstraps(), kTopic, kPartitions)) ++counts[m.value];
    return counts;
  }

  MockCluster cluster_;
  SharedPlugin shared_{"kafka-sink"};
  PluginHarness harness_{shared_.plugin(), "to_kafka", "kafka-sink"};
};

TEST_F(KafkaSinkTest, ProducesEveryEventOnceWithItsKeyAndHeaders) {
  auto sink = harness_.create_sink(config());
  sink->start();
  std::vector<Event> events = order_events(300);
  events[7].headers = {{"trace-id", "abc"}, {"source", "test"}};
  const ProcessResult result = run_processor(*sink, std::move(events));
  EXPECT_EQ(result.passed.size(), 300u);
  EXPECT_TRUE(result.failed.empty());
  sink->stop();

  const auto messages = read_topic(cluster_.bootstraps(), kTopic, kPartitions);
  ASSERT_EQ(messages.size(), 300u);
  std::set<std::string> keys;
  std::set<std::int32_t> partitions;
  for (const auto& m : messages) {
    const Json doc = Json::parse(m.value);
    EXPECT_EQ(m.key, doc["order_id"]);
    keys.insert(m.key);
    partitions.insert(m.partition);
    if (m.key == "ord-7") {
      EXPECT_EQ(m.headers, (std::vector<Header>{{"trace-id", "abc"}, {"source", "test"}}));
    } else {
      EXPECT_TRUE(m.headers.empty());
    }
  }
  EXPECT_EQ(keys.size(), 300u);
  EXPECT_EQ(partitions.size(), static_cast<std::size_t>(kPartitions));  // keys spread over partitions
}

TEST_F(KafkaSinkTest, OneKeyAlwaysLandsInOnePartitionInOrder) {
  auto sink = harness_.create_sink(config());
  sink->start();
  std::vector<Event> events;
  for (int i = 0; i < 50; ++i) events.push_back(Event::from_raw(R"({"order_id":"same","step":)" + std::to_string(i) + "}"));
  EXPECT_EQ(run_processor(*sink, std::move(events)).passed.size(), 50u);
  sink->stop();

  const auto messages = read_topic(cluster_.bootstraps(), kTopic, kPartitions);
  ASSERT_EQ(messages.size(), 50u);
  for (std::size_t i = 0; i < messages.size(); ++i) {
    EXPECT_EQ(messages[i].partition, messages[0].partition);
    EXPECT_EQ(Json::parse(messages[i].value)["step"], static_cast<int>(i));
  }
}

TEST_F(KafkaSinkTest, WithoutTheKeyFieldTheEventKeyIsUsed) {
  auto sink = harness_.create_sink(config());
  sink->start();
  std::vector<Event> events;
  events.push_back(Event::from_raw(R"({"no_order_id": 1})"));
  events.back().key = "event-key";
  events.push_back(Event::from_raw("not json"));
  events.back().key = "raw-key";
  EXPECT_EQ(run_processor(*sink, std::move(events)).passed.size(), 2u);
  sink->stop();

  std::map<std::string, std::string> key_of;
  for (const auto& m : read_topic(cluster_.bootstraps(), kTopic, kPartitions)) key_of[m.value] = m.key;
  EXPECT_EQ(key_of, (std::map<std::string, std::string>{{R"({"no_order_id": 1})", "event-key"}, {"not json", "raw-key"}}));
}

TEST_F(KafkaSinkTest, RetriableProduceErrorsAreRetriedInsideTheBatchWithoutDuplicates) {
  auto sink = harness_.create_sink(config());
  sink->start();
  cluster_.fail_requests(kProduceApi, 3, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS);
  EXPECT_EQ(run_processor(*sink, order_events(200)).passed.size(), 200u);
  sink->stop();

  const auto counts = payload_counts();
  EXPECT_EQ(counts.size(), 200u);
  for (const auto& [payload, count] : counts) EXPECT_EQ(count, 1) << payload;
}

TEST_F(KafkaSinkTest, ProduceErrorsOutlastingTheTimeoutThrowTransientThenTheRetrySucceedsOnce) {
  auto sink = harness_.create_sink(config({{"delivery_timeout", "1s"}}));
  sink->start();
  cluster_.fail_requests(kProduceApi, 1000, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS);
  Batch batch(order_events(100));
  try {
    sink->process(batch);
    FAIL() << "expected TransientError";
  } catch (const TransientError& e) {
    EXPECT_THAT(e.what(), ::testing::StartsWith("kafka topic 'orders': "));
    EXPECT_THAT(e.what(), ::testing::HasSubstr("0 of 100 delivered"));
  }
  cluster_.clear_request_errors(kProduceApi);
  // The engine retries the same batch.
  sink->process(batch);
  for (std::size_t i = 0; i < batch.size(); ++i) EXPECT_EQ(batch.outcome(i).disposition, Disposition::kPass);
  sink->stop();

  const auto counts = payload_counts();
  EXPECT_EQ(counts.size(), 100u);
  for (const auto& [payload, count] : counts) EXPECT_EQ(count, 1) << payload;
}

TEST_F(KafkaSinkTest, BrokerDownThrowsTransientAndNothingPassesUntilItIsBack) {
  auto sink = harness_.create_sink(config({{"delivery_timeout", "1s"}}));
  sink->start();
  EXPECT_EQ(run_processor(*sink, order_events(10, "before-")).passed.size(), 10u);

  cluster_.set_broker_down(1);
  Batch batch(order_events(50));
  EXPECT_THROW(sink->process(batch), TransientError);
  cluster_.set_broker_up(1);
  // As the engine does: retry the same batch until it passes. The client
  // reconnects with backoff, so the first retries may still fail.
  int attempts = 1;
  for (bool passed = false; !passed && attempts < 20; ++attempts) {
    try {
      sink->process(batch);
      passed = true;
    } catch (const TransientError&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
  for (std::size_t i = 0; i < batch.size(); ++i) EXPECT_EQ(batch.outcome(i).disposition, Disposition::kPass);
  EXPECT_LT(attempts, 20);
  sink->stop();

  const auto counts = payload_counts();
  EXPECT_EQ(counts.size(), 60u);
  for (const auto& [payload, count] : counts) EXPECT_EQ(count, 1) << payload;
}

TEST_F(KafkaSinkTest, AMessageTooLargeFailsOnlyThatEvent) {
  auto sink = harness_.create_sink(config());
  sink->start();
  std::vector<Event> events = order_events(3);
  events[1].set_raw(std::string(2'000'000, 'x'));
  const ProcessResult result = run_processor(*sink, std::move(events));
  EXPECT_EQ(result.passed.size(), 2u);
  ASSERT_EQ(result.failed.size(), 1u);
  EXPECT_EQ(result.failed[0].reason,
            "cannot produce to kafka topic 'orders': Broker: Message size too large (MSG_SIZE_TOO_LARGE)");
  sink->stop();
  EXPECT_EQ(read_topic(cluster_.bootstraps(), kTopic, kPartitions).size(), 2u);
}

TEST_F(KafkaSinkTest, StartThrowsTransientWhenNoBrokerAnswers) {
  auto sink = harness_.create_sink(config({{"brokers", "127.0.0.1:1"}, {"delivery_timeout", "500ms"}}));
  try {
    sink->start();
    FAIL() << "expected TransientError";
  } catch (const TransientError& e) {
    EXPECT_THAT(e.what(), ::testing::StartsWith("cannot reach Kafka at '127.0.0.1:1': "));
  }
  sink->stop();
}

TEST_F(KafkaSinkTest, LifecycleIsSafeInAnyOrder) {
  auto sink = harness_.create_sink(config());
  sink->stop();  // without start
  sink->stop();
  for (int round = 0; round < 2; ++round) {
    sink->start();
    EXPECT_EQ(run_processor(*sink, {}).total(), 0u);
    sink->drain(Clock::now());
    sink->stop();
    sink->stop();
  }
}

}  // namespace
}  // namespace streamline::testing::kafka
