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
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>

namespace streamline::plugins::pg_sink {

class RecentEventIds {
 public:
  // Up to `capacity` ids; 0 remembers nothing.
  explicit RecentEventIds(std::size_t capacity) : capacity_(capacity) {}

  bool contains(std::string_view id) const { return ids_.find(id) != ids_.end(); }
  // Remembers `id`, forgetting the oldest when full.
  void add(std::string_view id);
  std::size_t size() const noexcept { return ids_.size(); }

 private:
  struct ViewHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
  };

  std::size_t capacity_;
  std::unordered_set<std::string, ViewHash, std::equal_to<>> ids_;
  std::deque<const std::string*> oldest_first_;  // elements of ids_ (node-based: they never move)
};

}  // namespace streamline::plugins::pg_sink
