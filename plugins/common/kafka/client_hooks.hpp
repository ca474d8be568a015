#pragma once
// ClientHooks: where a Kafka client's callbacks land.
//
// librdkafka hands every callback one opaque pointer, set on the client's
// configuration. install_hooks() points it at a ClientHooks that the plugin
// owns and keeps alive (at a stable address) until the client is destroyed,
// and installs the callbacks it needs:
//   - log and error messages -> the stage's logger (from librdkafka's own
//     threads; spdlog loggers are thread-safe);
//   - delivery reports -> `deliveries` (producers; served by rd_kafka_poll /
//     rd_kafka_flush on the caller's thread);
//   - rebalances -> `on_rebalance` and offset commit results -> `on_commit`
//     (consumers; served by rd_kafka_consumer_poll / rd_kafka_consumer_close
//     on the caller's thread).

#include <functional>

#include <spdlog/logger.h>

#include "kafka/delivery_reports.hpp"
#include "kafka/kafka_handles.hpp"

namespace streamline::plugins::kafka {

using RebalanceHandler =
    std::function<void(rd_kafka_t*, rd_kafka_resp_err_t, rd_kafka_topic_partition_list_t*)>;

using CommitHandler = std::function<void(rd_kafka_resp_err_t, const rd_kafka_topic_partition_list_t*)>;

struct ClientHooks {
  spdlog::logger* logger = nullptr;
  DeliveryReports* deliveries = nullptr;  // producers
  RebalanceHandler on_rebalance;          // consumers
  CommitHandler on_commit;                // consumers
};

// Installs the callbacks for what is set in `hooks`. Call before rd_kafka_new.
void install_hooks(rd_kafka_conf_t* conf, ClientHooks& hooks);

// A consumer or producer client from `conf` (consumed, even on failure).
// Throws ConfigError with librdkafka's reason when it refuses the
// configuration (e.g. idempotence with acks=1).
ClientPtr make_client(rd_kafka_type_t type, ConfPtr conf);

}  // namespace streamline::plugins::kafka
