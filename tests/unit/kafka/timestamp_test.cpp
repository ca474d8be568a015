// The order events' timestamps: ISO-8601 UTC with milliseconds.

#include <gtest/gtest.h>

#include "plugins/order-generator/timestamp.hpp"

namespace streamline::orders {
namespace {

TEST(OrderTimestamp, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(format_timestamp(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_timestamp(1735689600000), "2025-01-01T00:00:00.000Z");
  EXPECT_EQ(format_timestamp(1709210096789), "2024-02-29T12:34:56.789Z");
  EXPECT_EQ(format_timestamp(-1), "1969-12-31T23:59:59.999Z");
}

TEST(OrderTimestamp, ParsesWhatItFormats) {
  for (std::int64_t ms : {0LL, 1735689600000LL, 1709210096789LL, 4102444799999LL})
    EXPECT_EQ(parse_timestamp(format_timestamp(ms)), ms);
  EXPECT_EQ(parse_timestamp("2025-01-01T00:00:00Z"), 1735689600000);
  EXPECT_EQ(parse_timestamp("2025-01-01T00:00:00.5+00:00"), 1735689600500);
  EXPECT_EQ(parse_timestamp("2025-01-01 00:00:01Z"), 1735689601000);
}

TEST(OrderTimestamp, RefusesWhatIsNotAUtcTimestamp) {
  for (const char* text : {"", "2025-01-01", "2025-01-01T00:00:00", "2025-01-01T00:00:00+02:00",
                           "2025-13-01T00:00:00Z", "2025-02-30T00:00:00Z", "2025-01-01T24:00:00Z",
                           "2025-01-01T00:00:00.Z", "yesterday at noon"})
    EXPECT_FALSE(parse_timestamp(text).has_value()) << text;
}

TEST(OrderTimestamp, CountsDaysFromTheEpoch) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2020, 1, 1), 18262);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
}

}  // namespace
}  // namespace streamline::orders
