#include "consumer_lag.hpp"

#include <string>

namespace streamline::plugins::kafka_source {

ConsumerLag::ConsumerLag(Metrics& metrics, std::chrono::milliseconds interval)
    : metrics_(metrics), interval_(interval) {}

Gauge& ConsumerLag::gauge(const TopicPartition& partition) {
  auto it = gauges_.find(partition);
  if (it != gauges_.end()) return *it->second;
  Gauge& g = metrics_.gauge(kConsumerLagMetric, "Messages between the consumer's position and the partition's end.",
                            {{"topic", partition.first}, {"partition", std::to_string(partition.second)}});
  gauges_.emplace(partition, &g);
  return g;
}

void ConsumerLag::refresh_if_due(rd_kafka_t* consumer) {
  const Clock::time_point now = Clock::now();
  if (now < next_refresh_) return;
  next_refresh_ = now + interval_;
  refresh(consumer);
}

void ConsumerLag::refresh(rd_kafka_t* consumer) {
  rd_kafka_topic_partition_list_t* raw = nullptr;
  if (rd_kafka_assignment(consumer, &raw) != RD_KAFKA_RESP_ERR_NO_ERROR) return;
  kafka::PartitionListPtr assignment(raw);
  if (rd_kafka_position(consumer, assignment.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) return;
  for (int i = 0; i < assignment->cnt; ++i) {
    const rd_kafka_topic_partition_t& p = assignment->elems[i];
    std::int64_t low = -1;
    std::int64_t high = -1;
    if (p.offset < 0 ||
        rd_kafka_get_watermark_offsets(consumer, p.topic, p.partition, &low, &high) != RD_KAFKA_RESP_ERR_NO_ERROR ||
        high < 0)
      continue;
    gauge({p.topic, p.partition}).set(static_cast<double>(high > p.offset ? high - p.offset : 0));
  }
}

void ConsumerLag::forget(const TopicPartition& partition) {
  auto it = gauges_.find(partition);
  if (it != gauges_.end()) it->second->set(0);
}

}  // namespace streamline::plugins::kafka_source
