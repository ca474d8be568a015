#include "pacer.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>

namespace streamline::plugins::order_generator {
namespace {

constexpr std::chrono::seconds kMaxLag{1};

}  // namespace

void sleep_until(const std::stop_token& stop, Clock::time_point deadline) {
  std::mutex mutex;
  std::condition_variable_any wakeup;
  std::unique_lock lock(mutex);
  wakeup.wait_until(lock, stop, deadline, [] { return false; });
}

Clock::time_point Pacer::due_time(std::uint64_t k) const {
  return start_ + std::chrono::duration_cast<Clock::duration>(interval_ * static_cast<std::int64_t>(k));
}

std::size_t Pacer::take(std::size_t wanted, Clock::time_point deadline, const std::stop_token& stop) {
  if (interval_.count() <= 0 || wanted == 0) return wanted;
  Clock::time_point now = Clock::now();
  if (!started_ || now - (due_time(sent_)) > kMaxLag) {
    started_ = true;
    start_ = now;
    sent_ = 0;
  }
  const Clock::time_point next_due = due_time(sent_);
  if (next_due > now) {
    if (next_due > deadline) {
      sleep_until(stop, deadline);
      return 0;
    }
    sleep_until(stop, next_due);
    if (stop.stop_requested()) return 0;
    now = Clock::now();
  }
  const auto due = static_cast<std::uint64_t>((now - start_) / interval_) + 1 - sent_;
  const std::size_t allowed = static_cast<std::size_t>(std::min<std::uint64_t>(due, wanted));
  sent_ += allowed;
  return allowed;
}

}  // namespace streamline::plugins::order_generator
