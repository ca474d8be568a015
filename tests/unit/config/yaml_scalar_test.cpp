#include "engine/config/yaml_scalar.hpp"

#include <gtest/gtest.h>

namespace streamline::engine {
namespace {

TEST(ParseInteger, ReadsDecimalHexAndOctal) {
  EXPECT_EQ(parse_integer("42"), 42);
  EXPECT_EQ(parse_integer("+42"), 42);
  EXPECT_EQ(parse_integer("-42"), -42);
  EXPECT_EQ(parse_integer("007"), 7);
  EXPECT_EQ(parse_integer("0x1F"), 31);
  EXPECT_EQ(parse_integer("0o17"), 15);
}

TEST(ParseInteger, RejectsEverythingElse) {
  for (const char* text : {"", "+", "-", "abc", "1.0", "1e3", "12abc", " 1", "1 ", "--1", "+-1",
                           "0x", "99999999999999999999"})
    EXPECT_EQ(parse_integer(text), std::nullopt) << "'" << text << "'";
}

TEST(ParseFloat, ReadsNumbers) {
  EXPECT_EQ(parse_float("1.5"), 1.5);
  EXPECT_EQ(parse_float("-0.25"), -0.25);
  EXPECT_EQ(parse_float("+2"), 2.0);
  EXPECT_EQ(parse_float("1e3"), 1000.0);
  EXPECT_EQ(parse_float(".5"), 0.5);
}

TEST(ParseFloat, RejectsEverythingElse) {
  for (const char* text : {"", "abc", "1.5.2", "1,5", "inf", "nan", "-inf", "1.5x"})
    EXPECT_EQ(parse_float(text), std::nullopt) << "'" << text << "'";
}

TEST(ParseBool, ReadsTheUsualSpellings) {
  for (const char* text : {"true", "True", "TRUE", "yes", "on"}) EXPECT_EQ(parse_bool(text), true);
  for (const char* text : {"false", "False", "no", "off"}) EXPECT_EQ(parse_bool(text), false);
  for (const char* text : {"", "1", "0", "y", "maybe"}) EXPECT_EQ(parse_bool(text), std::nullopt);
}

TEST(YamlToJson, GuessesPlainScalarsAndKeepsQuotedOnesAsStrings) {
  const YAML::Node node = YAML::Load(
      "i: 5\nf: 1.5\nb: true\nn: ~\ns: hello\nq: \"5\"\nyes_is_text: yes\n"
      "list: [1, two]\nmap: { k: v }\n");
  const nlohmann::json expected = {
      {"i", 5},          {"f", 1.5}, {"b", true}, {"n", nullptr}, {"s", "hello"}, {"q", "5"},
      {"yes_is_text", "yes"}, {"list", {1, "two"}}, {"map", {{"k", "v"}}}};
  EXPECT_EQ(yaml_to_json(node), expected);
}

TEST(DescribeValue, NamesWhatWasWritten) {
  const YAML::Node node = YAML::Load(
      "s: abc\nl: [1]\nm: {a: 1}\nn:\nlong: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n");
  EXPECT_EQ(describe_value(node["s"]), "'abc'");
  EXPECT_EQ(describe_value(node["l"]), "a list");
  EXPECT_EQ(describe_value(node["m"]), "a map");
  EXPECT_EQ(describe_value(node["n"]), "nothing");
  EXPECT_EQ(describe_value(node["long"]), "'" + std::string(40, 'a') + "...'");
}

}  // namespace
}  // namespace streamline::engine
