// VelocityWindow: orders per user within a window of event time, bounded.

#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "plugins/fraud/velocity_window.hpp"

namespace streamline::plugins::fraud {
namespace {

using std::chrono::minutes;
constexpr std::int64_t kMinute = 60'000;

TEST(FraudVelocityWindow, CountsTheUsersEarlierOrdersWithinTheWindow) {
  VelocityWindow window(minutes(60));
  EXPECT_EQ(window.record("alice", 0), 0u);
  EXPECT_EQ(window.record("alice", 10 * kMinute), 1u);
  EXPECT_EQ(window.record("bob", 11 * kMinute), 0u);
  EXPECT_EQ(window.record("alice", 20 * kMinute), 2u);
  // At 60 min the order at 0 is exactly one window old: out.
  EXPECT_EQ(window.record("alice", 60 * kMinute), 2u);
  EXPECT_EQ(window.record("alice", 61 * kMinute), 3u);
  // Two hours later all of them are out.
  EXPECT_EQ(window.record("alice", 200 * kMinute), 0u);
  EXPECT_EQ(window.record("alice", 200 * kMinute), 1u);  // same millisecond counts
}

TEST(FraudVelocityWindow, AnOrderStampedLaterDoesNotCountForAnEarlierOne) {
  VelocityWindow window(minutes(60));
  EXPECT_EQ(window.record("alice", 30 * kMinute), 0u);
  EXPECT_EQ(window.record("alice", 20 * kMinute), 0u);  // out of order
  EXPECT_EQ(window.record("alice", 40 * kMinute), 2u);
  EXPECT_EQ(window.record("alice", 25 * kMinute), 1u);  // only the one at 20
}

TEST(FraudVelocityWindow, EvictsUsersIdleLongerThanTheWindow) {
  VelocityWindow window(minutes(60));
  window.record("alice", 0);
  window.record("bob", 30 * kMinute);
  EXPECT_EQ(window.users(), 2u);
  window.record("carol", 61 * kMinute);  // alice idle for more than the window
  EXPECT_EQ(window.users(), 2u);
  window.record("carol", 200 * kMinute);  // bob too
  EXPECT_EQ(window.users(), 1u);
  EXPECT_EQ(window.record("alice", 200 * kMinute), 0u);
}

TEST(FraudVelocityWindow, KeepsAtMostMaxUsersLeastRecentlyActiveOut) {
  VelocityWindow window(minutes(60), /*max_users=*/3);
  for (int user = 0; user < 10; ++user) window.record("user-" + std::to_string(user), user * 1000);
  EXPECT_EQ(window.users(), 3u);
  EXPECT_EQ(window.record("user-9", 20'000), 1u);  // kept
  EXPECT_EQ(window.record("user-0", 20'000), 0u);  // evicted: forgotten
  EXPECT_EQ(window.users(), 3u);
}

TEST(FraudVelocityWindow, SaturatesAtMaxOrdersPerUser) {
  VelocityWindow window(minutes(60), 10, /*max_orders_per_user=*/4);
  for (int i = 0; i < 10; ++i) window.record("alice", i * 1000);
  EXPECT_EQ(window.record("alice", 10'000), 4u);
}

}  // namespace
}  // namespace streamline::plugins::fraud
