#pragma once
// LogThrottle: lets a repeated warning through at most once per interval, so
// an outage of minutes logs a line per interval, not one per batch.
// Time is passed in so the logic is testable without waiting.
//
// Threading: not thread-safe; each stage instance has its own.

#include <chrono>
#include <cstdint>
#include <optional>
#include <utility>

namespace streamline::plugins::redis {

class LogThrottle {
 public:
  using Clock = std::chrono::steady_clock;

  explicit LogThrottle(std::chrono::milliseconds interval) : interval_(interval) {}

  // True when the line may be logged now (then the interval starts again);
  // false counts it as suppressed.
  bool allow(Clock::time_point now);
  // Lines suppressed since the last call, which resets the count (to say
  // "N more like it" in the next line logged).
  std::uint64_t take_suppressed() noexcept { return std::exchange(suppressed_, 0); }
  // Forget the last line: the next allow() is true (e.g. once the outage ended).
  void reset() noexcept { last_.reset(); }

 private:
  std::chrono::milliseconds interval_;
  std::optional<Clock::time_point> last_;
  std::uint64_t suppressed_ = 0;
};

}  // namespace streamline::plugins::redis
