// The Redis plugins' specs, checks and the resource-or-url lookup, through
// their shared objects (no Redis needed: nothing connects before start()).

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include <streamline/testing/plugin_harness.hpp>

#include "redis/redis_options.hpp"
#include "redis/redis_resource.hpp"
#include "redis/stage_redis.hpp"
#include "tests/unit/plugins/shared_plugin.hpp"

namespace streamline::testing {
namespace {

using plugins::redis::RedisOptions;
using plugins::redis::RedisResource;

TEST(RedisResourcePluginTest, DefaultsAreValidAndThePasswordIsASecret) {
  SharedPlugin shared("redis");
  EXPECT_EQ(shared.plugin().kind(), PluginKind::kResource);
  const Option* password = shared.plugin().spec().find("password");
  ASSERT_NE(password, nullptr);
  EXPECT_TRUE(password->is_secret());
  PluginHarness harness(shared.plugin());
  EXPECT_EQ(describe(harness.validate(Json::object())), "");
}

TEST(RedisResourcePluginTest, ABadUrlIsReportedAgainstUrl) {
  SharedPlugin shared("redis");
  PluginHarness harness(shared.plugin());
  EXPECT_EQ(describe(harness.validate({{"url", "redis://cache:x/0"}})),
            "url: invalid redis URL: the port is not a number from 1 to 65535");
  EXPECT_EQ(describe(harness.validate({{"url", "rediss://cache"}})),
            "url: ""invalid redis URL: TLS (rediss://) is not supported: the hiredis this engine is built with (0.14, Debian 12's) has no "
            "TLS; use redis:// on a trusted network, or a TLS tunnel (stunnel, spiped) to the server");
}

TEST(RedisResourcePluginTest, ThePasswordOptionOverridesTheUrlsAndIsNeverLogged) {
  SharedPlugin shared("redis");
  PluginHarness harness(shared.plugin(), "cache", "redis");
  const Config config = harness.config({{"url", "redis://:from-url@cache:6390/4"},
                                        {"password", "from-option"},
                                        {"pool_size", 2},
                                        {"connect_timeout", "250ms"},
                                        {"command_timeout", "2s"},
                                        {"reconnect_interval", "5s"}});
  const RedisOptions options = plugins::redis::redis_options_from_config(config);
  EXPECT_EQ(options.endpoint.password, "from-option");
  EXPECT_EQ(options.endpoint.address(), "cache:6390");
  EXPECT_EQ(options.endpoint.db, 4);
  EXPECT_EQ(options.pool_size, 2u);
  EXPECT_EQ(options.connect_timeout.count(), 250);
  EXPECT_EQ(options.command_timeout.count(), 2000);
  EXPECT_EQ(options.reconnect_interval.count(), 5000);

  std::shared_ptr<Resource> resource = shared.plugin().create_resource(config, harness.context());
  auto redis = std::dynamic_pointer_cast<RedisResource>(resource);
  ASSERT_NE(redis, nullptr);
  EXPECT_EQ(redis->pool()->address(), "cache:6390");
  EXPECT_EQ(redis->pool()->open_connections(), 0u);  // opened on demand
  EXPECT_TRUE(harness.context().logged("info: redis pool for cache:6390 db 4 (up to 2 connections, opened on demand)"));
  EXPECT_FALSE(harness.context().logged("from-"));
}

TEST(RedisResourcePluginTest, WithoutAPasswordOptionTheUrlsIsKept) {
  SharedPlugin shared("redis");
  PluginHarness harness(shared.plugin());
  const RedisOptions options =
      plugins::redis::redis_options_from_config(harness.config({{"url", "redis://:from-url@cache"}}));
  EXPECT_EQ(options.endpoint.password, "from-url");
  EXPECT_EQ(options.connect_timeout.count(), 1000);
  EXPECT_EQ(options.reconnect_interval.count(), 1000);
  EXPECT_EQ(options.pool_size, 4u);
}

TEST(RedisDedupPluginTest, ChecksItsOptions) {
  SharedPlugin shared("redis-dedup");
  EXPECT_EQ(shared.plugin().kind(), PluginKind::kProcessor);
  PluginHarness harness(shared.plugin());
  EXPECT_EQ(describe(harness.validate(Json::object())), "");
  EXPECT_EQ(describe(harness.validate({{"id_path", "data..id"}, {"key_prefix", ""}})),
            "id_path: id_path 'data..id' has an empty key between dots\nkey_prefix: key_prefix must not be empty");
  EXPECT_EQ(describe(harness.validate({{"resource", ""}, {"url", "redis://cache:0"}})),
            "resource: resource must not be empty\n"
            "url: invalid redis URL: port '0' is not a number from 1 to 65535");
  EXPECT_EQ(describe(harness.validate({{"ttl", "500ms"}})).rfind("ttl: ", 0), 0u);
  EXPECT_EQ(describe(harness.validate({{"mode", "write"}})), "mode: must be one of: check, confirm");
}

TEST(RedisCachePluginTest, ChecksItsOptions) {
  SharedPlugin shared("redis-cache");
  EXPECT_EQ(shared.plugin().kind(), PluginKind::kSink);
  PluginHarness harness(shared.plugin());
  EXPECT_EQ(describe(harness.validate(Json::object())), "");
  EXPECT_EQ(describe(harness.validate({{"format", "json"}, {"on_unavailable", "skip"}, {"ttl", "1h"}})), "");
  EXPECT_EQ(describe(harness.validate({{"format", "xml"}})), "format: must be one of: hash, json");
  EXPECT_EQ(describe(harness.validate({{"on_unavailable", "drop"}})), "on_unavailable: must be one of: retry, skip");
}

TEST(RedisStagesTest, WithoutTheResourceOrAUrlCreateSaysWhatIsMissing) {
  for (const char* name : {"redis-dedup", "redis-cache"}) {
    SharedPlugin shared(name);
    PluginHarness harness(shared.plugin(), "stage", name);
    try {
      harness.create(Json::object());
      FAIL() << name << ": create did not throw";
    } catch (const ConfigError& e) {
      EXPECT_EQ(e.path(), "url");
      EXPECT_STREQ(e.what(), "no resource named 'redis' and no `url` option: declare the resource under "
                             "`resources:` or set `url`");
    }
  }
}

TEST(RedisStagesTest, AResourceOfAnotherKindIsRefused) {
  struct OtherResource : Resource {};
  SharedPlugin shared("redis-dedup");
  PluginHarness harness(shared.plugin(), "dedup", "redis-dedup");
  harness.context().add_resource("redis", std::make_shared<OtherResource>());
  try {
    harness.create(Json::object());
    FAIL() << "create did not throw";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.path(), "resource");
    EXPECT_STREQ(e.what(), "resource 'redis' is not a redis resource");
  }
}

TEST(RedisStagesTest, TheNamedResourcesPoolIsShared) {
  SharedPlugin resource_plugin("redis");
  SharedPlugin dedup_plugin("redis-dedup");
  PluginHarness resource_harness(resource_plugin.plugin(), "cache", "redis");
  std::shared_ptr<Resource> resource =
      resource_plugin.plugin().create_resource(resource_harness.config({{"url", "redis://cache:6390"}}),
                                               resource_harness.context());
  PluginHarness harness(dedup_plugin.plugin(), "dedup", "redis-dedup");
  harness.context().add_resource("shared", resource);
  // The stage's own url is ignored when the resource exists.
  EXPECT_NE(harness.create({{"resource", "shared"}, {"url", "redis://elsewhere"}}), nullptr);
  EXPECT_TRUE(harness.context().logged("debug: using the shared redis resource 'shared'"));
}

TEST(RedisStagesTest, AUrlGivesTheStageAConnectionOfItsOwn) {
  FakeContext context("dedup", "redis-dedup");
  auto pool = plugins::redis::stage_redis_pool(context, "redis", "redis://:pw@cache:6391/1");
  EXPECT_EQ(pool->address(), "cache:6391");
  EXPECT_EQ(pool->options().pool_size, 1u);
  EXPECT_EQ(pool->options().endpoint.db, 1);
  EXPECT_TRUE(context.logged("debug: using a redis connection of its own to redis://:***@cache:6391/1"));
  EXPECT_FALSE(context.logged("pw@"));
}

}  // namespace
}  // namespace streamline::testing
