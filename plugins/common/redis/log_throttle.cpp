#include "redis/log_throttle.hpp"

namespace streamline::plugins::redis {

bool LogThrottle::allow(Clock::time_point now) {
  if (last_ && now - *last_ < interval_) {
    ++suppressed_;
    return false;
  }
  last_ = now;
  return true;
}

}  // namespace streamline::plugins::redis
