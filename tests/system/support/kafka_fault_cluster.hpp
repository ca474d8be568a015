#pragma once
// A Kafka cluster of several brokers inside the test process (librdkafka's
// mock cluster, a real Kafka-protocol server on loopback ports), for the
// tests that break Kafka on purpose while an engine process uses it: request
// errors on one broker, latency, a broker down and up again, a partition's
// leader moved. The system stack's broker is another process; this one the
// test controls.
//
// Brokers are numbered 1..brokers. Everything lives in memory and goes with
// the object.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include "tests/integration/kafka/mock_cluster.hpp"

namespace streamline::system_tests {

// Kafka protocol request types (ApiKey) the tests fail on purpose.
enum class KafkaApi : std::int16_t {
  kProduce = 0,
  kFetch = 1,
  kOffsetCommit = 8,
  kOffsetFetch = 9,
  kJoinGroup = 11,
  kHeartbeat = 12,
  kSyncGroup = 14,
};

std::string to_string(KafkaApi api);

class KafkaFaultCluster {
 public:
  explicit KafkaFaultCluster(int brokers) : brokers_(brokers), mock_(brokers) {}

  // "127.0.0.1:port,...": what KAFKA_BROKERS gets.
  std::string bootstraps() const;
  int brokers() const noexcept { return brokers_; }

  void create_topic(const std::string& topic, int partitions, int replication);
  void set_leader(const std::string& topic, int partition, int broker);
  // The broker that answers for the consumer group (FindCoordinator).
  void set_group_coordinator(const std::string& group, int broker);

  // The next requests of `api` that `broker` receives are answered with
  // `errors`, one each, in order (what the request asked is not done).
  void push_request_errors(int broker, KafkaApi api, const std::vector<rd_kafka_resp_err_t>& errors);
  // How many of them `broker` has not answered yet.
  std::size_t unanswered_request_errors(int broker, KafkaApi api) const;
  // Waits until `broker` answered every error pushed for `api`; false when
  // `limit` passed first.
  bool wait_request_errors_answered(int broker, KafkaApi api, std::chrono::milliseconds limit) const;

  // Down: the broker drops its connections and accepts none (leadership
  // does not move). Up: it serves again.
  void set_down(int broker);
  void set_up(int broker);
  // Every answer of the broker is delayed this long (0: none).
  void set_rtt(int broker, int rtt_ms);

 private:
  rd_kafka_mock_cluster_t* cluster() const noexcept { return mock_.get(); }

  int brokers_;
  testing::kafka::MockCluster mock_;  // the integration tests' cluster, with more faults here
};

}  // namespace streamline::system_tests
