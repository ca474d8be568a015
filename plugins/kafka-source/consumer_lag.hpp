#pragma once
// ConsumerLag: the gauge `streamline_kafka_consumer_lag{topic, partition}`,
// messages between the consumer's position and the partition's end.
//
// Refreshed at most once per interval from figures librdkafka already holds
// (the position after the last message handed out, the high watermark of the
// last fetch response): no request to the cluster and nothing per event. A
// partition without a position yet (nothing read since assignment) keeps its
// previous value. A revoked partition's gauge drops to 0: its lag is no
// longer this consumer's.
//
// Threading: the source's thread only.

#include <chrono>
#include <map>

#include <streamline/metrics.hpp>
#include <streamline/stage.hpp>

#include "kafka/kafka_handles.hpp"
#include "topic_partition.hpp"

namespace streamline::plugins::kafka_source {

inline constexpr const char* kConsumerLagMetric = "streamline_kafka_consumer_lag";

class ConsumerLag {
 public:
  ConsumerLag(Metrics& metrics, std::chrono::milliseconds interval);

  void refresh_if_due(rd_kafka_t* consumer);
  void refresh(rd_kafka_t* consumer);
  void forget(const TopicPartition& partition);

 private:
  Gauge& gauge(const TopicPartition& partition);

  Metrics& metrics_;
  std::chrono::milliseconds interval_;
  Clock::time_point next_refresh_{};
  std::map<TopicPartition, Gauge*> gauges_;
};

}  // namespace streamline::plugins::kafka_source
