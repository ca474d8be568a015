#pragma once
// DeliveryReports: which messages of the current batch Kafka has confirmed.
//
// A sink produces a whole batch, then waits for one delivery report per
// message. Each message carries an opaque id; ids grow across batches, so a
// late report for a message of an earlier, abandoned batch (it timed out and
// the engine retries it) is recognised and ignored instead of being counted
// for the wrong event.
//
// Threading: used from the producing thread only; librdkafka calls the
// delivery callback from rd_kafka_poll/rd_kafka_flush on that thread.

#include <cstddef>
#include <cstdint>
#include <vector>

#include <streamline/stage.hpp>

#include "kafka/kafka_handles.hpp"

namespace streamline::plugins::kafka {

class DeliveryReports {
 public:
  enum class State : std::uint8_t { kPending, kDelivered, kFailed };

  // Starts a batch of `size` messages, all pending.
  void begin(std::size_t size);
  // The opaque to produce message `index` of the current batch with.
  void* opaque_for(std::size_t index) const noexcept;
  // Message `index` is settled without a report: produce() refused it with
  // `err`, or it needs no sending (err NO_ERROR = delivered).
  void settle(std::size_t index, rd_kafka_resp_err_t err) noexcept;
  // From the delivery report callback.
  void record(void* opaque, rd_kafka_resp_err_t err) noexcept;

  std::size_t size() const noexcept { return states_.size(); }
  std::size_t pending() const noexcept { return pending_; }
  State state(std::size_t index) const noexcept { return states_[index]; }
  rd_kafka_resp_err_t error(std::size_t index) const noexcept { return errors_[index]; }

 private:
  std::uint64_t first_id_ = 1;  // id of message 0 of the current batch; 0 is never used
  std::vector<State> states_;
  std::vector<rd_kafka_resp_err_t> errors_;
  std::size_t pending_ = 0;
};

// Serves delivery callbacks until every message of the current batch is
// settled or `deadline` passes. True when all are settled.
bool await_deliveries(rd_kafka_t* producer, const DeliveryReports& reports, Clock::time_point deadline);

}  // namespace streamline::plugins::kafka
