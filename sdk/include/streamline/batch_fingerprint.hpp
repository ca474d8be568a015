#pragma once
// Fingerprints that tell a retried batch from a new one.
//
// When a stage throws TransientError the engine calls process() again with
// the same batch: the same events, in the same order, with the same payloads,
// keys, origins and acknowledgement tokens. A sink whose failed attempt may
// have partly or wholly landed (Kafka confirmed some deliveries, a COMMIT was
// cut before its answer came) can remember the fingerprint of that attempt
// and, when the next batch has it, treat the call as a retry rather than new
// work. Two different batches share a fingerprint only by a 64-bit hash
// collision.

#include <cstdint>
#include <functional>
#include <string_view>

#include <streamline/batch.hpp>
#include <streamline/event.hpp>

namespace streamline {

namespace fingerprint_detail {

inline std::uint64_t combine(std::uint64_t seed, std::uint64_t value) noexcept {
  return seed ^ (value + 0x9E3779B97F4A7C15ull + (seed << 6) + (seed >> 2));
}

}  // namespace fingerprint_detail

// One event: its text (serialised if only the document is held), key, origin
// and acknowledgement token.
inline std::uint64_t event_fingerprint(const Event& event) {
  using fingerprint_detail::combine;
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

// The whole batch, in order.
inline std::uint64_t batch_fingerprint(const Batch& batch) {
  std::uint64_t h = batch.size();
  for (const Event& event : batch) h = fingerprint_detail::combine(h, event_fingerprint(event));
  return h;
}

}  // namespace streamline
