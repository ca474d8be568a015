#include "velocity_window.hpp"

#include <algorithm>

namespace streamline::plugins::fraud {

VelocityWindow::VelocityWindow(std::chrono::milliseconds window, std::size_t max_users,
                               std::size_t max_orders_per_user)
    : window_(window),
      max_users_(std::max<std::size_t>(1, max_users)),
      max_orders_per_user_(std::max<std::size_t>(1, max_orders_per_user)) {}

std::size_t VelocityWindow::record(std::string_view user, std::int64_t at_ms) {
  const std::int64_t since = at_ms - window_.count();
  std::string key(user);
  auto it = users_.find(key);
  if (it == users_.end()) {
    recency_.push_front(key);
    it = users_.emplace(std::move(key), Activity{{}, at_ms, recency_.begin()}).first;
  } else {
    recency_.splice(recency_.begin(), recency_, it->second.recency);
  }
  Activity& activity = it->second;

  // Forget what no later order can count: older than the window of the
  // newest order seen (an out-of-order order still finds its own window).
  activity.newest = std::max(activity.newest, at_ms);
  const std::int64_t forget_before = activity.newest - window_.count();
  while (!activity.times.empty() && activity.times.front() <= forget_before) activity.times.pop_front();

  const auto count = static_cast<std::size_t>(std::count_if(
      activity.times.begin(), activity.times.end(), [&](std::int64_t t) { return t > since && t <= at_ms; }));

  activity.times.insert(std::upper_bound(activity.times.begin(), activity.times.end(), at_ms), at_ms);
  if (activity.times.size() > max_orders_per_user_) activity.times.pop_front();

  evict_idle(at_ms);
  return count;
}

void VelocityWindow::evict_idle(std::int64_t now_ms) {
  while (!recency_.empty()) {
    const auto it = users_.find(recency_.back());
    const bool idle = it->second.newest <= now_ms - window_.count();
    if (!idle && users_.size() <= max_users_) break;
    users_.erase(it);
    recency_.pop_back();
  }
}

}  // namespace streamline::plugins::fraud
