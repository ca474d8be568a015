#include "kafka_sink.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include <streamline/errors.hpp>

#include "kafka/kafka_errors.hpp"

namespace streamline::plugins::kafka_sink {
namespace {

using std::chrono::milliseconds;

// librdkafka reports a timed-out message within about a second of its
// message.timeout.ms; the batch waits that much longer before giving up.
constexpr milliseconds kReportGrace{2000};
// start() waits this long at most for the cluster's first answer (and no
// longer than delivery_timeout).
constexpr milliseconds kConnectTimeout{10000};
// How long purged messages take to be reported.
constexpr milliseconds kPurgeReportWait{500};
// Pause between attempts while librdkafka's local queue is full.
constexpr int kQueueFullPollMs = 50;

int to_int_ms(milliseconds d) { return static_cast<int>(std::max<milliseconds::rep>(0, d.count())); }

}  // namespace

KafkaSink::KafkaSink(KafkaSinkOptions options, Context& context)
    : options_(std::move(options)), context_(context), key_(options_.key_field) {
  hooks_.logger = &context_.logger();
  hooks_.deliveries = &reports_;
}

KafkaSink::~KafkaSink() { stop(); }

void KafkaSink::connect() {
  kafka::ConfPtr conf = kafka::make_conf(options_.properties);
  kafka::install_hooks(conf.get(), hooks_);
  producer_ = kafka::make_client(RD_KAFKA_PRODUCER, std::move(conf));
  topic_.reset(rd_kafka_topic_new(producer_.get(), options_.topic.c_str(), nullptr));
  if (!topic_) {
    const std::string reason = kafka::error_text(rd_kafka_last_error());
    producer_.reset();
    throw TransientError("cannot use topic '" + options_.topic + "': " + reason);
  }
}

void KafkaSink::start() {
  if (!producer_) connect();
  const struct rd_kafka_metadata* metadata = nullptr;
  const rd_kafka_resp_err_t err =
      rd_kafka_metadata(producer_.get(), 0, topic_.get(), &metadata,
                        to_int_ms(std::min(options_.delivery_timeout, kConnectTimeout)));
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    topic_.reset();
    producer_.reset();
    throw TransientError("cannot reach Kafka at '" + options_.brokers + "': " + kafka::error_text(err));
  }
  if (metadata->topic_cnt == 1 && metadata->topics[0].err != RD_KAFKA_RESP_ERR_NO_ERROR)
    context_.logger().warn("topic '{}' is not available yet ({}); batches wait for it", options_.topic,
                           kafka::error_text(metadata->topics[0].err));
  rd_kafka_metadata_destroy(metadata);
}

void KafkaSink::replace_failed_producer() {
  std::array<char, 512> detail{};
  const rd_kafka_resp_err_t fatal = rd_kafka_fatal_error(producer_.get(), detail.data(), detail.size());
  if (fatal == RD_KAFKA_RESP_ERR_NO_ERROR) return;
  context_.logger().warn("replacing the Kafka producer after a fatal error: {}: {}", kafka::error_text(fatal),
                         detail.data());
  topic_.reset();
  producer_.reset();
  connect();
}

void KafkaSink::process(Batch& batch) {
  if (batch.empty()) return;
  if (!producer_) connect();
  replace_failed_producer();

  const std::vector<bool> already_delivered = retry_memory_.take_delivered(batch);
  const Clock::time_point deadline = Clock::now() + options_.delivery_timeout + kReportGrace;
  reports_.begin(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (!already_delivered.empty() && already_delivered[i])
      reports_.settle(i, RD_KAFKA_RESP_ERR_NO_ERROR);
    else
      produce(batch[i], i, deadline);
  }
  bool all_reported = kafka::await_deliveries(producer_.get(), reports_, deadline);
  if (!all_reported) all_reported = abandon_queued_messages();
  settle_outcomes(batch, all_reported);
}

std::vector<Header> failure_headers(const Event& event) {
  if (!event.failure) return {};
  std::vector<Header> headers{{"streamline-failed-stage", event.failure->stage},
                              {"streamline-error", event.failure->error},
                              {"streamline-attempts", std::to_string(event.failure->attempts)}};
  if (!event.origin.topic.empty() && event.origin.offset >= 0)
    headers.push_back({"streamline-origin", event.origin.topic + ":" + std::to_string(event.origin.partition) + ":" +
                                                std::to_string(event.origin.offset)});
  return headers;
}

bool KafkaSink::abandon_queued_messages() {
  // Messages still waiting in librdkafka's queue were never sent: purge them,
  // so they cannot land after the engine's retry has sent them again. Only
  // those already in flight may still land (and be duplicated by the retry).
  rd_kafka_purge(producer_.get(), RD_KAFKA_PURGE_F_QUEUE);
  return kafka::await_deliveries(producer_.get(), reports_, Clock::now() + kPurgeReportWait);
}

void KafkaSink::produce(const Event& event, std::size_t index, Clock::time_point deadline) {
  const std::string key = key_.of(event);
  // A dead letter goes out as it arrived, not as the stages before it changed it.
  const std::string& payload = event.failure ? event.original_raw() : event.raw();
  kafka::HeadersPtr headers;
  const std::vector<Header> failure = failure_headers(event);
  if (!event.headers.empty() || !failure.empty()) {
    headers.reset(rd_kafka_headers_new(event.headers.size() + failure.size()));
    for (const auto* list : {&event.headers, &failure})
      for (const auto& h : *list)
        rd_kafka_header_add(headers.get(), h.name.data(), static_cast<ssize_t>(h.name.size()), h.value.data(),
                            static_cast<ssize_t>(h.value.size()));
  }
  while (true) {
    // RD_KAFKA_MSG_F_COPY: librdkafka keeps its own copy, the batch may go.
    const rd_kafka_resp_err_t err = rd_kafka_producev(
        producer_.get(), RD_KAFKA_V_RKT(topic_.get()), RD_KAFKA_V_PARTITION(RD_KAFKA_PARTITION_UA),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_VALUE(const_cast<char*>(payload.data()), payload.size()),
        RD_KAFKA_V_KEY(key.empty() ? nullptr : key.data(), key.size()), RD_KAFKA_V_HEADERS(headers.get()),
        RD_KAFKA_V_OPAQUE(reports_.opaque_for(index)), RD_KAFKA_V_END);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      headers.release();  // librdkafka owns the headers of a queued message
      return;
    }
    if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL && Clock::now() < deadline) {
      // Make room: serving delivery reports frees queued messages.
      rd_kafka_poll(producer_.get(), kQueueFullPollMs);
      continue;
    }
    reports_.settle(index, err);
    return;
  }
}

void KafkaSink::settle_outcomes(Batch& batch, bool all_reported) {
  std::size_t delivered = 0;
  std::size_t retriable = 0;
  std::string first_retriable;
  for (std::size_t i = 0; i < reports_.size(); ++i) {
    if (reports_.state(i) == kafka::DeliveryReports::State::kDelivered) {
      ++delivered;
    } else if (reports_.state(i) == kafka::DeliveryReports::State::kFailed && !kafka::is_message_error(reports_.error(i))) {
      if (retriable++ == 0) first_retriable = kafka::error_text(reports_.error(i));
    }
  }
  if (!all_reported || retriable > 0) {
    retry_memory_.remember(batch, reports_);
    const std::string counts = std::to_string(delivered) + " of " + std::to_string(batch.size()) + " delivered";
    if (!all_reported)
      throw TransientError("kafka topic '" + options_.topic + "': " + std::to_string(reports_.pending()) +
                           " deliveries not confirmed within " + std::to_string(options_.delivery_timeout.count()) +
                           "ms (" + counts + ")");
    throw TransientError("kafka topic '" + options_.topic + "': " + first_retriable + " (" + counts + ")");
  }
  for (std::size_t i = 0; i < reports_.size(); ++i) {
    if (reports_.state(i) == kafka::DeliveryReports::State::kFailed)
      batch.fail(i, "cannot produce to kafka topic '" + options_.topic + "': " + kafka::error_text(reports_.error(i)));
  }
}

void KafkaSink::drain(Clock::time_point deadline) {
  if (!producer_) return;
  const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
  rd_kafka_flush(producer_.get(), to_int_ms(left));
}

void KafkaSink::stop() noexcept {
  // Every passed event is confirmed already; what is still queued belongs to
  // a batch the engine retries, so nothing is lost by not waiting for it.
  topic_.reset();
  producer_.reset();
}

}  // namespace streamline::plugins::kafka_sink
