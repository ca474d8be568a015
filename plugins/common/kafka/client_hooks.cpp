#include "kafka/client_hooks.hpp"

#include <array>

#include <streamline/config.hpp>

#include "kafka/client_config.hpp"
#include "kafka/kafka_errors.hpp"

namespace streamline::plugins::kafka {
namespace {

ClientHooks& hooks_of(void* opaque) { return *static_cast<ClientHooks*>(opaque); }

// librdkafka logs with syslog levels (0 emergency .. 7 debug).
spdlog::level::level_enum log_level(int syslog_level) {
  if (syslog_level <= 3) return spdlog::level::err;
  if (syslog_level == 4) return spdlog::level::warn;
  if (syslog_level <= 6) return spdlog::level::info;
  return spdlog::level::debug;
}

void on_log(const rd_kafka_t* rk, int level, const char* facility, const char* message) {
  auto& hooks = hooks_of(rd_kafka_opaque(rk));
  if (hooks.logger) hooks.logger->log(log_level(level), "librdkafka {}: {}", facility, message);
}

void on_error(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
  auto& hooks = hooks_of(opaque);
  if (!hooks.logger) return;
  const auto code = static_cast<rd_kafka_resp_err_t>(err);
  if (code == RD_KAFKA_RESP_ERR__FATAL) {
    std::array<char, 512> detail{};
    const rd_kafka_resp_err_t fatal = rd_kafka_fatal_error(rk, detail.data(), detail.size());
    hooks.logger->error("kafka client failed fatally: {}: {}", error_text(fatal), detail.data());
    return;
  }
  hooks.logger->warn("kafka: {}: {}", error_text(code), reason);
}

void on_delivery(rd_kafka_t* /*rk*/, const rd_kafka_message_t* message, void* opaque) {
  auto& hooks = hooks_of(opaque);
  if (hooks.deliveries) hooks.deliveries->record(message->_private, message->err);
}

void on_rebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions,
                  void* opaque) {
  auto& hooks = hooks_of(opaque);
  if (hooks.on_rebalance) hooks.on_rebalance(rk, err, partitions);
}

void on_commit(rd_kafka_t* /*rk*/, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* offsets,
               void* opaque) {
  auto& hooks = hooks_of(opaque);
  if (hooks.on_commit) hooks.on_commit(err, offsets);
}

}  // namespace

void install_hooks(rd_kafka_conf_t* conf, ClientHooks& hooks) {
  rd_kafka_conf_set_opaque(conf, &hooks);
  rd_kafka_conf_set_log_cb(conf, on_log);
  rd_kafka_conf_set_error_cb(conf, on_error);
  if (hooks.deliveries) rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
  if (hooks.on_rebalance) rd_kafka_conf_set_rebalance_cb(conf, on_rebalance);
  if (hooks.on_commit) rd_kafka_conf_set_offset_commit_cb(conf, on_commit);
}

ClientPtr make_client(rd_kafka_type_t type, ConfPtr conf) {
  std::array<char, 512> reason{};
  // On success rd_kafka_new takes the configuration; on failure it stays ours.
  ClientPtr client(rd_kafka_new(type, conf.get(), reason.data(), reason.size()));
  if (!client)
    throw ConfigError(kPassthroughOption, std::string("librdkafka refused the client configuration: ") + reason.data());
  conf.release();
  return client;
}

}  // namespace streamline::plugins::kafka
