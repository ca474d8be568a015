#include "retry_memory.hpp"

#include <algorithm>
#include <functional>
#include <string_view>

namespace streamline::plugins::kafka_sink {
namespace {

std::uint64_t combine(std::uint64_t seed, std::uint64_t value) {
  return seed ^ (value + 0x9E3779B97F4A7C15ull + (seed << 6) + (seed >> 2));
}

}  // namespace

std::uint64_t RetryMemory::fingerprint(const Event& event) {
  const std::hash<std::string_view> hash;
  std::uint64_t h = hash(event.raw());
  h = combine(h, hash(event.key));
  h = combine(h, hash(event.origin.topic));
  h = combine(h, static_cast<std::uint64_t>(event.origin.partition));
  h = combine(h, static_cast<std::uint64_t>(event.origin.offset));
  h = combine(h, event.ack.tracker);
  h = combine(h, event.ack.partition);
  h = combine(h, event.ack.sequence);
  return h;
}

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
    fingerprints_.push_back(fingerprint(batch[i]));
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
    if (fingerprint(batch[i]) != fingerprints[i]) return {};
  return delivered;
}

}  // namespace streamline::plugins::kafka_sink
