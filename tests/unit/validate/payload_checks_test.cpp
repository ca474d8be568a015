// The payload checks of the `validate` plugin: size, UTF-8 and NUL
// characters, each with its exact reason.

#include <string>

#include <gtest/gtest.h>

#include "plugins/validate/payload_checks.hpp"
#include "text/utf8.hpp"

namespace streamline::plugins::validate {
namespace {

using Json = streamline::Json;
using text::first_invalid_utf8;

std::string reason_or_ok(const std::optional<std::string>& reason) { return reason.value_or("ok"); }

TEST(PayloadChecks, SizeUpToTheLimitPassesAndOverItFailsWithBothNumbers) {
  EXPECT_EQ(reason_or_ok(check_size(1048576, 1048576)), "ok");
  EXPECT_EQ(reason_or_ok(check_size(1048577, 1048576)),
            "event of 1048577 bytes is over the limit of 1048576 bytes (max_event_bytes)");
  EXPECT_EQ(reason_or_ok(check_size(2000000, 1048576)),
            "event of 2000000 bytes is over the limit of 1048576 bytes (max_event_bytes)");
}

TEST(PayloadChecks, AcceptsWellFormedUtf8OfEveryLength) {
  EXPECT_EQ(first_invalid_utf8(""), std::nullopt);
  EXPECT_EQ(first_invalid_utf8("plain ascii"), std::nullopt);
  EXPECT_EQ(first_invalid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"), std::nullopt);  // é € 😀
  EXPECT_EQ(first_invalid_utf8("\xF4\x8F\xBF\xBF"), std::nullopt);                        // U+10FFFF
}

TEST(PayloadChecks, FindsTheFirstIllFormedByte) {
  EXPECT_EQ(first_invalid_utf8("ab\xFF"), 2u);                     // never a UTF-8 byte
  EXPECT_EQ(first_invalid_utf8("a\x80"), 1u);                      // a continuation byte alone
  EXPECT_EQ(first_invalid_utf8("abc\xC3"), 3u);                    // cut short at the end
  EXPECT_EQ(first_invalid_utf8("\xC3(x"), 0u);                     // a lead byte without its continuation
  EXPECT_EQ(first_invalid_utf8("\xC0\xAF"), 0u);                   // overlong '/'
  EXPECT_EQ(first_invalid_utf8("ok \xED\xA0\x80"), 3u);            // a UTF-16 surrogate (U+D800)
  EXPECT_EQ(first_invalid_utf8("\xF4\x90\x80\x80"), 0u);           // past U+10FFFF
  EXPECT_EQ(first_invalid_utf8("\xC3\xA9\xC3\xA9 \xFE\xFF"), 5u);  // after valid sequences
}

TEST(PayloadChecks, Utf8ReasonNamesTheByteAndItsOffset) {
  EXPECT_EQ(reason_or_ok(check_utf8(R"({"user_id": "u)" "\xFF\xFE" R"("})")),
            "payload is not valid UTF-8: byte 0xff at offset 14");
  EXPECT_EQ(reason_or_ok(check_utf8("{\"a\": \"\xC3\xA9\"}")), "ok");
}

TEST(PayloadChecks, NulCharacterReasonNamesWhereItIs) {
  const std::string value = R"({"user_id": "a\u0000b"})";
  EXPECT_EQ(reason_or_ok(check_nul_characters(Json::parse(value), value)),
            "payload holds a NUL character (\\u0000) in 'user_id'");
  const std::string nested = R"({"data": {"items": [{"product_id": "p"}, {"product_id": "\u0000"}]}})";
  EXPECT_EQ(reason_or_ok(check_nul_characters(Json::parse(nested), nested)),
            "payload holds a NUL character (\\u0000) in 'data.items.1.product_id'");
  const std::string key = R"({"data": {"a\u0000": 1}})";
  EXPECT_EQ(reason_or_ok(check_nul_characters(Json::parse(key), key)),
            "payload holds a NUL character (\\u0000) in a key of 'data'");
  const std::string top_key = R"({"\u0000": 1})";
  EXPECT_EQ(reason_or_ok(check_nul_characters(Json::parse(top_key), top_key)),
            "payload holds a NUL character (\\u0000) in a key of the payload");
}

TEST(PayloadChecks, AnEscapedBackslashBeforeU0000IsNoNulCharacter) {
  const std::string text = R"({"path": "C:\\u0000"})";  // the string C:\u0000, six characters after the colon
  EXPECT_EQ(reason_or_ok(check_nul_characters(Json::parse(text), text)), "ok");
  const std::string none = R"({"a": "b"})";
  EXPECT_EQ(reason_or_ok(check_nul_characters(Json::parse(none), none)), "ok");
}

}  // namespace
}  // namespace streamline::plugins::validate
