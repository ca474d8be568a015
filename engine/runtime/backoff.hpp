#pragma once
// Backoff: how long to wait before retrying after a TransientError, per a
// stage's `retry:` settings (exponential from initial_backoff, capped at
// max_backoff; max_attempts 0 = retry forever). Plugins never sleep in retry
// loops; the engine does, here, and wakes up when asked to stop.

#include <chrono>
#include <stop_token>

#include "engine/config/pipeline_config.hpp"

namespace streamline::engine {

class Backoff {
 public:
  explicit Backoff(const RetrySettings& settings) : settings_(settings) {}

  // Delay after the `attempt`-th failed attempt (1-based).
  std::chrono::milliseconds delay(int attempt) const;
  // True when `attempts` tries used up the allowance.
  bool exhausted(int attempts) const noexcept {
    return settings_.max_attempts > 0 && attempts >= settings_.max_attempts;
  }

 private:
  RetrySettings settings_;
};

// Sleeps for `duration` unless `stop` is requested first. True when it slept
// the whole time.
bool interruptible_sleep(std::chrono::milliseconds duration, std::stop_token stop);

}  // namespace streamline::engine
