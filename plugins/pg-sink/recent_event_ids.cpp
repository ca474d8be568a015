#include "recent_event_ids.hpp"

namespace streamline::plugins::pg_sink {

RecentEventIds::RecentEventIds(std::size_t capacity) : capacity_(capacity) {
  ring_.reserve(capacity);
  ids_.reserve(capacity);
}

void RecentEventIds::add(std::string_view id) {
  if (capacity_ == 0 || ids_.contains(id)) return;
  if (ring_.size() < capacity_) {
    ids_.insert(ring_.emplace_back(id));
    return;
  }
  std::string& oldest = ring_[next_];
  ids_.erase(oldest);
  oldest.assign(id);
  ids_.insert(oldest);
  next_ = (next_ + 1) % capacity_;
}

}  // namespace streamline::plugins::pg_sink
