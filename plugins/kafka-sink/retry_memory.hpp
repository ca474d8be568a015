#pragma once
// RetryMemory: events Kafka already confirmed in an attempt that failed.
//
// When some deliveries of a batch fail with a retriable error, the sink
// throws TransientError and the engine retries the whole batch. The events
// Kafka had confirmed would then be written twice. The sink remembers them
// here and, when the next batch is the same batch again (same events, keys,
// payloads and acknowledgement tokens, in the same order), skips them.
// Anything else (a different batch, a restart) forgets the memory: it can
// only cause a duplicate, never a loss.

#include <cstdint>
#include <vector>

#include <streamline/batch.hpp>

#include "kafka/delivery_reports.hpp"

namespace streamline::plugins::kafka_sink {

class RetryMemory {
 public:
  // After a failed attempt.
  void remember(const Batch& batch, const kafka::DeliveryReports& reports);
  // Before an attempt: per event of `batch`, whether an earlier attempt of the
  // same batch delivered it; empty when nothing applies. Forgets either way.
  std::vector<bool> take_delivered(const Batch& batch);

 private:
  std::vector<std::uint64_t> fingerprints_;
  std::vector<bool> delivered_;
};

}  // namespace streamline::plugins::kafka_sink
