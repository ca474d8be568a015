#include "engine/config/duration.hpp"

#include <gtest/gtest.h>

namespace streamline::engine {
namespace {

using std::chrono::milliseconds;

TEST(ParseDuration, ReadsEveryUnit) {
  EXPECT_EQ(parse_duration("250ms"), milliseconds(250));
  EXPECT_EQ(parse_duration("2s"), milliseconds(2000));
  EXPECT_EQ(parse_duration("1m"), milliseconds(60000));
  EXPECT_EQ(parse_duration("1h"), milliseconds(3600000));
}

TEST(ParseDuration, BareIntegerIsMilliseconds) {
  EXPECT_EQ(parse_duration("1500"), milliseconds(1500));
  EXPECT_EQ(parse_duration("0"), milliseconds(0));
  EXPECT_EQ(parse_duration("0s"), milliseconds(0));
}

TEST(ParseDuration, RejectsWhatIsNotADuration) {
  for (const char* text : {"", "s", "ms", "5 s", "5sec", "5d", "-1s", "1.5s", "s5", "5ms ", " 5ms",
                           "99999999999999999999ms", "9223372036854775807h"})
    EXPECT_EQ(parse_duration(text), std::nullopt) << "'" << text << "'";
}

TEST(FormatDuration, UsesTheLargestExactUnit) {
  EXPECT_EQ(format_duration(milliseconds(0)), "0ms");
  EXPECT_EQ(format_duration(milliseconds(250)), "250ms");
  EXPECT_EQ(format_duration(milliseconds(1500)), "1500ms");
  EXPECT_EQ(format_duration(milliseconds(2000)), "2s");
  EXPECT_EQ(format_duration(milliseconds(90000)), "90s");
  EXPECT_EQ(format_duration(milliseconds(120000)), "2m");
  EXPECT_EQ(format_duration(milliseconds(7200000)), "2h");
}

TEST(FormatDuration, RoundTripsThroughParse) {
  for (std::int64_t ms : {0, 1, 999, 1000, 61000, 3600000, 86400000})
    EXPECT_EQ(parse_duration(format_duration(milliseconds(ms))), milliseconds(ms));
}

}  // namespace
}  // namespace streamline::engine
