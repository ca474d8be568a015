// RedisReply: conversion from hiredis reply objects and how replies read.

#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "redis/hiredis_reply.hpp"
#include "redis/redis_reply.hpp"

namespace streamline::plugins::redis {
namespace {

// A hiredis reply built by hand (hiredis only ever reads these fields).
redisReply make_reply(int type, const char* text = nullptr, long long integer = 0) {
  redisReply reply{};
  reply.type = type;
  reply.integer = integer;
  reply.str = const_cast<char*>(text);
  reply.len = text == nullptr ? 0 : std::strlen(text);
  return reply;
}

TEST(HiredisReplyTest, ConvertsEveryScalarType) {
  EXPECT_EQ(to_redis_reply(make_reply(REDIS_REPLY_STRING, "value")), RedisReply::string("value"));
  EXPECT_EQ(to_redis_reply(make_reply(REDIS_REPLY_STATUS, "OK")), RedisReply::status("OK"));
  EXPECT_EQ(to_redis_reply(make_reply(REDIS_REPLY_ERROR, "ERR wrong")), RedisReply::error("ERR wrong"));
  EXPECT_EQ(to_redis_reply(make_reply(REDIS_REPLY_INTEGER, nullptr, -42)), RedisReply::integer(-42));
  EXPECT_EQ(to_redis_reply(make_reply(REDIS_REPLY_NIL)), RedisReply::nil());
}

TEST(HiredisReplyTest, KeepsBinaryStringsWhole) {
  const char bytes[] = {'a', '\0', 'b'};
  redisReply reply = make_reply(REDIS_REPLY_STRING);
  reply.str = const_cast<char*>(bytes);
  reply.len = sizeof(bytes);
  EXPECT_EQ(to_redis_reply(reply).text(), std::string(bytes, sizeof(bytes)));
}

TEST(HiredisReplyTest, ConvertsNestedArrays) {
  redisReply one = make_reply(REDIS_REPLY_STRING, "one");
  redisReply nil = make_reply(REDIS_REPLY_NIL);
  redisReply seven = make_reply(REDIS_REPLY_INTEGER, nullptr, 7);
  redisReply* inner_elements[] = {&seven};
  redisReply inner = make_reply(REDIS_REPLY_ARRAY);
  inner.elements = 1;
  inner.element = inner_elements;
  redisReply* outer_elements[] = {&one, &nil, &inner};
  redisReply outer = make_reply(REDIS_REPLY_ARRAY);
  outer.elements = 3;
  outer.element = outer_elements;

  const RedisReply converted = to_redis_reply(outer);
  EXPECT_EQ(converted, RedisReply::array({RedisReply::string("one"), RedisReply::nil(),
                                          RedisReply::array({RedisReply::integer(7)})}));
  EXPECT_EQ(converted.describe(), "[\"one\", nil, [(integer) 7]]");
}

TEST(HiredisReplyTest, AnUnknownTypeBecomesAnErrorNamingIt) {
  EXPECT_EQ(to_redis_reply(make_reply(99)), RedisReply::error("unsupported reply type 99"));
}

TEST(RedisReplyTest, AccessorsAnswerForTheirTypeOnly) {
  const RedisReply text = RedisReply::string("x");
  EXPECT_TRUE(text.is_string());
  EXPECT_FALSE(text.is_nil());
  EXPECT_EQ(text.integer_value(), 0);
  EXPECT_TRUE(text.elements().empty());
  const RedisReply number = RedisReply::integer(3);
  EXPECT_EQ(number.text(), "");
  EXPECT_EQ(number.integer_value(), 3);
  EXPECT_TRUE(RedisReply().is_nil());
  EXPECT_EQ(RedisReply().type(), RedisReply::Type::kNil);
}

TEST(RedisReplyTest, DescribesEachType) {
  EXPECT_EQ(RedisReply::nil().describe(), "nil");
  EXPECT_EQ(RedisReply::string("v").describe(), "\"v\"");
  EXPECT_EQ(RedisReply::integer(5).describe(), "(integer) 5");
  EXPECT_EQ(RedisReply::status("OK").describe(), "+OK");
  EXPECT_EQ(RedisReply::error("ERR x").describe(), "-ERR x");
  EXPECT_EQ(RedisReply::array({}).describe(), "[]");
  EXPECT_STREQ(to_string(RedisReply::Type::kStatus), "status");
  EXPECT_STREQ(to_string(RedisReply::Type::kArray), "array");
}

}  // namespace
}  // namespace streamline::plugins::redis
