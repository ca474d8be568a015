#pragma once
// Messages produced to Kafka byte for byte, whatever they hold (invalid
// UTF-8, not JSON, megabytes): for the tests that feed the pipeline poison.

#include <cstddef>
#include <string>
#include <vector>

#include "tests/system/support/orders_kafka.hpp"

namespace streamline::system_tests {

struct RawMessage {
  std::string key;
  std::string value;  // any bytes
};

// Produces the messages in order and waits for every delivery report;
// messages up to `max_message_bytes` are allowed (librdkafka's producer
// refuses larger than 1,000,000 bytes by default). Throws when one cannot be
// delivered. Deliveries are in message order.
std::vector<Delivery> produce_raw(const std::string& brokers, const std::string& topic,
                                  const std::vector<RawMessage>& messages, std::size_t max_message_bytes = 4 << 20);

}  // namespace streamline::system_tests
