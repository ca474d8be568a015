#pragma once
// Pacer: spaces events evenly in time (`rate` events per second, or one
// event per `delay`, the original producer's `--delay`).
//
// Event k after a (re)start is due at start + k * interval; the first is due
// at once. Events that fell due while nobody asked (a short pause, a busy
// pipeline) go out together in the next batch, so a slow consumer gets
// bigger batches rather than a lower rate; more than a second behind, the
// schedule restarts instead of bursting to catch up.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <stop_token>

#include <streamline/stage.hpp>

namespace streamline::plugins::order_generator {

class Pacer {
 public:
  // interval zero: unthrottled.
  explicit Pacer(std::chrono::nanoseconds interval) : interval_(interval) {}

  // How many of `wanted` events may go now, waiting until `deadline` (or a
  // stop request) for the first to become due. Counts them as sent.
  std::size_t take(std::size_t wanted, Clock::time_point deadline, const std::stop_token& stop);

 private:
  Clock::time_point due_time(std::uint64_t k) const;

  std::chrono::nanoseconds interval_;
  bool started_ = false;
  Clock::time_point start_{};
  std::uint64_t sent_ = 0;
};

// Sleeps until `deadline`, or less when a stop is requested.
void sleep_until(const std::stop_token& stop, Clock::time_point deadline);

}  // namespace streamline::plugins::order_generator
