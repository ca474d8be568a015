#pragma once
// MockCluster: an in-process Kafka cluster for one test (librdkafka's mock
// cluster, a real Kafka-protocol server on a loopback port), with topics
// created up front and fault injection.

#include <cstdint>
#include <string>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include "kafka/kafka_handles.hpp"

namespace streamline::testing::kafka {

class MockCluster {
 public:
  explicit MockCluster(int brokers = 1);
  ~MockCluster();
  MockCluster(const MockCluster&) = delete;
  MockCluster& operator=(const MockCluster&) = delete;

  // "127.0.0.1:port[,...]": the `brokers` option.
  std::string bootstraps() const;
  void create_topic(const std::string& topic, int partitions);

  // The next `count` requests of `api_key` (RD_KAFKAP_Produce = 0, ...) fail with `error`.
  void fail_requests(std::int16_t api_key, std::size_t count, rd_kafka_resp_err_t error);
  void clear_request_errors(std::int16_t api_key);
  void set_broker_down(std::int32_t broker_id);
  void set_broker_up(std::int32_t broker_id);

  rd_kafka_mock_cluster_t* get() const noexcept { return cluster_; }

 private:
  plugins::kafka::ClientPtr host_;  // the client that hosts the cluster
  rd_kafka_mock_cluster_t* cluster_ = nullptr;
};

inline constexpr std::int16_t kProduceApi = 0;

}  // namespace streamline::testing::kafka
