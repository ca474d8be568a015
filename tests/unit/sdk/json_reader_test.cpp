// read_json, the fast path of Event::json(): it must read exactly what
// nlohmann's parser reads (values, member order, number types) and decline
// what nlohmann refuses, so that nlohmann can give its message.

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <streamline/event.hpp>
#include <streamline/json_reader.hpp>

namespace streamline {
namespace {

// Same types everywhere, members in the same order.
bool same_shape(const Json& a, const Json& b) {
  if (a.type() != b.type()) return false;
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!same_shape(a[i], b[i])) return false;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    auto ia = a.begin();
    for (auto ib = b.begin(); ib != b.end(); ++ia, ++ib)
      if (ia.key() != ib.key() || !same_shape(*ia, *ib)) return false;
  }
  return true;
}

void expect_as_nlohmann(const std::string& text) {
  SCOPED_TRACE(text);
  const auto fast = read_json(text);
  ASSERT_TRUE(fast.has_value());
  const Json slow = Json::parse(text);
  EXPECT_EQ(*fast, slow);
  EXPECT_TRUE(same_shape(*fast, slow));
  EXPECT_EQ(fast->dump(), slow.dump());
}

TEST(JsonReader, ReadsWhatNlohmannReads) {
  for (const char* text : {
           R"({"event_id":"e-1","n":3,"data":{"items":[{"price":19.99,"quantity":2}],"ok":true,"none":null}})",
           "  [1, -1, 0, -0, 1.5, -2.25e-3, 1E5, 1e+5, 3.0]\n",
           "18446744073709551615",   // the largest unsigned
           "18446744073709551616",   // one more: a double
           "-9223372036854775808",   // the smallest signed
           "-9223372036854775809",   // one less: a double
           R"("tab\t quote\" slash\/ back\\ \b\f\n\r \u00e9 \u20ac \ud83d\ude00")",
           "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"",
           "\xEF\xBB\xBF{\"bom\":1}",
           "{}", "[]", "[[],{},[{}]]", "\"\"", "true", "false", "null", "0",
       })
    expect_as_nlohmann(text);
}

TEST(JsonReader, KeepsMembersInTheirOrderAndTheLastValueOfADuplicate) {
  const auto doc = read_json(R"({"b":1,"a":2,"b":3})");
  ASSERT_TRUE(doc.has_value());
  EXPECT_EQ(doc->dump(), R"({"b":3,"a":2})");
  expect_as_nlohmann(R"({"b":1,"a":2,"b":3})");

  // Past the scan threshold duplicates are found through a hash index.
  std::string big = "{";
  for (int i = 0; i < 100; ++i) big += "\"k" + std::to_string(i % 60) + "\":" + std::to_string(i) + ",";
  big += "\"k0\":\"last\"}";
  expect_as_nlohmann(big);
  EXPECT_EQ(read_json(big)->size(), 60u);
  EXPECT_EQ((*read_json(big))["k0"], "last");
}

TEST(JsonReader, DeclinesWhatNlohmannRefuses) {
  for (const std::string& text : std::vector<std::string>{
           "", " ", "{", "}", "[1,]", "[1 2]", R"({"a":1,})", R"({"a" 1})", R"({a:1})", "01", "1.", ".5", "-", "+1",
           "1e", "tru", "nul", "[", "\"open", "\"\x01\"", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"",
           "\"\\ud800\\u0041\"", "\"\xC0\x80\"", "\"\xED\xA0\x80\"", "\"\xF5\x80\x80\x80\"", "\"\xE2\x82\"",
           "\"\x80\"", "{} x", "{}{}", "'a'", "NaN", "[1]]",
       }) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(read_json(text).has_value());
    EXPECT_FALSE(Json::accept(text)) << "the test's input must be invalid for nlohmann too";
  }
}

TEST(JsonReader, LeavesDeepNestingAndOutOfRangeNumbersToNlohmann) {
  EXPECT_FALSE(read_json(std::string(300, '[') + std::string(300, ']')).has_value());
  EXPECT_TRUE(read_json(std::string(200, '[') + std::string(200, ']')).has_value());
  EXPECT_FALSE(read_json("1e400").has_value());
  EXPECT_FALSE(read_json("1e-400").has_value());
  const std::string after_nul("{\"a\":1}\0 x", 10);  // nlohmann stops reading at a NUL
  EXPECT_FALSE(read_json(after_nul).has_value());
  EXPECT_EQ(Event::from_raw(after_nul).json(), Json::parse(after_nul));

  // Event::json() then asks nlohmann, which decides and words the error.
  EXPECT_EQ(Event::from_raw(std::string(3000, '[') + std::string(3000, ']')).json().size(), 1u);
  EXPECT_EQ(Event::from_raw("[1e-400]").json()[0], 0.0);
  try {
    (void)Event::from_raw("[1e400]").json();
    FAIL() << "1e400 read";
  } catch (const PayloadError& e) {
    EXPECT_EQ(std::string(e.what()), "payload has a number out of range: [json.exception.out_of_range.406] number "
                                     "overflow parsing '1e400'");
  }
  try {
    (void)Event::from_raw("{oops").json();
    FAIL() << "{oops read";
  } catch (const PayloadError& e) {
    EXPECT_EQ(std::string(e.what()),
              "payload is not valid JSON: [json.exception.parse_error.101] parse error at line 1, column 2: syntax "
              "error while parsing object key - invalid literal; last read: '{o'; expected string literal");
  }
}

// Random edits of a real order event: whatever the reader reads, nlohmann reads
// as the same document.
TEST(JsonReader, AgreesWithNlohmannOnMutatedOrderEvents) {
  const std::string order =
      R"({"event_id":"0a1b2c3d-0001","event_type":"ORDER_CREATED","order_id":"ord-12","user_id":"user-00042",)"
      R"("timestamp":"2026-11-25T10:00:00.123Z","data":{"items":[{"product_id":"prod-0001","quantity":2,)"
      R"("price":19.99}],"total_amount":39.98,"currency":"USD","note":"caf\u00e9 \ud83d\ude00","x":-0,"big":1e308}})";
  const std::string alphabet = "{}[]\":,.-+eE0123456789\\u tfnarl\x01\x80\xC3\xA9\xED\xF0";
  std::mt19937 random(42);
  int read = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text = order;
    const int edits = 1 + static_cast<int>(random() % 3);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = random() % text.size();
      const char c = alphabet[random() % alphabet.size()];
      switch (random() % 3) {
        case 0: text[at] = c; break;
        case 1: text.insert(at, 1, c); break;
        default: text.erase(at, 1); break;
      }
    }
    const auto fast = read_json(text);
    // It may decline valid text (a number out of a double's range), never read invalid text.
    if (!fast) continue;
    ASSERT_TRUE(Json::accept(text)) << text;
    ++read;
    const Json slow = Json::parse(text);
    ASSERT_TRUE(same_shape(*fast, slow)) << text;
    ASSERT_EQ(fast->dump(), slow.dump()) << text;
  }
  EXPECT_GT(read, 1000) << "enough of the edits must stay valid JSON to compare documents";
}

}  // namespace
}  // namespace streamline
