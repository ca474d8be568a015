#pragma once
// The event ids a pg-sink committed lately, the oldest forgotten first.
//
// A duplicate that dedup let through because its original was still in
// flight reaches the store a few batches after the original, on the same
// lane (the Kafka key is the order id, and partition_by: key keeps an order
// on one store instance). Remembering what this instance committed lets the
// store skip those rows without asking PostgreSQL which ids it holds.
// Anything older or written by another instance is still caught: the COPY
// meets the stored id, fails, and the batch is written again with the
// lookup (order_events_writer.hpp).

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace streamline::plugins::pg_sink {

class RecentEventIds {
 public:
  // Up to `capacity` ids; 0 remembers nothing.
  explicit RecentEventIds(std::size_t capacity);

  bool contains(std::string_view id) const { return ids_.contains(id); }
  // Remembers `id`, forgetting the oldest when full.
  void add(std::string_view id);
  std::size_t size() const noexcept { return ids_.size(); }

 private:
  std::size_t capacity_;
  // A ring of the ids, oldest at next_ once full. Its strings never move
  // (reserved up front) and are overwritten in place: ids of one length
  // reuse their buffers instead of allocating one per id.
  std::vector<std::string> ring_;
  std::size_t next_ = 0;
  std::unordered_set<std::string_view> ids_;  // views of ring_'s strings
};

}  // namespace streamline::plugins::pg_sink
