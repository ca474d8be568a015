#pragma once
// Kafka as the system tests use it: the order stream produced with delivery
// reports (where each event landed and when it was sent), a topic's end
// offsets, and a consumer group's committed offsets set from outside.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "plugins/order-generator/order_stream.hpp"

namespace streamline::system_tests {

using PartitionOffsets = std::map<std::int32_t, std::int64_t>;

struct Delivery {
  std::int32_t partition = -1;
  std::int64_t offset = -1;
  std::int64_t produced_us = 0;  // wall clock (microseconds since the epoch) when handed to the producer
};

// Produces the events in order (key: the order id, so one order's events
// share a partition and keep their order) and waits for every delivery
// report. rate > 0 paces the sends at that many events per second. Throws
// when a message cannot be delivered. Deliveries are in event order.
// `producer_config` adds librdkafka properties (e.g. one request in flight,
// so retries under injected faults cannot reorder an order's events).
std::vector<Delivery> produce_events(const std::string& brokers, const std::string& topic,
                                     const std::vector<orders::GeneratedEvent>& events, double rate = 0,
                                     const std::map<std::string, std::string>& producer_config = {});

int partition_count(const std::string& brokers, const std::string& topic);

// The high watermark of partitions 0..partitions-1.
PartitionOffsets end_offsets(const std::string& brokers, const std::string& topic, int partitions);

// Commits `offsets` for a group the broker does not know yet, from outside
// it (generation -1, no member). The dev broker (librdkafka's mock) refuses
// such commits once a consumer joined the group, and holds a re-join for
// about a session timeout (45 s) after the last member left: the tests use
// a new group wherever a group would be reset.
void commit_offsets(const std::string& brokers, const std::string& group, const std::string& topic,
                    const PartitionOffsets& offsets);

}  // namespace streamline::system_tests
