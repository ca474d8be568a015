#pragma once
// VelocityWindow: how many orders each user placed within a sliding window of
// event time, in bounded memory.
//
// record(user, at) answers "orders of this user seen before, stamped within
// (at - window, at]" and then remembers this one. Memory stays bounded three
// ways: a user's orders older than the window are forgotten when the user
// orders again; users idle for longer than the window are evicted (least
// recently active first); and at most `max_users` users and
// `max_orders_per_user` orders per user are kept (the oldest go first), so
// the count saturates at that cap.
//
// Time is event time, not the clock: a replay of old events counts the same
// as it did live. Events may come slightly out of order; an order stamped
// later than `at` does not count for `at`.
//
// Threading: not thread-safe; one stage instance owns one window.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>

namespace streamline::plugins::fraud {

class VelocityWindow {
 public:
  static constexpr std::size_t kDefaultMaxUsers = 100'000;
  static constexpr std::size_t kDefaultMaxOrdersPerUser = 1'024;

  explicit VelocityWindow(std::chrono::milliseconds window, std::size_t max_users = kDefaultMaxUsers,
                          std::size_t max_orders_per_user = kDefaultMaxOrdersPerUser);

  // Orders of `user` stamped within (at_ms - window, at_ms] recorded before
  // this call; then records this order.
  std::size_t record(std::string_view user, std::int64_t at_ms);

  // Users currently tracked.
  std::size_t users() const noexcept { return users_.size(); }
  std::chrono::milliseconds window() const noexcept { return window_; }

 private:
  struct Activity {
    std::deque<std::int64_t> times;  // ascending as far as events came in order
    std::int64_t newest = 0;
    std::list<std::string>::iterator recency;
  };

  void evict_idle(std::int64_t now_ms);

  std::chrono::milliseconds window_;
  std::size_t max_users_;
  std::size_t max_orders_per_user_;
  std::unordered_map<std::string, Activity> users_;
  std::list<std::string> recency_;  // most recently active first
};

}  // namespace streamline::plugins::fraud
