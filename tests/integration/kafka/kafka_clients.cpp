#include "tests/integration/kafka/kafka_clients.hpp"

#include <array>
#include <stdexcept>

#include <librdkafka/rdkafka.h>

#include "kafka/kafka_errors.hpp"
#include "kafka/kafka_handles.hpp"

namespace streamline::testing::kafka {
namespace {

using plugins::kafka::ClientPtr;
using plugins::kafka::error_text;
using plugins::kafka::PartitionListPtr;

constexpr int kTimeoutMs = 15000;

ClientPtr make_client(rd_kafka_type_t type, const std::string& brokers, const std::string& group = {}) {
  std::array<char, 512> reason{};
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  auto set = [&](const char* name, const std::string& value) {
    if (rd_kafka_conf_set(conf, name, value.c_str(), reason.data(), reason.size()) != RD_KAFKA_CONF_OK)
      throw std::runtime_error(reason.data());
  };
  set("bootstrap.servers", brokers);
  set("log_level", "3");
  if (!group.empty()) set("group.id", group);
  if (type == RD_KAFKA_CONSUMER) set("enable.auto.commit", "false");
  rd_kafka_t* rk = rd_kafka_new(type, conf, reason.data(), reason.size());
  if (rk == nullptr) {
    rd_kafka_conf_destroy(conf);
    throw std::runtime_error(reason.data());
  }
  return ClientPtr(rk);
}

void on_delivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
  if (message->err) static_cast<std::vector<std::string>*>(opaque)->push_back(error_text(message->err));
}

}  // namespace

void produce(const std::string& brokers, const std::string& topic, const std::vector<OutgoingMessage>& messages) {
  std::vector<std::string> failures;
  std::array<char, 512> reason{};
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", brokers.c_str(), reason.data(), reason.size());
  rd_kafka_conf_set(conf, "log_level", "3", reason.data(), reason.size());
  rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
  rd_kafka_conf_set_opaque(conf, &failures);
  ClientPtr producer(rd_kafka_new(RD_KAFKA_PRODUCER, conf, reason.data(), reason.size()));
  if (!producer) throw std::runtime_error(reason.data());
  for (const auto& m : messages) {
    rd_kafka_headers_t* headers = rd_kafka_headers_new(m.headers.size());
    for (const auto& h : m.headers)
      rd_kafka_header_add(headers, h.name.data(), static_cast<ssize_t>(h.name.size()), h.value.data(),
                          static_cast<ssize_t>(h.value.size()));
    const rd_kafka_resp_err_t err = rd_kafka_producev(
        producer.get(), RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(m.partition),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_VALUE(const_cast<char*>(m.value.data()), m.value.size()),
        RD_KAFKA_V_KEY(m.key.data(), m.key.size()), RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_END);
    if (err) {
      rd_kafka_headers_destroy(headers);
      throw std::runtime_error("produce: " + error_text(err));
    }
  }
  if (rd_kafka_flush(producer.get(), kTimeoutMs) != RD_KAFKA_RESP_ERR_NO_ERROR)
    throw std::runtime_error("produce: not all messages were confirmed");
  if (!failures.empty()) throw std::runtime_error("produce: " + failures.front());
}

std::vector<Message> read_topic(const std::string& brokers, const std::string& topic, int partitions) {
  ClientPtr consumer = make_client(RD_KAFKA_CONSUMER, brokers, "test-reader");
  std::map<std::int32_t, std::int64_t> ends;
  PartitionListPtr assignment(rd_kafka_topic_partition_list_new(partitions));
  for (int p = 0; p < partitions; ++p) {
    std::int64_t low = 0;
    std::int64_t high = 0;
    if (const auto err = rd_kafka_query_watermark_offsets(consumer.get(), topic.c_str(), p, &low, &high, kTimeoutMs))
      throw std::runtime_error("watermarks: " + error_text(err));
    if (high > low) ends[p] = high;
    rd_kafka_topic_partition_list_add(assignment.get(), topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  }
  rd_kafka_assign(consumer.get(), assignment.get());

  std::vector<Message> messages;
  std::map<std::int32_t, std::int64_t> next;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kTimeoutMs);
  auto done = [&] {
    for (const auto& [p, end] : ends)
      if (next[p] < end) return false;
    return true;
  };
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("read_topic: timed out");
    rd_kafka_message_t* raw = rd_kafka_consumer_poll(consumer.get(), 100);
    if (raw == nullptr) continue;
    plugins::kafka::MessagePtr m(raw);
    if (m->err) continue;
    Message message;
    message.topic = rd_kafka_topic_name(m->rkt);
    message.partition = m->partition;
    message.offset = m->offset;
    if (m->key) message.key.assign(static_cast<const char*>(m->key), m->key_len);
    if (m->payload) message.value.assign(static_cast<const char*>(m->payload), m->len);
    rd_kafka_headers_t* headers = nullptr;
    if (rd_kafka_message_headers(m.get(), &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      const char* name = nullptr;
      const void* value = nullptr;
      std::size_t size = 0;
      for (std::size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
           ++i)
        message.headers.push_back({name, std::string(static_cast<const char*>(value), size)});
    }
    next[m->partition] = m->offset + 1;
    messages.push_back(std::move(message));
  }
  rd_kafka_consumer_close(consumer.get());
  return messages;
}

std::map<std::int32_t, std::int64_t> committed_offsets(const std::string& brokers, const std::string& group,
                                                       const std::string& topic, int partitions) {
  ClientPtr consumer = make_client(RD_KAFKA_CONSUMER, brokers, group);
  PartitionListPtr list(rd_kafka_topic_partition_list_new(partitions));
  for (int p = 0; p < partitions; ++p) rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), p);
  if (const auto err = rd_kafka_committed(consumer.get(), list.get(), kTimeoutMs))
    throw std::runtime_error("committed: " + error_text(err));
  std::map<std::int32_t, std::int64_t> offsets;
  for (int i = 0; i < list->cnt; ++i) offsets[list->elems[i].partition] = list->elems[i].offset;
  rd_kafka_consumer_close(consumer.get());
  return offsets;
}

}  // namespace streamline::testing::kafka
