#include <streamline/resilience/backoff.hpp>

#include <chrono>
#include <vector>

#include <gtest/gtest.h>

namespace streamline {
namespace {

using std::chrono::milliseconds;

TEST(Backoff, CeilingGrowsByTheMultiplierUpToTheMaximum) {
  Backoff backoff({.initial = milliseconds(100), .max = milliseconds(1000), .multiplier = 2.0}, 1);
  EXPECT_EQ(backoff.ceiling(0), milliseconds(100));
  EXPECT_EQ(backoff.ceiling(1), milliseconds(200));
  EXPECT_EQ(backoff.ceiling(2), milliseconds(400));
  EXPECT_EQ(backoff.ceiling(3), milliseconds(800));
  EXPECT_EQ(backoff.ceiling(4), milliseconds(1000));
  EXPECT_EQ(backoff.ceiling(5000), milliseconds(1000));  // pow overflows to inf, still capped
}

TEST(Backoff, FractionalMultiplierAndMultiplierBelowOneMeansConstant) {
  Backoff growing({.initial = milliseconds(100), .max = milliseconds(1000), .multiplier = 1.5}, 1);
  EXPECT_EQ(growing.ceiling(1), milliseconds(150));
  EXPECT_EQ(growing.ceiling(2), milliseconds(225));
  Backoff constant({.initial = milliseconds(100), .max = milliseconds(1000), .multiplier = 0.5}, 1);
  EXPECT_EQ(constant.ceiling(3), milliseconds(100));
}

TEST(Backoff, EveryDelayLiesWithinZeroAndItsCeiling) {
  Backoff backoff({.initial = milliseconds(10), .max = milliseconds(640), .multiplier = 2.0}, 42);
  for (int i = 0; i < 2000; ++i) {
    const auto ceiling = backoff.ceiling(backoff.retries());
    const auto delay = backoff.next();
    ASSERT_GE(delay, milliseconds(0)) << "delay " << i;
    ASSERT_LE(delay, ceiling) << "delay " << i;
  }
  EXPECT_EQ(backoff.retries(), 2000);
}

TEST(Backoff, JitterSpreadsOverTheWholeRange) {
  // Full jitter: draws at the capped ceiling reach both ends of [0, 100].
  Backoff backoff({.initial = milliseconds(100), .max = milliseconds(100), .multiplier = 1.0}, 3);
  milliseconds lowest(1000), highest(-1);
  for (int i = 0; i < 5000; ++i) {
    const auto d = backoff.next();
    lowest = std::min(lowest, d);
    highest = std::max(highest, d);
  }
  EXPECT_LE(lowest, milliseconds(2));
  EXPECT_GE(highest, milliseconds(98));
}

TEST(Backoff, SameSeedGivesTheSameDelaysAndAnotherSeedOthers) {
  const BackoffPolicy policy{.initial = milliseconds(1000), .max = milliseconds(60000), .multiplier = 2.0};
  Backoff a(policy, 7), b(policy, 7), c(policy, 8);
  std::vector<milliseconds> from_a, from_b, from_c;
  for (int i = 0; i < 10; ++i) {
    from_a.push_back(a.next());
    from_b.push_back(b.next());
    from_c.push_back(c.next());
  }
  EXPECT_EQ(from_a, from_b);
  EXPECT_NE(from_a, from_c);
}

TEST(Backoff, ResetStartsOverFromTheFirstCeiling) {
  Backoff backoff({.initial = milliseconds(5), .max = milliseconds(10000), .multiplier = 10.0}, 1);
  backoff.next();
  backoff.next();
  backoff.next();
  EXPECT_EQ(backoff.retries(), 3);
  backoff.reset();
  EXPECT_EQ(backoff.retries(), 0);
  EXPECT_LE(backoff.next(), milliseconds(5));
}

TEST(Backoff, ZeroInitialDelayNeverWaits) {
  Backoff backoff({.initial = milliseconds(0), .max = milliseconds(100), .multiplier = 2.0}, 1);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(backoff.next(), milliseconds(0));
}

}  // namespace
}  // namespace streamline
