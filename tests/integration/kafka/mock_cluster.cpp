#include "tests/integration/kafka/mock_cluster.hpp"

#include <array>
#include <stdexcept>
#include <vector>

namespace streamline::testing::kafka {

MockCluster::MockCluster(int brokers) {
  std::array<char, 512> reason{};
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "log_level", "3", reason.data(), reason.size());
  host_.reset(rd_kafka_new(RD_KAFKA_PRODUCER, conf, reason.data(), reason.size()));
  if (!host_) {
    rd_kafka_conf_destroy(conf);
    throw std::runtime_error(std::string("mock cluster host: ") + reason.data());
  }
  cluster_ = rd_kafka_mock_cluster_new(host_.get(), brokers);
  if (!cluster_) throw std::runtime_error("cannot start the mock cluster");
}

MockCluster::~MockCluster() {
  if (cluster_) rd_kafka_mock_cluster_destroy(cluster_);
}

std::string MockCluster::bootstraps() const { return rd_kafka_mock_cluster_bootstraps(cluster_); }

void MockCluster::create_topic(const std::string& topic, int partitions) {
  if (rd_kafka_mock_topic_create(cluster_, topic.c_str(), partitions, 1) != RD_KAFKA_RESP_ERR_NO_ERROR)
    throw std::runtime_error("cannot create topic " + topic);
}

void MockCluster::fail_requests(std::int16_t api_key, std::size_t count, rd_kafka_resp_err_t error) {
  std::vector<rd_kafka_resp_err_t> errors(count, error);
  rd_kafka_mock_push_request_errors_array(cluster_, api_key, errors.size(), errors.data());
}

void MockCluster::clear_request_errors(std::int16_t api_key) { rd_kafka_mock_clear_request_errors(cluster_, api_key); }

void MockCluster::set_broker_down(std::int32_t broker_id) { rd_kafka_mock_broker_set_down(cluster_, broker_id); }

void MockCluster::set_broker_up(std::int32_t broker_id) { rd_kafka_mock_broker_set_up(cluster_, broker_id); }

}  // namespace streamline::testing::kafka
