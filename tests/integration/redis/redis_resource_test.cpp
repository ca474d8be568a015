// The Redis client, pool and `redis` resource against the test stack's
// Redis: replies, reconnecting after the server dropped a connection, and
// what a caller sees when Redis cannot be reached.

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <streamline/testing/plugin_harness.hpp>

#include "redis/redis_errors.hpp"
#include "redis/redis_options.hpp"
#include "redis/redis_pool.hpp"
#include "redis/redis_resource.hpp"
#include "tests/integration/redis/redis_test_keys.hpp"
#include "tests/unit/plugins/shared_plugin.hpp"

namespace streamline::testing::redis {
namespace {

using namespace std::chrono_literals;
using plugins::redis::RedisOptions;
using plugins::redis::RedisPool;
using plugins::redis::RedisReply;
using plugins::redis::RedisResource;
using plugins::redis::RedisUnavailable;
using plugins::redis::redis_options_from_url;
using ::testing::HasSubstr;
using ::testing::Not;

std::string error_of(RedisPool& pool, const plugins::redis::RedisCommand& command) {
  try {
    pool.command(command);
  } catch (const RedisUnavailable& e) {
    return e.what();
  }
  return "(no error)";
}

// A TCP port on loopback that refuses connections until listen() is called.
class ControlledPort {
 public:
  ControlledPort() : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) throw std::runtime_error("bind");
    socklen_t length = sizeof(address);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
  }
  ~ControlledPort() { ::close(fd_); }
  int port() const noexcept { return port_; }
  // The kernel completes handshakes from now on (the backlog), enough for a
  // client that sends nothing on connect.
  void listen() { ::listen(fd_, 8); }

 private:
  int fd_;
  int port_ = 0;
};

class RedisResourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!RedisTestKeys::available()) GTEST_SKIP() << RedisTestKeys::kSkipMessage;
    keys_ = std::make_unique<RedisTestKeys>(::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  std::string key(const std::string& name) const { return keys_->prefix() + name; }

  std::unique_ptr<RedisTestKeys> keys_;
};

TEST_F(RedisResourceTest, AnswersPingAndRunsAPipelineInOrder) {
  RedisResource resource(redis_options_from_url(RedisTestKeys::url()));
  EXPECT_TRUE(resource.healthy());
  const std::vector<RedisReply> replies = resource.pipeline({
      {"SET", key("text"), "value"},
      {"GET", key("text")},
      {"GET", key("missing")},
      {"INCR", key("count")},
      {"INCRBY", key("count"), "41"},
      {"RPUSH", key("list"), "a", "b"},
      {"LRANGE", key("list"), "0", "-1"},
      {"HGET", key("text"), "field"},
  });
  ASSERT_EQ(replies.size(), 8u);
  EXPECT_EQ(replies[0], RedisReply::status("OK"));
  EXPECT_EQ(replies[1], RedisReply::string("value"));
  EXPECT_EQ(replies[2], RedisReply::nil());
  EXPECT_EQ(replies[3], RedisReply::integer(1));
  EXPECT_EQ(replies[4], RedisReply::integer(42));
  EXPECT_EQ(replies[5], RedisReply::integer(2));
  EXPECT_EQ(replies[6], RedisReply::array({RedisReply::string("a"), RedisReply::string("b")}));
  EXPECT_EQ(replies[7], RedisReply::error("WRONGTYPE Operation against a key holding the wrong kind of value"));
  // An error reply is an answer: the connection stays and goes back to the pool.
  EXPECT_EQ(resource.pool()->open_connections(), 1u);
  EXPECT_TRUE(resource.pipeline({}).empty());
}

TEST_F(RedisResourceTest, ArgumentsAreBinarySafe) {
  RedisResource resource(redis_options_from_url(RedisTestKeys::url()));
  const std::string value("a\0b \r\n c", 8);
  const auto replies = resource.pipeline({{"SET", key("binary"), value}, {"GET", key("binary")}});
  EXPECT_EQ(replies[1], RedisReply::string(value));
}

TEST_F(RedisResourceTest, ReconnectsAfterTheServerKilledItsConnection) {
  RedisResource resource(redis_options_from_url(RedisTestKeys::url()));
  const RedisReply first_id = resource.pool()->command({"CLIENT", "ID"});
  ASSERT_TRUE(first_id.is_integer());
  EXPECT_EQ(keys_->run({"CLIENT", "KILL", "ID", std::to_string(first_id.integer_value())}), RedisReply::integer(1));

  // The idle connection is dead; the pool finds out and runs on a fresh one.
  const std::vector<RedisReply> replies = resource.pipeline({{"CLIENT", "ID"}, {"PING"}});
  ASSERT_TRUE(replies[0].is_integer());
  EXPECT_NE(replies[0].integer_value(), first_id.integer_value());
  EXPECT_EQ(replies[1], RedisReply::status("PONG"));
  EXPECT_EQ(resource.pool()->open_connections(), 1u);
  EXPECT_TRUE(resource.healthy());
}

TEST_F(RedisResourceTest, AClosedPortIsUnavailableNamingHostAndPortAndIsNotRetriedBeforeTheInterval) {
  RedisOptions options = redis_options_from_url(kClosedPortUrl);
  options.reconnect_interval = 60s;
  RedisResource resource(options);
  EXPECT_EQ(error_of(*resource.pool(), {"PING"}), "cannot connect to redis at 127.0.0.1:1: Connection refused");
  EXPECT_FALSE(resource.pool()->available());
  EXPECT_EQ(error_of(*resource.pool(), {"PING"}),
            "cannot connect to redis at 127.0.0.1:1: Connection refused (reconnect attempts at most every 60000ms)");
  EXPECT_FALSE(resource.healthy());
  EXPECT_EQ(resource.pool()->open_connections(), 0u);
  try {
    resource.pipeline({{"PING"}});
    FAIL() << "no exception";
  } catch (const TransientError&) {  // the engine's retry-with-backoff error
  }
}

TEST_F(RedisResourceTest, TriesAgainOnceTheReconnectIntervalPassed) {
  ControlledPort port;
  RedisOptions options = redis_options_from_url("redis://127.0.0.1:" + std::to_string(port.port()));
  options.reconnect_interval = 200ms;
  RedisPool pool(options);
  const std::string refused = "cannot connect to redis at 127.0.0.1:" + std::to_string(port.port()) + ": Connection refused";
  EXPECT_EQ(error_of(pool, {"PING"}), refused);
  port.listen();
  // Up now, but the interval has not passed: refused without an attempt.
  EXPECT_EQ(error_of(pool, {"PING"}), refused + " (reconnect attempts at most every 200ms)");
  EXPECT_FALSE(pool.available());
  std::this_thread::sleep_for(250ms);
  RedisPool::Lease lease = pool.acquire();
  EXPECT_FALSE(lease.reused());
  EXPECT_TRUE(pool.available());
}

TEST_F(RedisResourceTest, AuthAndSelectRefusalsAreUnavailableWithoutThePassword) {
  const std::string host_port = redis_options_from_url(RedisTestKeys::url()).endpoint.address();
  RedisPool with_password(redis_options_from_url("redis://:hunter2@" + host_port + "/0"));
  const std::string auth_error = error_of(with_password, {"PING"});
  EXPECT_THAT(auth_error, HasSubstr("redis at " + host_port + " refused AUTH: "));
  EXPECT_THAT(auth_error, Not(HasSubstr("hunter2")));

  RedisPool bad_db(redis_options_from_url("redis://" + host_port + "/100000"));
  EXPECT_EQ(error_of(bad_db, {"PING"}),
            "redis at " + host_port + " refused SELECT 100000: ERR DB index is out of range");
}

TEST_F(RedisResourceTest, SelectsTheDatabaseOfTheUrl) {
  const std::string host_port = redis_options_from_url(RedisTestKeys::url()).endpoint.address();
  RedisPool db3(redis_options_from_url("redis://" + host_port + "/3"));
  EXPECT_EQ(db3.command({"SET", key("in-db-3"), "x"}), RedisReply::status("OK"));
  EXPECT_EQ(keys_->run({"EXISTS", key("in-db-3")}), RedisReply::integer(0));  // the test client is on db 0
  EXPECT_EQ(db3.command({"DEL", key("in-db-3")}), RedisReply::integer(1));
}

TEST_F(RedisResourceTest, ACommandOverItsTimeoutBreaksTheConnectionWhichIsReplaced) {
  RedisOptions options = redis_options_from_url(RedisTestKeys::url());
  options.command_timeout = 200ms;
  RedisPool pool(options);
  const std::string address = options.endpoint.address();
  EXPECT_EQ(error_of(pool, {"BLPOP", key("never"), "2"}), "redis at " + address + " did not answer within 200ms");
  EXPECT_EQ(pool.open_connections(), 0u);
  EXPECT_EQ(pool.command({"PING"}), RedisReply::status("PONG"));
  EXPECT_TRUE(pool.available());  // a slow command is not a failed connect
}

TEST_F(RedisResourceTest, ThePluginsResourceIsHealthyAndLogsNoPassword) {
  SharedPlugin shared("redis");
  PluginHarness harness(shared.plugin(), "cache", "redis");
  const Config config = harness.config({{"url", RedisTestKeys::url()}, {"pool_size", 2}});
  std::shared_ptr<Resource> resource = shared.plugin().create_resource(config, harness.context());
  ASSERT_NE(resource, nullptr);
  EXPECT_TRUE(resource->healthy());
  auto redis = std::dynamic_pointer_cast<RedisResource>(resource);
  ASSERT_NE(redis, nullptr);
  EXPECT_EQ(redis->pool()->options().pool_size, 2u);
}

}  // namespace
}  // namespace streamline::testing::redis
