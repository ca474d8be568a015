#include "recent_event_ids.hpp"

namespace streamline::plugins::pg_sink {

void RecentEventIds::add(std::string_view id) {
  if (capacity_ == 0) return;
  const auto [it, added] = ids_.emplace(id);
  if (!added) return;
  oldest_first_.push_back(&*it);
  if (oldest_first_.size() <= capacity_) return;
  ids_.erase(ids_.find(*oldest_first_.front()));
  oldest_first_.pop_front();
}

}  // namespace streamline::plugins::pg_sink
