#include "kafka/delivery_reports.hpp"

#include <algorithm>
#include <chrono>

namespace streamline::plugins::kafka {

void DeliveryReports::begin(std::size_t size) {
  first_id_ += states_.size();
  states_.assign(size, State::kPending);
  errors_.assign(size, RD_KAFKA_RESP_ERR_NO_ERROR);
  pending_ = size;
}

void* DeliveryReports::opaque_for(std::size_t index) const noexcept {
  return reinterpret_cast<void*>(static_cast<std::uintptr_t>(first_id_ + index));
}

void DeliveryReports::settle(std::size_t index, rd_kafka_resp_err_t err) noexcept {
  if (states_[index] != State::kPending) return;
  states_[index] = err == RD_KAFKA_RESP_ERR_NO_ERROR ? State::kDelivered : State::kFailed;
  errors_[index] = err;
  --pending_;
}

void DeliveryReports::record(void* opaque, rd_kafka_resp_err_t err) noexcept {
  const auto id = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(opaque));
  if (id < first_id_ || id - first_id_ >= states_.size()) return;  // an earlier batch's message
  settle(static_cast<std::size_t>(id - first_id_), err);
}

bool await_deliveries(rd_kafka_t* producer, const DeliveryReports& reports, Clock::time_point deadline) {
  using std::chrono::milliseconds;
  // Flushing (rather than polling) sends the batch at once instead of after
  // linger.ms: the whole batch is queued already, nothing more will join it.
  // Short slices end the wait soon after the batch's last report.
  constexpr milliseconds kSlice{100};
  while (reports.pending() > 0) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    if (left <= milliseconds::zero()) break;
    rd_kafka_flush(producer, static_cast<int>(std::min(left, kSlice).count()));
  }
  // One last non-blocking pass for reports that arrived at the deadline.
  if (reports.pending() > 0) rd_kafka_poll(producer, 0);
  return reports.pending() == 0;
}

}  // namespace streamline::plugins::kafka
