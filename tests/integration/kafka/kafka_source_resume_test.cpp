// kafka-source resuming from a position store (exactly-once into a sink's
// store, <streamline/position_store.hpp>): a partition starts where the store
// is ahead of the group's committed offset, and nowhere else.

#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <streamline/errors.hpp>
#include <streamline/position_store.hpp>
#include <streamline/testing/plugin_harness.hpp>

#include "tests/integration/kafka/kafka_clients.hpp"
#include "tests/integration/kafka/mock_cluster.hpp"
#include "tests/unit/plugins/shared_plugin.hpp"

namespace streamline::testing::kafka {
namespace {

using std::chrono::milliseconds;

constexpr int kPartitions = 2;
const std::string kTopic = "orders";
const std::string kGroup = "pipeline";

// A store a test fills; records which consumer it was asked about.
class MemoryPositionStore final : public Resource, public PositionStore {
 public:
  explicit MemoryPositionStore(std::vector<Position> positions, bool down = false)
      : positions_(std::move(positions)), down_(down) {}
  std::vector<Position> stored_positions(std::string_view consumer) override {
    std::lock_guard lock(mutex_);
    asked_.emplace_back(consumer);
    if (down_) throw TransientError("store is down");
    return positions_;
  }
  std::vector<std::string> asked() const {
    std::lock_guard lock(mutex_);
    return asked_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<Position> positions_;
  bool down_;
  std::vector<std::string> asked_;
};

// A resource that keeps no positions.
class PlainResource final : public Resource {};

class KafkaSourceResumeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cluster_.create_topic(kTopic, kPartitions);
    std::vector<OutgoingMessage> messages;
    for (int i = 0; i < 100; ++i)
      for (int p = 0; p < kPartitions; ++p) messages.push_back({p, "k", "v" + std::to_string(i), {}});
    produce(cluster_.bootstraps(), kTopic, messages);
  }

  Json config(bool resume = true) const {
    Json c = {{"brokers", cluster_.bootstraps()},
              {"group_id", kGroup},
              {"topics", {kTopic}},
              {"librdkafka", {{"session.timeout.ms", 6000}, {"heartbeat.interval.ms", 500}}}};
    if (resume) c["resume_from"] = "store";
    return c;
  }

  // Reads until `count` events arrived; the first offset read per partition.
  static std::map<std::int32_t, std::int64_t> first_offsets(Source& source, std::size_t count) {
    std::map<std::int32_t, std::int64_t> first;
    std::size_t read = 0;
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    while (read < count && Clock::now() < deadline) {
      Batch batch;
      source.poll(batch, 1000, milliseconds(100));
      for (const auto& e : batch.events()) first.emplace(e.origin.partition, e.origin.offset);
      read += batch.size();
    }
    EXPECT_EQ(read, count);
    return first;
  }

  MockCluster cluster_;
  SharedPlugin shared_{"kafka-source"};
};

TEST_F(KafkaSourceResumeTest, StartsWhereTheStoreIsAheadOfTheCommittedOffsets) {
  // The group committed 20 on partition 0 and 90 on partition 1; the store
  // holds 60 and 50: partition 0 resumes at 60, partition 1 keeps 90.
  {
    PluginHarness h(shared_.plugin(), "orders", "kafka-source");
    h.context().enable_acknowledgements();
    auto source = h.create_source(config(/*resume=*/false));
    source->start();
    first_offsets(*source, 200);
    source->commit({{kTopic, 0, 20}, {kTopic, 1, 90}});
    source->stop();
  }
  auto store = std::make_shared<MemoryPositionStore>(std::vector<Position>{{kTopic, 0, 60}, {kTopic, 1, 50}});
  PluginHarness h(shared_.plugin(), "orders", "kafka-source");
  FakeAcknowledgements& acks = h.context().enable_acknowledgements();
  h.context().add_resource("store", store);
  auto source = h.create_source(config());
  EXPECT_EQ(acks.consumer(), kGroup) << "sinks store this source's positions under its group";
  source->start();
  EXPECT_EQ(first_offsets(*source, 40 + 10), (std::map<std::int32_t, std::int64_t>{{0, 60}, {1, 90}}));
  EXPECT_EQ(store->asked(), std::vector<std::string>{kGroup});
  EXPECT_TRUE(h.context().logged("kafka: orders[0] resumes at 60 from 'store' (group committed 20)"));
  EXPECT_EQ(h.context().recording_metrics().counter_value("kafka_source_resumed_from_store_total"), 1);
  source->stop();
}

TEST_F(KafkaSourceResumeTest, WithNothingCommittedTheStoreDecides) {
  auto store = std::make_shared<MemoryPositionStore>(std::vector<Position>{{kTopic, 1, 99}, {"other", 0, 5}});
  PluginHarness h(shared_.plugin(), "orders", "kafka-source");
  h.context().enable_acknowledgements();
  h.context().add_resource("store", store);
  auto source = h.create_source(config());
  source->start();
  EXPECT_EQ(first_offsets(*source, 100 + 1), (std::map<std::int32_t, std::int64_t>{{0, 0}, {1, 99}}));
  EXPECT_TRUE(h.context().logged("kafka: orders[1] resumes at 99 from 'store' (group committed nothing)"));
  source->stop();
}

TEST_F(KafkaSourceResumeTest, AStoreThatDoesNotAnswerFallsBackToTheCommittedOffsets) {
  auto store = std::make_shared<MemoryPositionStore>(std::vector<Position>{{kTopic, 0, 60}}, /*down=*/true);
  PluginHarness h(shared_.plugin(), "orders", "kafka-source");
  h.context().enable_acknowledgements();
  h.context().add_resource("store", store);
  auto source = h.create_source(config());
  source->start();
  EXPECT_EQ(first_offsets(*source, 200), (std::map<std::int32_t, std::int64_t>{{0, 0}, {1, 0}}));
  EXPECT_TRUE(h.context().logged("kafka: no positions from 'store' (store is down); resuming from the committed offsets"));
  source->stop();
}

TEST_F(KafkaSourceResumeTest, ResumeFromMustNameAResourceThatKeepsPositions) {
  PluginHarness h(shared_.plugin(), "orders", "kafka-source");
  h.context().enable_acknowledgements();
  try {
    h.create_source(config());
    FAIL() << "created without the resource";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "no resource named 'store' (declare it under `resources:`)");
  }
  h.context().add_resource("store", std::make_shared<PlainResource>());
  try {
    h.create_source(config());
    FAIL() << "created with a resource that keeps no positions";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "resource 'store' keeps no positions (a `postgres` resource does)");
  }
}

}  // namespace
}  // namespace streamline::testing::kafka
