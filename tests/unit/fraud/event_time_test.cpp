// Event times: the timestamps and dates of order events, in UTC.

#include <gtest/gtest.h>

#include "plugins/fraud/event_time.hpp"

namespace streamline::plugins::fraud {
namespace {

TEST(FraudEventTime, ParsesTheGeneratorsTimestamps) {
  EXPECT_EQ(parse_timestamp("1970-01-01T00:00:00.000Z"), 0);
  EXPECT_EQ(parse_timestamp("2025-01-01T00:00:00.000Z"), 1735689600000);
  EXPECT_EQ(parse_timestamp("2025-01-01T00:00:01.250Z"), 1735689601250);
  EXPECT_EQ(parse_timestamp("2025-01-01T00:00:01Z"), 1735689601000);
  EXPECT_EQ(parse_timestamp("2025-01-01T00:00:01.123456Z"), 1735689601123);
  EXPECT_EQ(parse_timestamp("2025-01-01T00:00:01.5Z"), 1735689601500);
}

TEST(FraudEventTime, AppliesOffsets) {
  EXPECT_EQ(parse_timestamp("2025-01-01T02:00:00+02:00"), 1735689600000);
  EXPECT_EQ(parse_timestamp("2024-12-31T19:00:00.000-05:00"), 1735689600000);
  EXPECT_EQ(parse_timestamp("2025-01-01T00:00:00+00:00"), 1735689600000);
}

TEST(FraudEventTime, RefusesWhatIsNoTimestamp) {
  EXPECT_EQ(parse_timestamp(""), std::nullopt);
  EXPECT_EQ(parse_timestamp("2025-01-01"), std::nullopt);
  EXPECT_EQ(parse_timestamp("2025-01-01T00:00:00"), std::nullopt);  // no zone
  EXPECT_EQ(parse_timestamp("2025-13-01T00:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_timestamp("2025-02-29T00:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_timestamp("2025-01-01T24:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_timestamp("2025-01-01T00:00:00.Z"), std::nullopt);
  EXPECT_EQ(parse_timestamp("yesterday at noon, UTC"), std::nullopt);
}

TEST(FraudEventTime, ParsesDates) {
  EXPECT_EQ(parse_date("1970-01-01"), 0);
  EXPECT_EQ(parse_date("2020-01-01"), 18262);
  EXPECT_EQ(parse_date("2024-02-29"), 19782);
  EXPECT_EQ(parse_date("2025-01-01T10:00:00Z"), 20089);  // a timestamp's date
  EXPECT_EQ(parse_date("2023-02-29"), std::nullopt);
  EXPECT_EQ(parse_date("2025-1-1"), std::nullopt);
  EXPECT_EQ(parse_date("2025-01-01 10:00:00"), 20089);
  EXPECT_EQ(parse_date("2025-01-01x"), std::nullopt);
}

}  // namespace
}  // namespace streamline::plugins::fraud
