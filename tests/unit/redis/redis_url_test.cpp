// Reading redis:// URLs: what each part becomes, and the exact message for
// each way a URL can be wrong (never echoing the password).

#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "redis/redis_url.hpp"

namespace streamline::plugins::redis {
namespace {

std::string error_of(std::string_view url) {
  try {
    parse_redis_url(url);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(RedisUrlTest, ReadsHostPortAndDatabase) {
  const RedisEndpoint endpoint = parse_redis_url("redis://cache.local:6380/3");
  EXPECT_EQ(endpoint.host, "cache.local");
  EXPECT_EQ(endpoint.port, 6380);
  EXPECT_EQ(endpoint.db, 3);
  EXPECT_EQ(endpoint.user, "");
  EXPECT_EQ(endpoint.password, "");
  EXPECT_EQ(endpoint.address(), "cache.local:6380");
}

TEST(RedisUrlTest, PortAndDatabaseDefaultTo6379And0) {
  EXPECT_EQ(parse_redis_url("redis://cache"), (RedisEndpoint{"cache", 6379, "", "", 0}));
  EXPECT_EQ(parse_redis_url("redis://cache/"), (RedisEndpoint{"cache", 6379, "", "", 0}));
  EXPECT_EQ(parse_redis_url("redis://cache:7000"), (RedisEndpoint{"cache", 7000, "", "", 0}));
}

TEST(RedisUrlTest, ReadsPasswordAndAclUser) {
  EXPECT_EQ(parse_redis_url("redis://:s3cret@cache:6380/2"), (RedisEndpoint{"cache", 6380, "", "s3cret", 2}));
  EXPECT_EQ(parse_redis_url("redis://app:s3cret@cache"), (RedisEndpoint{"cache", 6379, "app", "s3cret", 0}));
}

TEST(RedisUrlTest, DecodesPercentEscapesInThePassword) {
  EXPECT_EQ(parse_redis_url("redis://:p%40ss%3Aw%2Frd@cache").password, "p@ss:w/rd");
  // The last '@' ends the user info, so a raw '@' in the password works too.
  EXPECT_EQ(parse_redis_url("redis://:p@ss@cache").password, "p@ss");
}

TEST(RedisUrlTest, ReadsAnIpv6HostInBrackets) {
  const RedisEndpoint endpoint = parse_redis_url("redis://[::1]:6390/1");
  EXPECT_EQ(endpoint.host, "::1");
  EXPECT_EQ(endpoint.port, 6390);
  EXPECT_EQ(endpoint.address(), "[::1]:6390");
  EXPECT_EQ(parse_redis_url("redis://[::1]").port, 6379);
}

TEST(RedisUrlTest, RefusesWhatTheClientCannotDoWithExactMessages) {
  EXPECT_EQ(error_of("rediss://cache:6380"),
            "invalid redis URL: TLS (rediss://) is not supported: the hiredis this engine is built with (0.14, Debian 12's) has no "
            "TLS; use redis:// on a trusted network, or a TLS tunnel (stunnel, spiped) to the server");
  EXPECT_EQ(error_of("http://cache"),
            "invalid redis URL: it must start with redis:// (redis://[:password@]host:port/db)");
  EXPECT_EQ(error_of("cache:6379"),
            "invalid redis URL: it must start with redis:// (redis://[:password@]host:port/db)");
  EXPECT_EQ(error_of("redis://cache:6379/0?timeout=1"), "invalid redis URL: query parameters are not supported");
}

TEST(RedisUrlTest, RefusesBadPartsWithExactMessages) {
  EXPECT_EQ(error_of("redis://"), "invalid redis URL: no host (redis://host:port/db)");
  EXPECT_EQ(error_of("redis://:6379/0"), "invalid redis URL: no host (redis://host:port/db)");
  EXPECT_EQ(error_of("redis://cache:abc"), "invalid redis URL: the port is not a number from 1 to 65535");
  EXPECT_EQ(error_of("redis://cache:"), "invalid redis URL: the port is not a number from 1 to 65535");
  EXPECT_EQ(error_of("redis://cache:0"), "invalid redis URL: port '0' is not a number from 1 to 65535");
  EXPECT_EQ(error_of("redis://cache:65536"), "invalid redis URL: port '65536' is not a number from 1 to 65535");
  EXPECT_EQ(error_of("redis://cache:6379/x"), "invalid redis URL: the database is not a number (redis://host:port/0)");
  EXPECT_EQ(error_of("redis://cache:6379/-1"),
            "invalid redis URL: the database is not a number (redis://host:port/0)");
  EXPECT_EQ(error_of("redis://[::1:6379"), "invalid redis URL: IPv6 host '[::1:6379' has no closing ']'");
  EXPECT_EQ(error_of("redis://[::1]x"), "invalid redis URL: unexpected 'x' after the IPv6 host");
}

// A password in the wrong place (no '@host' after it) lands where the port
// or the database goes: the message names the part and never quotes it.
TEST(RedisUrlTest, NeverQuotesAMisplacedPassword) {
  EXPECT_EQ(error_of("redis://app:s3cret-Pa55"), "invalid redis URL: the port is not a number from 1 to 65535");
  EXPECT_EQ(error_of("redis://cache:6379/s3cret-Pa55"),
            "invalid redis URL: the database is not a number (redis://host:port/0)");
  EXPECT_EQ(error_of("redis://:s3cret%zz@cache"), "invalid redis URL: the password has a '%' not followed by two hex digits");
}

TEST(RedisUrlTest, MessagesAboutTheUserInfoNeverShowThePassword) {
  EXPECT_EQ(error_of("redis://hunter2@cache"),
            "invalid redis URL: the part before '@' must be [user]:password (redis://:password@host:port/db)");
  EXPECT_EQ(error_of("redis://:hunter2%zz@cache"),
            "invalid redis URL: the password has a '%' not followed by two hex digits");
}

TEST(RedisUrlTest, RedactsThePassword) {
  EXPECT_EQ(redact_redis_url("redis://:s3cret@cache:6380/2"), "redis://:***@cache:6380/2");
  EXPECT_EQ(redact_redis_url("redis://app:s3cret@cache"), "redis://app:***@cache");
  EXPECT_EQ(redact_redis_url("redis://s3cret@cache/1"), "redis://***@cache/1");
  EXPECT_EQ(redact_redis_url("redis://cache:6379/0"), "redis://cache:6379/0");
  EXPECT_EQ(redact_redis_url("not a url"), "not a url");
}

}  // namespace
}  // namespace streamline::plugins::redis
