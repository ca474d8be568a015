#include "tests/system/support/kafka_fault_cluster.hpp"

#include <stdexcept>
#include <thread>

#include "kafka/kafka_errors.hpp"

namespace streamline::system_tests {
namespace {

using plugins::kafka::error_text;

void check(rd_kafka_resp_err_t err, const std::string& what) {
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
    throw std::runtime_error("kafka fault cluster: " + what + ": " + error_text(err));
}

}  // namespace

std::string to_string(KafkaApi api) {
  switch (api) {
    case KafkaApi::kProduce: return "Produce";
    case KafkaApi::kFetch: return "Fetch";
    case KafkaApi::kOffsetCommit: return "OffsetCommit";
    case KafkaApi::kOffsetFetch: return "OffsetFetch";
    case KafkaApi::kJoinGroup: return "JoinGroup";
    case KafkaApi::kHeartbeat: return "Heartbeat";
    case KafkaApi::kSyncGroup: return "SyncGroup";
  }
  return "ApiKey " + std::to_string(static_cast<int>(api));
}

std::string KafkaFaultCluster::bootstraps() const { return mock_.bootstraps(); }

void KafkaFaultCluster::create_topic(const std::string& topic, int partitions, int replication) {
  check(rd_kafka_mock_topic_create(cluster(), topic.c_str(), partitions, replication), "create topic " + topic);
}

void KafkaFaultCluster::set_leader(const std::string& topic, int partition, int broker) {
  check(rd_kafka_mock_partition_set_leader(cluster(), topic.c_str(), partition, broker),
        "leader of " + topic + "[" + std::to_string(partition) + "]");
}

void KafkaFaultCluster::set_group_coordinator(const std::string& group, int broker) {
  check(rd_kafka_mock_coordinator_set(cluster(), "group", group.c_str(), broker), "coordinator of " + group);
}

void KafkaFaultCluster::push_request_errors(int broker, KafkaApi api, const std::vector<rd_kafka_resp_err_t>& errors) {
  for (const rd_kafka_resp_err_t err : errors)
    check(rd_kafka_mock_broker_push_request_error_rtts(cluster(), broker, static_cast<std::int16_t>(api), 1, err, 0),
          to_string(api) + " errors on broker " + std::to_string(broker));
}

std::size_t KafkaFaultCluster::unanswered_request_errors(int broker, KafkaApi api) const {
  std::size_t count = 0;
  check(rd_kafka_mock_broker_error_stack_cnt(cluster(), broker, static_cast<std::int16_t>(api), &count),
        "error stack of broker " + std::to_string(broker));
  return count;
}

bool KafkaFaultCluster::wait_request_errors_answered(int broker, KafkaApi api, std::chrono::milliseconds limit) const {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (unanswered_request_errors(broker, api) > 0) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

void KafkaFaultCluster::set_down(int broker) {
  check(rd_kafka_mock_broker_set_down(cluster(), broker), "broker " + std::to_string(broker) + " down");
}

void KafkaFaultCluster::set_up(int broker) {
  check(rd_kafka_mock_broker_set_up(cluster(), broker), "broker " + std::to_string(broker) + " up");
}

void KafkaFaultCluster::set_rtt(int broker, int rtt_ms) {
  check(rd_kafka_mock_broker_set_rtt(cluster(), broker, rtt_ms), "rtt of broker " + std::to_string(broker));
}

}  // namespace streamline::system_tests
