// LogThrottle: one line per interval, the rest counted.

#include <chrono>

#include <gtest/gtest.h>

#include "redis/log_throttle.hpp"

namespace streamline::plugins::redis {
namespace {

using namespace std::chrono_literals;

TEST(LogThrottleTest, LetsOneLinePerIntervalThroughAndCountsTheRest) {
  LogThrottle throttle(1000ms);
  const auto t0 = LogThrottle::Clock::time_point{} + 1h;
  EXPECT_TRUE(throttle.allow(t0));
  EXPECT_FALSE(throttle.allow(t0 + 10ms));
  EXPECT_FALSE(throttle.allow(t0 + 999ms));
  EXPECT_TRUE(throttle.allow(t0 + 1000ms));
  EXPECT_EQ(throttle.take_suppressed(), 2u);
  EXPECT_EQ(throttle.take_suppressed(), 0u);
  EXPECT_FALSE(throttle.allow(t0 + 1500ms));
}

TEST(LogThrottleTest, ResetLetsTheNextLineThrough) {
  LogThrottle throttle(1000ms);
  const auto t0 = LogThrottle::Clock::time_point{} + 1h;
  EXPECT_TRUE(throttle.allow(t0));
  throttle.reset();
  EXPECT_TRUE(throttle.allow(t0 + 1ms));
}

}  // namespace
}  // namespace streamline::plugins::redis
