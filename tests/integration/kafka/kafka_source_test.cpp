// kafka-source against a Kafka-protocol broker (librdkafka's mock cluster):
// consumption, commits, rebalances, backpressure and lag.

#include <map>
#include <set>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include <streamline/testing/plugin_harness.hpp>

#include "tests/integration/kafka/kafka_clients.hpp"
#include "tests/integration/kafka/mock_cluster.hpp"
#include "tests/unit/plugins/shared_plugin.hpp"

namespace streamline::testing::kafka {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr int kPartitions = 4;
const std::string kTopic = "orders";
constexpr auto kPollTimeout = milliseconds(100);
constexpr auto kPatience = seconds(30);

// `per_partition` messages in each partition, value "v<p>-<i>", key "k<p>-<i>".
std::vector<OutgoingMessage> messages_per_partition(int per_partition, int first = 0) {
  std::vector<OutgoingMessage> out;
  for (int i = first; i < first + per_partition; ++i)
    for (int p = 0; p < kPartitions; ++p)
      out.push_back({p, "k" + std::to_string(p) + "-" + std::to_string(i), "v" + std::to_string(p) + "-" + std::to_string(i), {}});
  return out;
}

void poll_into(Source& source, std::vector<Event>& events, std::size_t max_events = 1000) {
  Batch batch;
  source.poll(batch, max_events, kPollTimeout);
  for (auto& e : batch.events()) events.push_back(std::move(e));
}

// Polls until `count` events arrived (or the patience runs out).
std::vector<Event> poll_until(Source& source, std::size_t count, std::size_t max_events = 1000) {
  std::vector<Event> events;
  const auto deadline = Clock::now() + kPatience;
  while (events.size() < count && Clock::now() < deadline) poll_into(source, events, max_events);
  return events;
}

// Polls for `how_long`, returning whatever arrived.
std::vector<Event> poll_for(Source& source, milliseconds how_long) {
  std::vector<Event> events;
  const auto deadline = Clock::now() + how_long;
  while (Clock::now() < deadline) poll_into(source, events);
  return events;
}

// The first offset read per partition.
std::map<std::int32_t, std::int64_t> first_offsets(const std::vector<Event>& events) {
  std::map<std::int32_t, std::int64_t> first;
  for (const auto& e : events) first.emplace(e.origin.partition, e.origin.offset);
  return first;
}

// A source stage of its own, as one member of a consumer group.
struct Member {
  explicit Member(const SharedPlugin& shared, const std::string& name = "orders")
      : harness(shared.plugin(), name, "kafka-source"), acks(harness.context().enable_acknowledgements()) {}

  PluginHarness harness;
  FakeAcknowledgements& acks;
  std::unique_ptr<Source> source;
};

class KafkaSourceTest : public ::testing::Test {
 protected:
  void SetUp() override { cluster_.create_topic(kTopic, kPartitions); }

  Json config(Json extra = Json::object()) const {
    Json c = {{"brokers", cluster_.bootstraps()},
              {"group_id", "pipeline"},
              {"topics", {kTopic}},
              {"librdkafka", {{"session.timeout.ms", 6000}, {"heartbeat.interval.ms", 500}}}};
    c.update(extra);
    return c;
  }

  std::unique_ptr<Member> member(Json extra = Json::object(), const std::string& name = "orders") {
    auto m = std::make_unique<Member>(shared_, name);
    m->source = m->harness.create_source(config(std::move(extra)));
    m->source->start();
    return m;
  }

  MockCluster cluster_;
  SharedPlugin shared_{"kafka-source"};
};

TEST_F(KafkaSourceTest, ReadsEveryMessageOfEveryPartitionWithKeyHeadersAndOrigin) {
  auto messages = messages_per_partition(100);
  messages[5].headers = {{"trace-id", "t5"}, {"empty", ""}};
  produce(cluster_.bootstraps(), kTopic, messages);
  auto m = member();
  const auto events = poll_until(*m->source, 400);
  ASSERT_EQ(events.size(), 400u);

  std::map<std::int32_t, std::int64_t> next_offset;
  for (const auto& e : events) {
    EXPECT_EQ(e.origin.topic, kTopic);
    // In order within a partition, with no gap from offset 0.
    EXPECT_EQ(e.origin.offset, next_offset[e.origin.partition]++) << e.origin.partition;
    const std::string suffix = std::to_string(e.origin.partition) + "-" + std::to_string(e.origin.offset);
    EXPECT_EQ(e.raw(), "v" + suffix);
    EXPECT_EQ(e.key, "k" + suffix);
    if (e.key == messages[5].key) {
      EXPECT_EQ(e.headers, messages[5].headers);
    } else {
      EXPECT_TRUE(e.headers.empty());
    }
  }
  EXPECT_EQ(next_offset, (std::map<std::int32_t, std::int64_t>{{0, 100}, {1, 100}, {2, 100}, {3, 100}}));
  m->source->stop();
}

TEST_F(KafkaSourceTest, ANewMemberStartsExactlyAtTheCommittedPositions) {
  produce(cluster_.bootstraps(), kTopic, messages_per_partition(100));
  auto first = member();
  ASSERT_EQ(poll_until(*first->source, 400).size(), 400u);
  first->source->commit({{kTopic, 0, 60}, {kTopic, 1, 61}, {kTopic, 2, 62}, {kTopic, 3, 63}});
  first->source->stop();
  EXPECT_EQ(committed_offsets(cluster_.bootstraps(), "pipeline", kTopic, kPartitions),
            (std::map<std::int32_t, std::int64_t>{{0, 60}, {1, 61}, {2, 62}, {3, 63}}));

  auto second = member();
  auto events = poll_until(*second->source, 400 - (60 + 61 + 62 + 63));
  for (auto& e : poll_for(*second->source, milliseconds(1000))) events.push_back(std::move(e));
  EXPECT_EQ(events.size(), 154u);
  EXPECT_EQ(first_offsets(events), (std::map<std::int32_t, std::int64_t>{{0, 60}, {1, 61}, {2, 62}, {3, 63}}));
  second->source->stop();
}

TEST_F(KafkaSourceTest, StopCommitsEveryDonePosition) {
  produce(cluster_.bootstraps(), kTopic, messages_per_partition(20));
  auto m = member();
  ASSERT_EQ(poll_until(*m->source, 80).size(), 80u);
  m->acks.set_committable({{kTopic, 0, 20}, {kTopic, 1, 5}, {kTopic, 3, 11}});
  m->source->stop();
  const auto committed = committed_offsets(cluster_.bootstraps(), "pipeline", kTopic, kPartitions);
  EXPECT_EQ(committed.at(0), 20);
  EXPECT_EQ(committed.at(1), 5);
  EXPECT_LT(committed.at(2), 0);  // nothing done there: nothing committed
  EXPECT_EQ(committed.at(3), 11);
}

class KafkaSourceRebalanceTest : public KafkaSourceTest, public ::testing::WithParamInterface<const char*> {
 protected:
  bool cooperative() const { return std::string(GetParam()) == "cooperative-sticky"; }
};

// A second member joins: the first commits what is done in the partitions it
// gives up, releases them, and the second starts exactly at the committed
// positions.
//
// With the eager protocol the commit happens while the group prepares the
// rebalance; Kafka accepts it, librdkafka's mock cluster refuses it with
// REBALANCE_IN_PROGRESS. On the mock the eager case therefore proves the
// fallback: the refused commit is logged, nothing is lost, and the new owner
// starts at the last commit that went through. The cooperative case proves
// the commit, and the fallback in the rare run where the mock refuses it too.
TEST_P(KafkaSourceRebalanceTest, RevokeCommitsDonePositionsReleasesAndTheNewOwnerStartsThere) {
  const Json strategy = {{"librdkafka",
                          {{"session.timeout.ms", 6000}, {"heartbeat.interval.ms", 500},
                           {"partition.assignment.strategy", GetParam()}}}};
  produce(cluster_.bootstraps(), kTopic, messages_per_partition(100));
  auto a = member(strategy, "a");
  ASSERT_EQ(poll_until(*a->source, 400).size(), 400u);
  const std::map<std::int32_t, std::int64_t> committed_before{{0, 30}, {1, 31}, {2, 32}, {3, 33}};
  const std::map<std::int32_t, std::int64_t> done{{0, 50}, {1, 51}, {2, 52}, {3, 53}};
  std::vector<Position> positions;
  for (const auto& [p, offset] : committed_before) positions.push_back({kTopic, p, offset});
  a->source->commit(positions);
  poll_for(*a->source, milliseconds(500));  // serves the commit's result
  // Later the engine has more done, not committed yet.
  positions.clear();
  for (const auto& [p, offset] : done) positions.push_back({kTopic, p, offset});
  a->acks.set_committable(positions);

  auto b = member(strategy, "b");
  std::vector<Event> read_by_b;
  const auto deadline = Clock::now() + kPatience;
  while (Clock::now() < deadline && (a->acks.released().empty() || read_by_b.empty())) {
    std::vector<Event> ignored;
    poll_into(*a->source, ignored);
    poll_into(*b->source, read_by_b);
  }
  ASSERT_FALSE(a->acks.released().empty());
  for (auto& e : poll_for(*b->source, milliseconds(1000))) read_by_b.push_back(std::move(e));

  std::set<std::int32_t> released;
  for (const auto& p : a->acks.released()) {
    EXPECT_EQ(p.topic, kTopic);
    released.insert(p.partition);
  }
  EXPECT_EQ(released.size(), cooperative() ? 2u : 4u);
  // The cooperative revoke's commit goes through, except when the mock has
  // already begun the next rebalance step (seen in CI on a loaded machine):
  // then it is refused like the eager one, and the same fallback holds.
  const bool refused = a->harness.context().logged(
      "kafka commit (revoke) failed: Broker: Group rebalance in progress (REBALANCE_IN_PROGRESS)");
  if (!cooperative()) {
    EXPECT_TRUE(refused);
  }
  const auto& expected_commit = refused ? committed_before : done;
  const auto committed = committed_offsets(cluster_.bootstraps(), "pipeline", kTopic, kPartitions);
  for (std::int32_t p : released) EXPECT_EQ(committed.at(p), expected_commit.at(p)) << "partition " << p;

  // b owns partitions a released and starts exactly at their commit.
  const auto b_first = first_offsets(read_by_b);
  ASSERT_FALSE(b_first.empty());
  std::size_t expected = 0;
  for (const auto& [p, offset] : b_first) {
    EXPECT_TRUE(released.count(p)) << "partition " << p;
    EXPECT_EQ(offset, expected_commit.at(p)) << "partition " << p;
    expected += static_cast<std::size_t>(100 - expected_commit.at(p));
  }
  EXPECT_EQ(read_by_b.size(), expected);
  b->source->stop();
  a->source->stop();
}

INSTANTIATE_TEST_SUITE_P(Protocols, KafkaSourceRebalanceTest, ::testing::Values("range", "cooperative-sticky"),
                         [](const auto& info) { return std::string(info.param) == "range" ? "eager" : "cooperative"; });

TEST_F(KafkaSourceTest, PausedSourceReturnsNothingAndResumeContinuesWithNoGapOrLoss) {
  produce(cluster_.bootstraps(), kTopic, messages_per_partition(100));
  auto m = member({{"batch_size", 20}});
  std::vector<Event> events = poll_until(*m->source, 20, 20);
  ASSERT_EQ(events.size(), 20u);

  m->source->pause();
  produce(cluster_.bootstraps(), kTopic, messages_per_partition(50, 100));
  EXPECT_TRUE(poll_for(*m->source, milliseconds(2000)).empty());

  m->source->resume();
  for (auto& e : poll_until(*m->source, 600 - events.size())) events.push_back(std::move(e));
  for (auto& e : poll_for(*m->source, milliseconds(500))) events.push_back(std::move(e));
  ASSERT_EQ(events.size(), 600u);
  std::map<std::int32_t, std::int64_t> next_offset;
  for (const auto& e : events) EXPECT_EQ(e.origin.offset, next_offset[e.origin.partition]++) << e.origin.partition;
  EXPECT_EQ(next_offset, (std::map<std::int32_t, std::int64_t>{{0, 150}, {1, 150}, {2, 150}, {3, 150}}));
  m->source->stop();
}

TEST_F(KafkaSourceTest, PausedSourceStillServesRebalances) {
  produce(cluster_.bootstraps(), kTopic, messages_per_partition(10));
  auto a = member(Json::object(), "a");
  ASSERT_EQ(poll_until(*a->source, 40).size(), 40u);
  a->source->pause();
  auto b = member(Json::object(), "b");
  std::vector<Event> read_by_a;
  std::vector<Event> read_by_b;
  const auto deadline = Clock::now() + kPatience;
  while (Clock::now() < deadline && read_by_b.empty()) {
    poll_into(*a->source, read_by_a);
    poll_into(*b->source, read_by_b);
  }
  EXPECT_FALSE(a->acks.released().empty());
  EXPECT_FALSE(read_by_b.empty());
  EXPECT_TRUE(read_by_a.empty());  // still paused, also for partitions assigned again
  b->source->stop();
  a->source->stop();
}

TEST_F(KafkaSourceTest, LagGaugeCountsTheMessagesLeftPerPartition) {
  produce(cluster_.bootstraps(), kTopic, messages_per_partition(25));
  auto m = member({{"lag_interval", "100ms"}});
  ASSERT_EQ(poll_until(*m->source, 100).size(), 100u);
  std::vector<OutgoingMessage> more;
  for (int i = 0; i < 40; ++i) more.push_back({0, "late", "late-" + std::to_string(i), {}});
  produce(cluster_.bootstraps(), kTopic, more);
  ASSERT_EQ(poll_until(*m->source, 10, 10).size(), 10u);

  auto lag = [&](int partition) {
    return m->harness.context().recording_metrics().gauge_value(
        "streamline_kafka_consumer_lag", {{"topic", kTopic}, {"partition", std::to_string(partition)}});
  };
  const auto deadline = Clock::now() + kPatience;
  while (Clock::now() < deadline && lag(0) != 30) {
    Batch none;
    m->source->poll(none, 0, kPollTimeout);
    std::this_thread::sleep_for(kPollTimeout);
  }
  EXPECT_EQ(lag(0), 30);
  for (int p = 1; p < kPartitions; ++p) EXPECT_EQ(lag(p), 0) << "partition " << p;
  m->source->stop();
}

TEST_F(KafkaSourceTest, APatternReadsEveryMatchingTopic) {
  cluster_.create_topic("orders-eu", 2);
  cluster_.create_topic("orders-us", 2);
  cluster_.create_topic("payments", 2);
  for (const char* topic : {"orders-eu", "orders-us", "payments"})
    produce(cluster_.bootstraps(), topic, {{0, "k", std::string(topic) + "-a", {}}, {1, "k", std::string(topic) + "-b", {}}});
  Json c = config({{"pattern", "orders-.*"}});  // anchored by the plugin
  c.erase("topics");
  Member m(shared_);
  m.source = m.harness.create_source(c);
  m.source->start();
  auto events = poll_until(*m.source, 4);
  for (auto& e : poll_for(*m.source, milliseconds(1000))) events.push_back(std::move(e));
  std::set<std::string> values;
  for (const auto& e : events) values.insert(e.raw());
  EXPECT_EQ(values, (std::set<std::string>{"orders-eu-a", "orders-eu-b", "orders-us-a", "orders-us-b"}));
  EXPECT_EQ(events.size(), 4u);
  m.source->stop();
}

TEST_F(KafkaSourceTest, LatestSkipsWhatWasThereBeforeTheFirstAssignment) {
  produce(cluster_.bootstraps(), kTopic, messages_per_partition(10));
  auto m = member({{"auto_offset_reset", "latest"}});
  const auto deadline = Clock::now() + kPatience;
  std::vector<Event> events;
  while (Clock::now() < deadline && !m->harness.context().logged("assigned")) poll_into(*m->source, events);
  for (auto& e : poll_for(*m->source, milliseconds(1000))) events.push_back(std::move(e));
  EXPECT_TRUE(events.empty());
  produce(cluster_.bootstraps(), kTopic, messages_per_partition(5, 10));
  events = poll_until(*m->source, 20);
  for (auto& e : poll_for(*m->source, milliseconds(500))) events.push_back(std::move(e));
  EXPECT_EQ(events.size(), 20u);
  EXPECT_EQ(first_offsets(events), (std::map<std::int32_t, std::int64_t>{{0, 10}, {1, 10}, {2, 10}, {3, 10}}));
  m->source->stop();
}

TEST_F(KafkaSourceTest, LifecycleIsSafeInAnyOrder) {
  Member m(shared_);
  m.source = m.harness.create_source(config());
  m.source->stop();  // without start
  m.source->stop();
  for (int round = 0; round < 2; ++round) {
    m.source->start();
    Batch batch;
    EXPECT_EQ(m.source->poll(batch, 0, milliseconds(0)), PollStatus::kReady);
    EXPECT_TRUE(batch.empty());
    m.source->drain(Clock::now());
    m.source->stop();
    m.source->stop();
  }
}

}  // namespace
}  // namespace streamline::testing::kafka
