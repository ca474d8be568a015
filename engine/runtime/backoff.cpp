#include "engine/runtime/backoff.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>

namespace streamline::engine {

std::chrono::milliseconds Backoff::delay(int attempt) const {
  const auto initial = std::max<std::int64_t>(settings_.initial_backoff.count(), 0);
  const auto cap = std::max<std::int64_t>(settings_.max_backoff.count(), initial);
  std::int64_t d = initial;
  for (int i = 1; i < attempt && d < cap; ++i) d *= 2;
  return std::chrono::milliseconds(std::min(d, cap));
}

bool interruptible_sleep(std::chrono::milliseconds duration, std::stop_token stop) {
  std::mutex m;
  std::condition_variable_any cv;
  std::unique_lock lock(m);
  // The predicate never turns true by itself: only stop ends the wait early.
  cv.wait_for(lock, stop, duration, [] { return false; });
  return !stop.stop_requested();
}

}  // namespace streamline::engine
