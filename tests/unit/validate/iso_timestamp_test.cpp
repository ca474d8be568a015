// The `timestamp` type of `validate` rules.

#include <gtest/gtest.h>

#include "plugins/validate/iso_timestamp.hpp"

namespace streamline::plugins::validate {
namespace {

TEST(IsoTimestamp, AcceptsWhatOrderEventsCarry) {
  EXPECT_TRUE(is_iso8601_timestamp("2025-01-01T00:00:00.000Z"));
  EXPECT_TRUE(is_iso8601_timestamp("2025-01-01T00:00:00Z"));
  EXPECT_TRUE(is_iso8601_timestamp("2025-12-31T23:59:59.123456789Z"));
  EXPECT_TRUE(is_iso8601_timestamp("2025-06-30T12:00:00.5+02:00"));
  EXPECT_TRUE(is_iso8601_timestamp("2025-06-30T12:00:00-05:30"));
  EXPECT_TRUE(is_iso8601_timestamp("2025-06-30t12:00:00z"));
}

TEST(IsoTimestamp, CountsLeapYears) {
  EXPECT_TRUE(is_iso8601_timestamp("2024-02-29T00:00:00Z"));
  EXPECT_TRUE(is_iso8601_timestamp("2000-02-29T00:00:00Z"));
  EXPECT_FALSE(is_iso8601_timestamp("2025-02-29T00:00:00Z"));
  EXPECT_FALSE(is_iso8601_timestamp("1900-02-29T00:00:00Z"));
  EXPECT_FALSE(is_iso8601_timestamp("2025-04-31T00:00:00Z"));
}

TEST(IsoTimestamp, RefusesTimesThatDoNotExist) {
  EXPECT_FALSE(is_iso8601_timestamp("2025-13-01T00:00:00Z"));
  EXPECT_FALSE(is_iso8601_timestamp("2025-00-01T00:00:00Z"));
  EXPECT_FALSE(is_iso8601_timestamp("2025-01-00T00:00:00Z"));
  EXPECT_FALSE(is_iso8601_timestamp("0000-01-01T00:00:00Z"));
  EXPECT_FALSE(is_iso8601_timestamp("2025-01-01T24:00:00Z"));
  EXPECT_FALSE(is_iso8601_timestamp("2025-01-01T00:60:00Z"));
  EXPECT_FALSE(is_iso8601_timestamp("2025-01-01T00:00:60Z"));
  EXPECT_FALSE(is_iso8601_timestamp("2025-01-01T00:00:00+24:00"));
  EXPECT_FALSE(is_iso8601_timestamp("2025-01-01T00:00:00+01:60"));
}

TEST(IsoTimestamp, RefusesOtherShapes) {
  EXPECT_FALSE(is_iso8601_timestamp(""));
  EXPECT_FALSE(is_iso8601_timestamp("2025-01-01"));
  EXPECT_FALSE(is_iso8601_timestamp("2025-01-01T00:00:00"));  // no zone
  EXPECT_FALSE(is_iso8601_timestamp("2025-01-01 00:00:00Z"));
  EXPECT_FALSE(is_iso8601_timestamp("2025-1-01T00:00:00Z"));
  EXPECT_FALSE(is_iso8601_timestamp("2025-01-01T00:00:00.Z"));
  EXPECT_FALSE(is_iso8601_timestamp("2025-01-01T00:00:00.1234567890Z"));
  EXPECT_FALSE(is_iso8601_timestamp("2025-01-01T00:00:00ZZ"));
  EXPECT_FALSE(is_iso8601_timestamp("2025-01-01T00:00:00+0100"));
  EXPECT_FALSE(is_iso8601_timestamp("2025-01-01T00:00:00+01"));
  EXPECT_FALSE(is_iso8601_timestamp("2025-01-01T00:00:00+01:00x"));
  EXPECT_FALSE(is_iso8601_timestamp("1735689600000"));
  EXPECT_FALSE(is_iso8601_timestamp("Wed, 01 Jan 2025 00:00:00 GMT"));
}

}  // namespace
}  // namespace streamline::plugins::validate
