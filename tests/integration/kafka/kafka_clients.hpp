#pragma once
// Plain librdkafka clients for the integration tests: what a test writes into
// a topic, and what is really in it, without going through the plugins.

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <streamline/event.hpp>

namespace streamline::testing::kafka {

struct Message {
  std::string topic;
  std::int32_t partition = 0;
  std::int64_t offset = -1;
  std::string key;
  std::string value;
  std::vector<Header> headers;
};

struct OutgoingMessage {
  std::int32_t partition = -1;  // -1: by key
  std::string key;
  std::string value;
  std::vector<Header> headers;
};

// Produces the messages to `topic` and waits until all are confirmed; throws
// when one fails.
void produce(const std::string& brokers, const std::string& topic, const std::vector<OutgoingMessage>& messages);

// Every message in the topic's partitions 0..partitions-1, read from the
// beginning up to each partition's end at the time of the call.
std::vector<Message> read_topic(const std::string& brokers, const std::string& topic, int partitions);

// The group's committed offset per partition (-1001 when none).
std::map<std::int32_t, std::int64_t> committed_offsets(const std::string& brokers, const std::string& group,
                                                       const std::string& topic, int partitions);

}  // namespace streamline::testing::kafka
