// Broker faults (issue 7, part 3): the orders pipeline runs against a Kafka
// cluster of three brokers that the test breaks while events stream: request
// errors on JoinGroup and OffsetFetch as the engine joins, then on Produce
// (the test's producer and the engine's dead-letter producer), Fetch,
// OffsetCommit and Heartbeat, half a second of latency on every answer, a
// partition's leader moved, and each broker down for a few seconds and up
// again (the dead-letter topic's leader, the group's coordinator, the leader
// of most partitions). Afterwards PostgreSQL, Redis and the
// dead-letter topic must hold exactly what the stream's truth says: nothing
// lost, nothing twice, and no event processed twice (every dead letter
// counts one attempt): none of these faults may cost a rebalance.
//
// The cluster is librdkafka's mock cluster hosted in this process (the
// system stack's broker is another process, out of the test's reach); the
// engine reaches it over loopback like any Kafka. PostgreSQL and Redis are
// the system stack's.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <numeric>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/integration/kafka/kafka_clients.hpp"
#include "tests/system/support/disruption.hpp"
#include "tests/system/support/kafka_fault_cluster.hpp"
#include "tests/system/support/orders_pipeline.hpp"
#include "tests/system/support/orders_truth.hpp"
#include "tests/system/truth_checks.hpp"

namespace streamline::system_tests {
namespace {

using namespace std::chrono_literals;

constexpr int kBrokers = 3;
constexpr int kOrderPartitions = 6;
constexpr const char* kDeadLetterTopic = "dead-letters";
constexpr int kDeadLetterPartitions = 2;
// Who leads what: orders' even partitions broker 1, which also coordinates
// the group; odd partitions broker 2; the dead-letter topic broker 3, so
// Produce faults there reach the engine's producer and nobody else.
constexpr int kCoordinator = 1;
constexpr int kOddLeader = 2;
constexpr int kDeadLetterLeader = 3;

constexpr std::size_t kUpFront = 3'000;   // waiting in Kafka when the engine starts
constexpr std::size_t kStreamed = 40'000;  // produced while the faults happen
constexpr double kRate = 1'000;            // events/s: the stream lasts about 40 s, past the last outage
constexpr auto kOutage = 3s;               // each broker's time down
constexpr int kRttMs = 500;
constexpr auto kLatency = 3s;
constexpr auto kAnswerLimit = 20s;  // for the clients to send the requests that meet the injected errors

// The test's producer sends one request at a time per broker: a request
// failed on purpose is retried before any later one goes out, so an order's
// events keep their order in the partition (the mock cluster does not check
// an idempotent producer's sequence numbers, which would guarantee it with
// more in flight).
// Its connection errors while a broker is down are expected: not printed.
const std::map<std::string, std::string> kOrderedProducer{{"max.in.flight.requests.per.connection", "1"},
                                                          {"log_level", "2"}};

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The engine's Kafka clients retry a broker that went away at most every
// second (librdkafka's default backoff grows to 10 s): each outage then ends
// in about a second instead of up to 12 s under load, and the fault
// schedule stays within the stream.
constexpr const char* kReconnectBackoff = "reconnect.backoff.max.ms: 1000";

// pipelines/orders.yaml with its optional Kafka dead-letter sink (the stage
// the file leaves commented out) enabled and kReconnectBackoff on both Kafka
// clients, written to `dir`.
std::filesystem::path pipeline_with_dead_letter_topic(const std::filesystem::path& dir) {
  std::string text = with_source_kafka_setting(read_text(orders_pipeline_file()), kReconnectBackoff);
  // `stages:` must be the file's last section: a stage appended at the end joins it.
  const std::regex top_level_key(R"(^[A-Za-z_][\w-]*:)", std::regex::multiline);
  std::string last_section;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), top_level_key); it != std::sregex_iterator(); ++it)
    last_section = it->str();
  if (last_section != "stages:")
    throw std::runtime_error("the last section of " + orders_pipeline_file().string() + " is '" + last_section +
                             "', not 'stages:': the dead-letter sink cannot be appended");
  text += "\n  # Added by broker_faults_test: dead letters also go to Kafka.\n"
          "  dead-letter-topic:\n"
          "    plugin: kafka-sink\n"
          "    inputs: [dead-letters]\n"
          "    config:\n"
          "      brokers: ${KAFKA_BROKERS}\n"
          "      topic: " + std::string(kDeadLetterTopic) + "\n"
          "      librdkafka:\n"
          "        " + kReconnectBackoff + "\n";
  const std::filesystem::path file = dir / "orders-with-dead-letter-topic.yaml";
  std::ofstream(file) << text;
  return file;
}

// What the test did to the cluster, for its output.
class FaultLog {
 public:
  explicit FaultLog(std::chrono::steady_clock::time_point start) : start_(start) {}
  // `when`: the moment the fault began.
  void add(const std::string& what, std::chrono::steady_clock::time_point when) {
    std::ostringstream line;
    line << std::fixed << std::setprecision(1) << "[ system ] t="
         << std::chrono::duration<double>(when - start_).count() << " s injected: " << what;
    std::cout << line.str() << "\n" << std::flush;
    ++count_;
  }
  int count() const noexcept { return count_; }

 private:
  std::chrono::steady_clock::time_point start_;
  int count_ = 0;
};

struct RequestFaults {
  int broker;
  KafkaApi api;
  std::vector<rd_kafka_resp_err_t> errors;
  const char* meets;  // whose requests meet them
};

std::string error_names(const std::vector<rd_kafka_resp_err_t>& errors) {
  std::string names;
  for (const auto err : errors) names += (names.empty() ? "" : ", ") + std::string(rd_kafka_err2name(err));
  return names;
}

// Pushes every fault, runs `then` (what makes the clients send those
// requests, if anything must), then waits until each broker answered all of
// its errors: the clients sent the requests that met them.
void inject_request_errors(KafkaFaultCluster& kafka, const std::vector<RequestFaults>& faults, FaultLog& log,
                           const std::function<void()>& then = {}) {
  const auto pushed = std::chrono::steady_clock::now();
  for (const auto& f : faults) kafka.push_request_errors(f.broker, f.api, f.errors);
  if (then) then();
  for (const auto& f : faults) {
    const bool answered = kafka.wait_request_errors_answered(f.broker, f.api, kAnswerLimit);
    const std::string what = std::to_string(f.errors.size()) + " " + to_string(f.api) + " errors on broker " +
                             std::to_string(f.broker) + " (" + f.meets + "): " + error_names(f.errors);
    std::ostringstream took;
    took << std::fixed << std::setprecision(2) << seconds_since(pushed);
    log.add(what + (answered ? "; all answered " + took.str() + " s after the push"
                             : "; " + std::to_string(kafka.unanswered_request_errors(f.broker, f.api)) +
                                   " still unanswered"),
            pushed);
    EXPECT_TRUE(answered) << what << ": the clients sent fewer such requests within " << kAnswerLimit.count()
                          << " s: the fault came to nothing";
  }
}

// The test's producer sends a request again when it lost the answer (a
// broker that went down after storing the messages, before answering), and
// the mock cluster does not deduplicate: the topic may hold a second copy of
// some events. Copies are part of the stream the pipeline reads: a copy of a
// malformed event is one more dead letter, at its own offset; a copy of any
// other event changes nothing (its event_id is stored already). Adds them to
// `expected`; returns how many there are.
std::size_t expect_producer_copies(const std::string& brokers, const std::vector<orders::GeneratedEvent>& events,
                                   const std::vector<Delivery>& deliveries, Expectation& expected) {
  std::set<SourcePosition> delivered;
  for (const auto& d : deliveries) delivered.insert({d.partition, d.offset});
  std::map<std::string, std::size_t> by_content;  // key and payload -> the first event with them
  for (std::size_t i = 0; i < events.size(); ++i) by_content.emplace(events[i].key + '\n' + events[i].payload, i);
  std::size_t copies = 0;
  for (const auto& m : testing::kafka::read_topic(brokers, kOrdersTopic, kOrderPartitions)) {
    if (delivered.contains({m.partition, m.offset})) continue;
    const auto it = by_content.find(m.key + '\n' + m.value);
    if (it == by_content.end()) {
      ADD_FAILURE() << "orders[" << m.partition << "]@" << m.offset << " is no event the test produced: " << m.value;
      continue;
    }
    ++copies;
    const Expectation copy = expect_from_truth({events[it->second]}, {Delivery{m.partition, m.offset, 0}});
    expected.dead_letters.insert(copy.dead_letters.begin(), copy.dead_letters.end());
    for (const auto& [kind, n] : copy.dead_letters_by_kind) expected.dead_letters_by_kind[kind] += n;
    if (copy.dead_letters.empty()) ++expected.duplicates;
  }
  return copies;
}

// Every broker up and answering at once when the scope ends.
class BrokersRestored {
 public:
  explicit BrokersRestored(KafkaFaultCluster& kafka) : kafka_(kafka) {}
  ~BrokersRestored() {
    for (int b = 1; b <= kafka_.brokers(); ++b) {
      try {
        kafka_.set_up(b);
        kafka_.set_rtt(b, 0);
      } catch (const std::exception& e) {
        std::cerr << "broker " << b << " not restored: " << e.what() << "\n";
      }
    }
  }
  BrokersRestored(const BrokersRestored&) = delete;
  BrokersRestored& operator=(const BrokersRestored&) = delete;

 private:
  KafkaFaultCluster& kafka_;
};

std::int64_t sum(const PartitionOffsets& offsets) {
  return std::accumulate(offsets.begin(), offsets.end(), std::int64_t{0},
                         [](std::int64_t total, const auto& p) { return total + p.second; });
}

std::size_t count_lines(const std::string& log, const std::string& pattern) {
  return lines_matching(log, std::regex(pattern)).size();
}

TEST(BrokerFaultsSystem, RequestErrorsLatencyAndBrokersDownLoseNothingAndStoreNothingTwice) {
  const auto test_started = std::chrono::steady_clock::now();
  KafkaFaultCluster kafka(kBrokers);
  kafka.create_topic(kOrdersTopic, kOrderPartitions, kBrokers);
  kafka.create_topic(kDeadLetterTopic, kDeadLetterPartitions, kBrokers);
  for (int p = 0; p < kOrderPartitions; ++p) kafka.set_leader(kOrdersTopic, p, p % 2 == 0 ? kCoordinator : kOddLeader);
  for (int p = 0; p < kDeadLetterPartitions; ++p) kafka.set_leader(kDeadLetterTopic, p, kDeadLetterLeader);

  SystemStack stack = SystemStack::from_environment();
  stack.kafka_brokers = kafka.bootstraps();  // PostgreSQL and Redis stay the system stack's
  OrdersPipeline world(stack, "broker_faults", 13);
  kafka.set_group_coordinator(world.group(), kCoordinator);
  const std::filesystem::path pipeline = pipeline_with_dead_letter_topic(world.log_dir());
  FaultLog faults(test_started);
  std::cout << "[ system ] " << kBrokers << " brokers at " << kafka.bootstraps() << ": " << kOrdersTopic << " "
            << kOrderPartitions << " partitions (even led by broker " << kCoordinator << ", odd by broker "
            << kOddLeader << "), " << kDeadLetterTopic << " " << kDeadLetterPartitions << " partitions (broker "
            << kDeadLetterLeader << "), replication " << kBrokers << "; group coordinator broker " << kCoordinator
            << "\n";

  const auto events = generate_events(20250613, mixed_traffic(), kUpFront + kStreamed);
  const std::vector<orders::GeneratedEvent> up_front(events.begin(), events.begin() + kUpFront);
  const std::vector<orders::GeneratedEvent> streamed(events.begin() + kUpFront, events.end());
  std::vector<Delivery> deliveries = produce_events(kafka.bootstraps(), kOrdersTopic, up_front, 0, kOrderedProducer);

  // As the engine joins: the coordinator is loading, then not available.
  std::unique_ptr<EngineRun> engine;
  inject_request_errors(kafka, {
      {kCoordinator, KafkaApi::kJoinGroup,
       {RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS, RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE},
       "the engine joining"},
      {kCoordinator, KafkaApi::kOffsetFetch,
       {RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS, RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS},
       "the engine asking where its partitions start"},
  }, faults, [&] { engine = world.start_engine(world.group(), "run", pipeline); });
  wait_for_log(*engine, "kafka: assigned ", 60s);
  wait_for_rows(world.database(), 2'000, 120s);
  std::cout << "[ system ] t=" << std::fixed << std::setprecision(1) << seconds_since(test_started)
            << " s: the engine stored 2000+ of the events waiting; streaming " << kStreamed << " more at " << kRate
            << "/s\n";

  auto producing = std::async(std::launch::async, [&] {
    return produce_events(kafka.bootstraps(), kOrdersTopic, streamed, kRate, kOrderedProducer);
  });
  // Should the test end early, the brokers come back before the producer is
  // waited for (destroyed first: declared after it).
  const BrokersRestored restored(kafka);

  inject_request_errors(kafka, {
      {kOddLeader, KafkaApi::kProduce,
       {RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
        RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE},
       "the test's producer"},
      {kDeadLetterLeader, KafkaApi::kProduce,
       {RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
        RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT},
       "the engine's dead-letter sink"},
      {kCoordinator, KafkaApi::kFetch,
       {RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE,
        RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT},
       "the engine's consumer"},
      {kOddLeader, KafkaApi::kFetch,
       {RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART,
        RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT},
       "the engine's consumer"},
      {kCoordinator, KafkaApi::kOffsetCommit,
       {RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NOT_COORDINATOR,
        RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS},
       "the engine's consumer"},
      {kCoordinator, KafkaApi::kHeartbeat, {RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE}, "the engine's consumer"},
  }, faults);

  const auto slow = std::chrono::steady_clock::now();
  for (int b = 1; b <= kBrokers; ++b) kafka.set_rtt(b, kRttMs);
  faults.add(std::to_string(kRttMs) + " ms on every answer of every broker for " +
                 std::to_string(std::chrono::duration_cast<std::chrono::seconds>(kLatency).count()) + " s",
             slow);
  std::this_thread::sleep_for(kLatency);
  for (int b = 1; b <= kBrokers; ++b) kafka.set_rtt(b, 0);

  kafka.set_leader(kOrdersTopic, 0, kOddLeader);
  faults.add(std::string(kOrdersTopic) + "[0]'s leader moved from broker " + std::to_string(kCoordinator) +
                 " to broker " + std::to_string(kOddLeader),
             std::chrono::steady_clock::now());
  std::this_thread::sleep_for(1s);

  // Each outage ends once both sides recovered from it: the producer
  // delivers to the partitions the broker leads again (while it still
  // streams), and the group committed up to there. Clients reconnect with a
  // growing backoff; without this wait the next outage would meet clients
  // still waiting to reconnect to the last broker.
  const auto outage = [&](int broker, const std::string& role, const std::vector<std::int32_t>& led) {
    const std::int64_t stored_before = world.database().count("order_events");
    const auto down = std::chrono::steady_clock::now();
    kafka.set_down(broker);
    std::this_thread::sleep_for(kOutage);
    kafka.set_up(broker);
    const auto up = std::chrono::steady_clock::now();
    EXPECT_NE(producing.wait_for(0s), std::future_status::ready)
        << "the stream was over before broker " << broker << " came back: its outage met no traffic";
    const std::int64_t stored_while_down = world.database().count("order_events") - stored_before;
    const PartitionOffsets at_up = world.end_offsets();
    PartitionOffsets ends = at_up;
    const auto grew = [&] {
      return std::all_of(led.begin(), led.end(), [&](std::int32_t p) { return ends.at(p) > at_up.at(p); });
    };
    while (!grew() && producing.wait_for(0s) != std::future_status::ready) {
      ASSERT_LT(seconds_since(up), 60.0) << "the producer did not deliver to broker " << broker << " within 60 s";
      std::this_thread::sleep_for(100ms);
      ends = world.end_offsets();
    }
    const double produced_again_s = seconds_since(up);
    world.wait_drained(*engine, world.group(), ends, 60s);
    std::ostringstream recovery;
    recovery << std::fixed << std::setprecision(1) << "; after it came back the producer delivered to it again in "
             << produced_again_s << " s, and the group committed up to there " << seconds_since(up) << " s after";
    faults.add("broker " + std::to_string(broker) + " (" + role + ") down for " +
                   std::to_string(std::chrono::duration_cast<std::chrono::seconds>(kOutage).count()) + " s; " +
                   std::to_string(stored_while_down) + " events stored while it was down" + recovery.str(),
               down);
  };
  // The slowest to recover (the leader of most partitions) last.
  outage(kDeadLetterLeader, "leader of the dead-letter topic", {});
  outage(kCoordinator, "group coordinator, leader of orders[2,4]", {2, 4});
  outage(kOddLeader, "leader of orders[0,1,3,5]", {0, 1, 3, 5});

  const std::vector<Delivery> streamed_deliveries = producing.get();
  deliveries.insert(deliveries.end(), streamed_deliveries.begin(), streamed_deliveries.end());
  const PartitionOffsets ends = world.end_offsets();
  Expectation expected = expect_from_truth(events, deliveries);
  const std::size_t copies = expect_producer_copies(kafka.bootstraps(), events, deliveries, expected);
  EXPECT_EQ(sum(ends), static_cast<std::int64_t>(events.size() + copies))
      << "the orders topic holds messages that are neither the events produced nor copies of them";
  std::cout << "[ system ] " << describe(expected, events.size()) << "; " << faults.count() << " faults injected; "
            << copies << " events written twice by the test's producer (part of the stream read)\n";

  const auto drain_started = std::chrono::steady_clock::now();
  world.wait_drained(*engine, world.group(), ends, 180s);
  const double drain_s = seconds_since(drain_started);
  const auto code = engine->stop(40s);
  ASSERT_EQ(code, 0) << "log " << engine->log_file() << ":\n" << tail(engine->log());
  const std::string log = engine->log();
  EXPECT_NE(log.find("pipeline drained: "), std::string::npos) << tail(log);

  // No fault cost a rebalance: one assignment for the whole run (the revoke
  // at the end is the engine leaving the group).
  const std::size_t assignments = count_lines(log, "kafka: assigned ");
  const std::size_t lost = count_lines(log, "kafka: lost ");
  EXPECT_EQ(assignments, 1u) << "the engine was assigned partitions more than once: a fault cost a rebalance; log "
                             << engine->log_file();
  EXPECT_EQ(lost, 0u) << "log " << engine->log_file();
  std::cout << "[ system ] drained " << std::setprecision(1) << drain_s << " s after the last event was produced; "
            << "the engine's log: " << assignments << " assignment, " << count_lines(log, "kafka commit")
            << " failed commits, " << count_lines(log, "kafka consumer: ") << " consumer errors, "
            << count_lines(log, R"(\[kafka-sink/dead-letter-topic\] transient error)")
            << " dead-letter sink retries, " << count_lines(log, R"( (warning|error) +\[)") << " warnings and errors\n";

  expect_pipeline_matches_truth(world, expected, /*attempts=*/1);

  // The dead-letter topic: one message per malformed event, none twice.
  std::map<SourcePosition, int> published;
  std::size_t without_origin = 0;
  for (const auto& m : testing::kafka::read_topic(kafka.bootstraps(), kDeadLetterTopic, kDeadLetterPartitions)) {
    const auto origin = std::find_if(m.headers.begin(), m.headers.end(),
                                     [](const Header& h) { return h.name == "streamline-origin"; });
    std::smatch parts;
    if (origin == m.headers.end() || !std::regex_match(origin->value, parts, std::regex(R"(orders:(\d+):(\d+))"))) {
      ++without_origin;
      continue;
    }
    ++published[{std::stoi(parts[1].str()), std::stoll(parts[2].str())}];
  }
  std::size_t missing = 0, doubled = 0, unexpected = 0;
  for (const auto& [origin, letter] : expected.dead_letters)
    if (!published.contains(origin)) ++missing;
  for (const auto& [origin, n] : published) {
    if (!expected.dead_letters.contains(origin)) ++unexpected;
    if (n > 1) ++doubled;
  }
  std::cout << "[ system ] " << kDeadLetterTopic << " topic: " << published.size() << " dead letters of "
            << expected.dead_letters.size() << " expected; " << missing << " missing, " << doubled << " twice, "
            << unexpected << " unexpected, " << without_origin << " without an origin\n";
  EXPECT_EQ(missing, 0u);
  EXPECT_EQ(doubled, 0u);
  EXPECT_EQ(unexpected, 0u);
  EXPECT_EQ(without_origin, 0u);
  std::cout << "[ system ] broker faults test wall time " << std::setprecision(1) << seconds_since(test_started)
            << " s\n";
}

}  // namespace
}  // namespace streamline::system_tests
