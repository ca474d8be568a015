#include "delay.hpp"

#include <condition_variable>
#include <mutex>
#include <utility>

namespace streamline::plugins::delay {

DelayStage::DelayStage(DelayOptions options, std::stop_token stop)
    : options_(options), stop_(std::move(stop)) {}

void DelayStage::process(Batch& batch) {
  if (batch.empty() || options_.duration.count() <= 0) return;
  const auto factor = options_.per_event ? static_cast<std::chrono::milliseconds::rep>(batch.size()) : 1;
  const Clock::time_point until = Clock::now() + options_.duration * factor;
  std::mutex mutex;
  std::condition_variable_any wakeup;
  std::unique_lock lock(mutex);
  wakeup.wait_until(lock, stop_, until, [] { return false; });
}

}  // namespace streamline::plugins::delay
