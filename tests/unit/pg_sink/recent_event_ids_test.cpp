// The ids a pg-sink remembers committing: bounded, the oldest forgotten first.

#include <string>

#include <gtest/gtest.h>

#include "recent_event_ids.hpp"

namespace streamline::plugins::pg_sink {
namespace {

TEST(RecentEventIds, RemembersUpToItsCapacityAndForgetsTheOldestFirst) {
  RecentEventIds recent(3);
  for (const char* id : {"a", "b", "c"}) recent.add(id);
  EXPECT_TRUE(recent.contains("a"));
  recent.add("d");
  EXPECT_EQ(recent.size(), 3u);
  EXPECT_FALSE(recent.contains("a"));
  EXPECT_TRUE(recent.contains("b"));
  EXPECT_TRUE(recent.contains("d"));
}

TEST(RecentEventIds, AnIdAddedAgainKeepsItsPlaceAndTakesNoSecondSlot) {
  RecentEventIds recent(2);
  recent.add("a");
  recent.add("a");
  recent.add("b");
  EXPECT_EQ(recent.size(), 2u);
  recent.add("c");  // "a" is still the oldest
  EXPECT_FALSE(recent.contains("a"));
  EXPECT_TRUE(recent.contains("b"));
  EXPECT_TRUE(recent.contains("c"));
}

TEST(RecentEventIds, IdsLongerThanTheSmallStringBufferSurviveTheSetGrowing) {
  RecentEventIds recent(1000);
  for (int i = 0; i < 1000; ++i) recent.add("0f1c2d3e-4b5a-6978-8796-a5b4c3d2e1f0-" + std::to_string(i));
  recent.add("one-more-id-that-is-long-enough-to-be-on-the-heap");
  EXPECT_EQ(recent.size(), 1000u);
  EXPECT_FALSE(recent.contains("0f1c2d3e-4b5a-6978-8796-a5b4c3d2e1f0-0"));
  EXPECT_TRUE(recent.contains("0f1c2d3e-4b5a-6978-8796-a5b4c3d2e1f0-1"));
  EXPECT_TRUE(recent.contains("0f1c2d3e-4b5a-6978-8796-a5b4c3d2e1f0-999"));
}

TEST(RecentEventIds, CapacityZeroRemembersNothing) {
  RecentEventIds recent(0);
  recent.add("a");
  EXPECT_FALSE(recent.contains("a"));
  EXPECT_EQ(recent.size(), 0u);
}

}  // namespace
}  // namespace streamline::plugins::pg_sink
