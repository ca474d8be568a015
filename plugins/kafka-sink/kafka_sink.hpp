#pragma once
// KafkaSink: writes each event's payload to a Kafka topic.
//
// Per event: value = the raw payload, key = MessageKey (a JSON field or the
// event's key), headers = the event's headers, plus, for a failed event (a
// dead-letter topic), its failure: streamline-failed-stage, streamline-error,
// streamline-attempts and streamline-origin (topic:partition:offset). The producer is idempotent
// (enable.idempotence=true, acks=all), so librdkafka's own retries never
// duplicate or reorder a message.
//
// process(batch) produces the whole batch, then serves delivery reports
// until each message is confirmed or failed, for at most delivery_timeout
// (librdkafka's message.timeout.ms is set to the same value, so every
// message gets its report within that time). Then, per event:
//   confirmed                      -> pass (an event passes only then)
//   failed by a message error      -> fail with librdkafka's error text
//                                     (too large, invalid record, ...)
//   any other error, or no report  -> the batch throws TransientError and the
//                                     engine retries it; the events already
//                                     confirmed are not sent again if the
//                                     retry is the same batch (RetryMemory).
// Messages still queued in librdkafka when the wait runs out are purged, so
// a late delivery cannot duplicate the retry's.
// A producer that hit a fatal error (idempotence state lost) is replaced
// before the next batch.
//
// Threading: the engine calls one instance from one thread at a time;
// delivery callbacks run on that thread (inside rd_kafka_poll), log
// callbacks on librdkafka's threads (into the thread-safe logger).

#include <chrono>
#include <string>
#include <vector>

#include <streamline/batch.hpp>
#include <streamline/context.hpp>
#include <streamline/stage.hpp>

#include "kafka/client_config.hpp"
#include "kafka/client_hooks.hpp"
#include "kafka/delivery_reports.hpp"
#include "kafka/kafka_handles.hpp"
#include "message_key.hpp"
#include "retry_memory.hpp"

namespace streamline::plugins::kafka_sink {

// The failure of an event read from an error output, as message headers
// (none for an event that did not fail).
std::vector<Header> failure_headers(const Event& event);

struct KafkaSinkOptions {
  std::string brokers;
  std::string topic;
  std::string key_field;  // empty: the event's key
  std::chrono::milliseconds delivery_timeout{30000};
  kafka::Properties properties;  // the complete librdkafka configuration
};

class KafkaSink final : public Sink {
 public:
  KafkaSink(KafkaSinkOptions options, Context& context);
  ~KafkaSink() override;

  // Creates the producer and asks the cluster for the topic's metadata;
  // TransientError when no broker answers.
  void start() override;
  void process(Batch& batch) override;
  void drain(Clock::time_point deadline) override;
  void stop() noexcept override;

 private:
  void connect();
  void replace_failed_producer();
  // Hands message `index` to librdkafka; a refusal settles it in reports_.
  void produce(const Event& event, std::size_t index, Clock::time_point deadline);
  // After the wait ran out: drops what was never sent; true when every
  // message is then settled.
  bool abandon_queued_messages();
  // Outcomes from reports_, or TransientError for the batch.
  void settle_outcomes(Batch& batch, bool all_reported);

  KafkaSinkOptions options_;
  Context& context_;
  MessageKey key_;
  kafka::DeliveryReports reports_;
  RetryMemory retry_memory_;
  kafka::ClientHooks hooks_;
  // Declared after what their callbacks use, so they are destroyed first.
  kafka::ClientPtr producer_;
  kafka::TopicPtr topic_;
};

}  // namespace streamline::plugins::kafka_sink
