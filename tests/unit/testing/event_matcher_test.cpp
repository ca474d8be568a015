#include "engine/testing/event_matcher.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace streamline::engine {
namespace {

std::string mismatch(const Json& expected, const Json& actual) {
  const auto m = match_json(expected, actual);
  return m ? describe(*m) : "match";
}

TEST(EventMatcher, AnObjectMatchesAsASubset) {
  const Json actual = {{"event_id", "e1"}, {"fraud", {{"decision", "review"}, {"score", 0.7}}}, {"extra", 1}};
  EXPECT_EQ(mismatch({{"fraud", {{"decision", "review"}}}}, actual), "match");
  EXPECT_EQ(mismatch({{"fraud", {{"decision", "approve"}}}}, actual),
            "fraud.decision: expected \"approve\", got \"review\"");
  EXPECT_EQ(mismatch({{"missing", 1}}, actual), "missing: expected 1, got absent");
}

TEST(EventMatcher, ArraysMatchElementByElementAndByLength) {
  const Json actual = {{"items", {{{"id", "a"}, {"n", 1}}, {{"id", "b"}, {"n", 2}}}}};
  EXPECT_EQ(mismatch({{"items", {{{"id", "a"}}, {{"id", "b"}}}}}, actual), "match");
  EXPECT_EQ(mismatch({{"items", {{{"id", "a"}}, {{"id", "c"}}}}}, actual), "items[1].id: expected \"c\", got \"b\"");
  EXPECT_EQ(mismatch({{"items", {{{"id", "a"}}}}}, actual), "items: expected 1 items, got 2 items");
}

TEST(EventMatcher, NumbersCompareByValue) {
  EXPECT_EQ(mismatch(Json(20), Json(20.0)), "match");
  EXPECT_EQ(mismatch(Json(20.5), Json(20)), "event: expected 20.5, got 20");
  EXPECT_EQ(mismatch(Json(-3), Json(-3)), "match");
  EXPECT_EQ(mismatch(Json(1), Json(true)), "event: expected 1, got true");
}

TEST(EventMatcher, MatchesOperatorSearchesARegex) {
  const Json expected = {{"error", {{"$matches", "^unknown reference: .*u-404"}}}};
  EXPECT_EQ(mismatch(expected, {{"error", "unknown reference: [\"user:u-404\"]"}}), "match");
  EXPECT_EQ(mismatch(expected, {{"error", "other"}}),
            "error: expected a string matching \"^unknown reference: .*u-404\", got \"other\"");
  EXPECT_EQ(mismatch(expected, {{"error", 5}}), "error: expected a string matching \"^unknown reference: .*u-404\", got 5");
}

TEST(EventMatcher, AbsentOperatorRequiresTheKeyToBeMissing) {
  const Json expected = {{"fraud", {{"$absent", true}}}};
  EXPECT_EQ(mismatch(expected, {{"event_id", "e1"}}), "match");
  EXPECT_EQ(mismatch(expected, {{"fraud", {{"decision", "block"}}}}), "fraud: expected absent, got {\"decision\":\"block\"}");
  EXPECT_EQ(mismatch({{"fraud", {{"$absent", false}}}}, {{"event_id", "e1"}}), "fraud: expected present, got absent");
}

TEST(EventMatcher, EnvelopeKeysMatchTheKeyAndTheFailure) {
  Event event = Event::from_raw(R"({"event_id":"e1"})");
  event.key = "o1";
  event.failure = Failure{"validate", "missing field 'event_type'", 1};
  const RecordedEvent recorded = record_event(event);
  EXPECT_FALSE(match_event({{"$key", "o1"}, {"event_id", "e1"}}, recorded));
  EXPECT_FALSE(match_event({{"$failure", {{"stage", "validate"}}}}, recorded));
  const auto m = match_event({{"$failure", {{"error", {{"$matches", "timestamp"}}}}}}, recorded);
  ASSERT_TRUE(m);
  EXPECT_EQ(describe(*m), "$failure.error: expected a string matching \"timestamp\", got \"missing field 'event_type'\"");
  EXPECT_EQ(describe(recorded),
            R"({"event_id":"e1"}  $key="o1"  $failure={stage: "validate", error: "missing field 'event_type'"})");
}

TEST(EventMatcher, APayloadThatIsNotJsonIsMatchedAsItsText) {
  const RecordedEvent recorded = record_event(Event::from_raw("{not json"));
  EXPECT_EQ(recorded.payload, Json("{not json"));
  EXPECT_FALSE(match_event(Json("{not json"), recorded));
  EXPECT_TRUE(match_event(Json::object({{"event_id", "e1"}}), recorded));
}

TEST(EventMatcher, BadOperatorsAreReportedWithTheirPath) {
  EXPECT_THAT(check_expectation({{"a", {{"$matches", "("}}}}), ::testing::ElementsAre(::testing::StartsWith(
                                                                 "a: $matches: invalid regular expression \"(\": ")));
  EXPECT_THAT(check_expectation({{"a", {{"$absent", "yes"}}}}),
              ::testing::ElementsAre("a: $absent needs true or false"));
  EXPECT_THAT(check_expectation({{"list", {{{"$absent", true}}}}}),
              ::testing::ElementsAre("list[0]: $absent applies only to an object's key"));
  EXPECT_TRUE(check_expectation({{"a", {{"$matches", "^x$"}}}, {"b", {{"$absent", true}}}}).empty());
}

}  // namespace
}  // namespace streamline::engine
