#include "tests/system/support/kafka_fault_cluster.hpp"

#include <array>
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

KafkaFaultCluster::KafkaFaultCluster(int brokers) : brokers_(brokers) {
  std::array<char, 512> reason{};
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "log_level", "3", reason.data(), reason.size());
  host_.reset(rd_kafka_new(RD_KAFKA_PRODUCER, conf, reason.data(), reason.size()));
  if (!host_) {
    rd_kafka_conf_destroy(conf);
    throw std::runtime_error(std::string("kafka fault cluster: no host client: ") + reason.data());
  }
  cluster_ = rd_kafka_mock_cluster_new(host_.get(), brokers);
  if (cluster_ == nullptr)
    throw std::runtime_error("kafka fault cluster: cannot start " + std::to_string(brokers) + " brokers");
}

KafkaFaultCluster::~KafkaFaultCluster() {
  if (cluster_ != nullptr) rd_kafka_mock_cluster_destroy(cluster_);
}

std::string KafkaFaultCluster::bootstraps() const { return rd_kafka_mock_cluster_bootstraps(cluster_); }

void KafkaFaultCluster::create_topic(const std::string& topic, int partitions, int replication) {
  check(rd_kafka_mock_topic_create(cluster_, topic.c_str(), partitions, replication), "create topic " + topic);
}

void KafkaFaultCluster::set_leader(const std::string& topic, int partition, int broker) {
  check(rd_kafka_mock_partition_set_leader(cluster_, topic.c_str(), partition, broker),
        "leader of " + topic + "[" + std::to_string(partition) + "]");
}

void KafkaFaultCluster::set_group_coordinator(const std::string& group, int broker) {
  check(rd_kafka_mock_coordinator_set(cluster_, "group", group.c_str(), broker), "coordinator of " + group);
}

void KafkaFaultCluster::push_request_errors(int broker, KafkaApi api, const std::vector<rd_kafka_resp_err_t>& errors) {
  for (const rd_kafka_resp_err_t err : errors)
    check(rd_kafka_mock_broker_push_request_error_rtts(cluster_, broker, static_cast<std::int16_t>(api), 1, err, 0),
          to_string(api) + " errors on broker " + std::to_string(broker));
}

std::size_t KafkaFaultCluster::unanswered_request_errors(int broker, KafkaApi api) const {
  std::size_t count = 0;
  check(rd_kafka_mock_broker_error_stack_cnt(cluster_, broker, static_cast<std::int16_t>(api), &count),
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
  check(rd_kafka_mock_broker_set_down(cluster_, broker), "broker " + std::to_string(broker) + " down");
}

void KafkaFaultCluster::set_up(int broker) {
  check(rd_kafka_mock_broker_set_up(cluster_, broker), "broker " + std::to_string(broker) + " up");
}

void KafkaFaultCluster::set_rtt(int broker, int rtt_ms) {
  check(rd_kafka_mock_broker_set_rtt(cluster_, broker, rtt_ms), "rtt of broker " + std::to_string(broker));
}

}  // namespace streamline::system_tests
