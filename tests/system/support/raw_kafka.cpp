#include "tests/system/support/raw_kafka.hpp"

#include <array>
#include <cstdint>
#include <stdexcept>

#include <librdkafka/rdkafka.h>

#include "kafka/kafka_errors.hpp"
#include "kafka/kafka_handles.hpp"

namespace streamline::system_tests {
namespace {

struct Reports {
  std::vector<Delivery>* deliveries = nullptr;
  std::vector<std::string> failures;
  std::size_t confirmed = 0;
};

void on_delivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
  auto* reports = static_cast<Reports*>(opaque);
  ++reports->confirmed;
  if (message->err) {
    reports->failures.push_back(plugins::kafka::error_text(message->err));
    return;
  }
  Delivery& d = (*reports->deliveries)[reinterpret_cast<std::uintptr_t>(message->_private)];
  d.partition = message->partition;
  d.offset = message->offset;
}

}  // namespace

std::vector<Delivery> produce_raw(const std::string& brokers, const std::string& topic,
                                  const std::vector<RawMessage>& messages, std::size_t max_message_bytes) {
  std::vector<Delivery> deliveries(messages.size());
  Reports reports{&deliveries, {}, 0};
  std::array<char, 512> reason{};
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  const std::string max_bytes = std::to_string(max_message_bytes);
  for (const auto& [name, value] : {std::pair<const char*, std::string>{"bootstrap.servers", brokers},
                                    {"log_level", "3"},
                                    {"message.max.bytes", max_bytes}}) {
    if (rd_kafka_conf_set(conf, name, value.c_str(), reason.data(), reason.size()) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      throw std::runtime_error(std::string("produce_raw: ") + reason.data());
    }
  }
  rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
  rd_kafka_conf_set_opaque(conf, &reports);
  plugins::kafka::ClientPtr producer(rd_kafka_new(RD_KAFKA_PRODUCER, conf, reason.data(), reason.size()));
  if (!producer) {
    rd_kafka_conf_destroy(conf);
    throw std::runtime_error(std::string("produce_raw: ") + reason.data());
  }
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const RawMessage& m = messages[i];
    for (;;) {
      const rd_kafka_resp_err_t err = rd_kafka_producev(
          producer.get(), RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
          RD_KAFKA_V_VALUE(const_cast<char*>(m.value.data()), m.value.size()),
          RD_KAFKA_V_KEY(m.key.data(), m.key.size()), RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(i)), RD_KAFKA_V_END);
      if (err == RD_KAFKA_RESP_ERR_NO_ERROR) break;
      if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL)
        throw std::runtime_error("produce_raw: message " + std::to_string(i) + ": " + plugins::kafka::error_text(err));
      rd_kafka_poll(producer.get(), 10);
    }
    rd_kafka_poll(producer.get(), 0);
  }
  if (rd_kafka_flush(producer.get(), 60000) != RD_KAFKA_RESP_ERR_NO_ERROR)
    throw std::runtime_error("produce_raw: not all messages were confirmed within 60s");
  if (!reports.failures.empty())
    throw std::runtime_error("produce_raw: " + std::to_string(reports.failures.size()) +
                             " failed, first: " + reports.failures.front());
  if (reports.confirmed != messages.size()) throw std::runtime_error("produce_raw: delivery reports missing");
  return deliveries;
}

}  // namespace streamline::system_tests
