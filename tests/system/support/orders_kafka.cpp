#include "tests/system/support/orders_kafka.hpp"

#include <array>
#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include <librdkafka/rdkafka.h>

#include "kafka/kafka_errors.hpp"
#include "kafka/kafka_handles.hpp"

namespace streamline::system_tests {
namespace {

using plugins::kafka::ClientPtr;
using plugins::kafka::error_text;
using plugins::kafka::PartitionListPtr;

constexpr int kTimeoutMs = 15000;

std::int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

ClientPtr make_client(rd_kafka_type_t type, rd_kafka_conf_t* conf) {
  std::array<char, 512> reason{};
  rd_kafka_t* rk = rd_kafka_new(type, conf, reason.data(), reason.size());
  if (rk == nullptr) {
    rd_kafka_conf_destroy(conf);
    throw std::runtime_error(std::string("kafka client: ") + reason.data());
  }
  return ClientPtr(rk);
}

rd_kafka_conf_t* make_conf(const std::string& brokers, const std::map<std::string, std::string>& extra = {}) {
  std::array<char, 512> reason{};
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  auto set = [&](const std::string& name, const std::string& value) {
    if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), reason.data(), reason.size()) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      throw std::runtime_error(reason.data());
    }
  };
  set("bootstrap.servers", brokers);
  set("log_level", "3");
  // STREAMLINE_KAFKA_DEBUG=cgrp,... turns on librdkafka's debug contexts.
  if (const char* debug = std::getenv("STREAMLINE_KAFKA_DEBUG"); debug != nullptr && *debug != '\0') {
    set("debug", debug);
    set("log_level", "7");
  }
  for (const auto& [name, value] : extra) set(name, value);
  return conf;
}

struct DeliveryState {
  std::vector<Delivery>* deliveries = nullptr;
  std::vector<std::string> failures;
  std::size_t confirmed = 0;
};

void on_delivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
  auto* state = static_cast<DeliveryState*>(opaque);
  ++state->confirmed;
  if (message->err) {
    state->failures.push_back(error_text(message->err));
    return;
  }
  const auto index = reinterpret_cast<std::uintptr_t>(message->_private);
  Delivery& d = (*state->deliveries)[index];
  d.partition = message->partition;
  d.offset = message->offset;
}

}  // namespace

std::vector<Delivery> produce_events(const std::string& brokers, const std::string& topic,
                                     const std::vector<orders::GeneratedEvent>& events, double rate,
                                     const std::map<std::string, std::string>& producer_config) {
  std::vector<Delivery> deliveries(events.size());
  DeliveryState state{&deliveries, {}, 0};
  rd_kafka_conf_t* conf = make_conf(brokers, producer_config);
  rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
  rd_kafka_conf_set_opaque(conf, &state);
  ClientPtr producer = make_client(RD_KAFKA_PRODUCER, conf);

  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (rate > 0) {
      // Sleeps only when a millisecond or more ahead: a sleep per event cost
      // the cores the pipeline shares 16,000 wake-ups a second at 16,000
      // events/s. Each event's latency still starts when it is sent.
      const auto due = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                   std::chrono::duration<double>(static_cast<double>(i) / rate));
      if (due - std::chrono::steady_clock::now() >= std::chrono::milliseconds(1)) std::this_thread::sleep_until(due);
    }
    const auto& e = events[i];
    for (;;) {
      deliveries[i].produced_us = now_us();
      const rd_kafka_resp_err_t err = rd_kafka_producev(
          producer.get(), RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
          RD_KAFKA_V_VALUE(const_cast<char*>(e.payload.data()), e.payload.size()),
          RD_KAFKA_V_KEY(e.key.data(), e.key.size()), RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(i)), RD_KAFKA_V_END);
      if (err == RD_KAFKA_RESP_ERR_NO_ERROR) break;
      if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) throw std::runtime_error("produce: " + error_text(err));
      rd_kafka_poll(producer.get(), 10);
    }
    rd_kafka_poll(producer.get(), 0);
  }
  if (rd_kafka_flush(producer.get(), 60000) != RD_KAFKA_RESP_ERR_NO_ERROR)
    throw std::runtime_error("produce: not all messages were confirmed within 60s");
  if (!state.failures.empty())
    throw std::runtime_error("produce: " + std::to_string(state.failures.size()) + " failed, first: " + state.failures.front());
  if (state.confirmed != events.size()) throw std::runtime_error("produce: delivery reports missing");
  return deliveries;
}

int partition_count(const std::string& brokers, const std::string& topic) {
  ClientPtr client = make_client(RD_KAFKA_PRODUCER, make_conf(brokers));
  plugins::kafka::TopicPtr handle(rd_kafka_topic_new(client.get(), topic.c_str(), nullptr));
  const rd_kafka_metadata_t* metadata = nullptr;
  if (const auto err = rd_kafka_metadata(client.get(), 0, handle.get(), &metadata, kTimeoutMs))
    throw std::runtime_error("metadata: " + error_text(err));
  int count = 0;
  if (metadata->topic_cnt == 1 && !metadata->topics[0].err) count = metadata->topics[0].partition_cnt;
  rd_kafka_metadata_destroy(metadata);
  if (count == 0) throw std::runtime_error("metadata: no topic " + topic);
  return count;
}

PartitionOffsets end_offsets(const std::string& brokers, const std::string& topic, int partitions) {
  ClientPtr client = make_client(RD_KAFKA_PRODUCER, make_conf(brokers));
  PartitionOffsets ends;
  for (int p = 0; p < partitions; ++p) {
    std::int64_t low = 0;
    std::int64_t high = 0;
    if (const auto err = rd_kafka_query_watermark_offsets(client.get(), topic.c_str(), p, &low, &high, kTimeoutMs))
      throw std::runtime_error("watermarks: " + error_text(err));
    ends[p] = high;
  }
  return ends;
}

namespace {

// OffsetCommit from outside the group (generation -1, no member id), as a
// consumer that only assigns partitions does. Brokers accept it while the
// group has no active member. Returns the first error.
rd_kafka_resp_err_t commit_from_outside(const std::string& brokers, const std::string& group,
                                        const std::string& topic, const PartitionOffsets& offsets) {
  ClientPtr consumer = make_client(
      RD_KAFKA_CONSUMER, make_conf(brokers, {{"group.id", group}, {"enable.auto.commit", "false"},
                                             {"enable.auto.offset.store", "false"}}));
  PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(offsets.size())));
  for (const auto& [partition, offset] : offsets)
    rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), partition)->offset = offset;
  rd_kafka_resp_err_t err = rd_kafka_commit(consumer.get(), list.get(), /*async=*/0);
  for (int i = 0; i < list->cnt && !err; ++i) err = list->elems[i].err;
  rd_kafka_consumer_close(consumer.get());
  return err;
}

}  // namespace

void commit_offsets(const std::string& brokers, const std::string& group, const std::string& topic,
                    const PartitionOffsets& offsets) {
  if (const auto err = commit_from_outside(brokers, group, topic, offsets))
    throw std::runtime_error("commit of group " + group + ": " + error_text(err) +
                             (err == RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID
                                  ? " (the broker knows this group: only its members may commit; use a new group)"
                                  : ""));
}

}  // namespace streamline::system_tests
