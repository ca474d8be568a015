#pragma once
// TopicPartition: a Kafka partition's identity, ordered for use as a map key.

#include <cstdint>
#include <string>
#include <utility>

namespace streamline::plugins::kafka_source {

using TopicPartition = std::pair<std::string, std::int32_t>;

}  // namespace streamline::plugins::kafka_source
