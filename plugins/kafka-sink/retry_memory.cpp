#include "retry_memory.hpp"

#include <streamline/batch_fingerprint.hpp>

namespace streamline::plugins::kafka_sink {

void RetryMemory::remember(const Batch& batch, const kafka::DeliveryReports& reports) {
  fingerprints_.clear();
  delivered_.clear();
  bool any = false;
  for (std::size_t i = 0; i < reports.size(); ++i)
    any = any || reports.state(i) == kafka::DeliveryReports::State::kDelivered;
  if (!any) return;
  fingerprints_.reserve(batch.size());
  delivered_.reserve(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    fingerprints_.push_back(event_fingerprint(batch[i]));
    delivered_.push_back(reports.state(i) == kafka::DeliveryReports::State::kDelivered);
  }
}

std::vector<bool> RetryMemory::take_delivered(const Batch& batch) {
  std::vector<std::uint64_t> fingerprints = std::move(fingerprints_);
  std::vector<bool> delivered = std::move(delivered_);
  fingerprints_.clear();
  delivered_.clear();
  if (fingerprints.empty() || fingerprints.size() != batch.size()) return {};
  for (std::size_t i = 0; i < batch.size(); ++i)
    if (event_fingerprint(batch[i]) != fingerprints[i]) return {};
  return delivered;
}

}  // namespace streamline::plugins::kafka_sink
