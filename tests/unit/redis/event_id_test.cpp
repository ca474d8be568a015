// redis-dedup: reading an event's id at a dot path, and the key recording it.

#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "event_id.hpp"

namespace streamline::plugins::redis_dedup {
namespace {

// The id view_event_id reads, as a string that outlives its numbers.
std::optional<std::string> read_event_id(const Json& event, std::string_view path) {
  std::deque<std::string> numbers;
  const std::optional<std::string_view> id = view_event_id(event, path, numbers);
  if (!id) return std::nullopt;
  return std::string(*id);
}

TEST(EventIdTest, ReadsATopLevelOrNestedString) {
  const Json event = Json::parse(R"({"event_id": "evt-1", "data": {"id": "inner-7", "deep": {"id": "d"}}})");
  EXPECT_EQ(read_event_id(event, "event_id"), "evt-1");
  EXPECT_EQ(read_event_id(event, "data.id"), "inner-7");
  EXPECT_EQ(read_event_id(event, "data.deep.id"), "d");
}

TEST(EventIdTest, AnIntegerIdIsItsDecimalDigits) {
  EXPECT_EQ(read_event_id(Json::parse(R"({"id": 12345})"), "id"), "12345");
  EXPECT_EQ(read_event_id(Json::parse(R"({"id": -3})"), "id"), "-3");
}

TEST(EventIdTest, AnythingElseIsNoId) {
  const Json event = Json::parse(
      R"({"empty": "", "null": null, "float": 1.5, "object": {"a": 1}, "list": [1], "flag": true, "data": "text"})");
  for (const char* path : {"missing", "empty", "null", "float", "object", "list", "flag", "data.id", "missing.id"})
    EXPECT_EQ(read_event_id(event, path), std::nullopt) << path;
  EXPECT_EQ(read_event_id(Json::array({1, 2}), "id"), std::nullopt);
}

TEST(EventIdTest, ChecksThePathWithExactMessages) {
  EXPECT_EQ(id_path_problem("event_id"), "");
  EXPECT_EQ(id_path_problem("data.id"), "");
  EXPECT_EQ(id_path_problem(""), "id_path must not be empty");
  EXPECT_EQ(id_path_problem("data..id"), "id_path 'data..id' has an empty key between dots");
  EXPECT_EQ(id_path_problem(".id"), "id_path '.id' has an empty key between dots");
  EXPECT_EQ(id_path_problem("id."), "id_path 'id.' has an empty key between dots");
}

TEST(EventIdTest, AViewedIdPointsIntoTheEventOrAtItsNumbersText) {
  const Json event = Json::parse(R"({"event_id": "evt-1", "n": 7, "m": -8})");
  std::deque<std::string> numbers;
  const auto text = view_event_id(event, "event_id", numbers);
  ASSERT_TRUE(text);
  EXPECT_EQ(text->data(), event["event_id"].get_ref<const std::string&>().data());
  EXPECT_TRUE(numbers.empty());
  const auto seven = view_event_id(event, "n", numbers);
  for (int i = 0; i < 100; ++i) view_event_id(event, "m", numbers);  // more numbers: the first stays put
  EXPECT_EQ(seven, "7");
  EXPECT_EQ(numbers.size(), 101u);
  EXPECT_EQ(view_event_id(event, "missing", numbers), std::nullopt);
}

TEST(EventIdTest, TheKeyIsPrefixAndId) {
  EXPECT_EQ(dedup_key("dedup:", "evt-1"), "dedup:evt-1");
  EXPECT_EQ(dedup_key("", "evt-1"), "evt-1");
}

}  // namespace
}  // namespace streamline::plugins::redis_dedup
