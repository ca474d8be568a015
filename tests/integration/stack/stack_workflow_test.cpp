// The original system's workflow on the test stack: init-db, health-check
// and the producer, run as a user runs them (the scripts and the engine
// binary), checked against what is really in PostgreSQL and Kafka.
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "plugins/order-generator/order_stream.hpp"
#include "tests/integration/kafka/kafka_clients.hpp"

namespace {

namespace fs = std::filesystem;

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

CommandResult run(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return result;
  std::array<char, 4096> buffer{};
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) result.output.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

const std::string kRoot = PROJECT_SOURCE_DIR;
std::string stack_env() { return "STACK_DIR=" + std::string(TEST_STACK_DIR) + " "; }

// Everything init-db could change: the schema and the reference rows.
std::string database_snapshot() {
  const std::string dsn = env("PG_DSN");
  // pg_dump's \restrict lines carry a random token per dump: leave them out.
  // Only `public`, where init-db writes: tests running beside this one make
  // and drop schemas of their own (PgTestSchema).
  auto schema =
      run("pg_dump --schema-only --no-owner --schema=public '" + dsn + "' | grep -v '^.\\(un\\)\\?restrict '");
  auto rows = run("psql '" + dsn +
                  "' -tAc \"select md5(string_agg(u::text, ',' order by user_id)) from users u; "
                  "select md5(string_agg(p::text, ',' order by product_id)) from products p\"");
  EXPECT_EQ(schema.exit_code, 0) << schema.output;
  EXPECT_EQ(rows.exit_code, 0) << rows.output;
  return schema.output + rows.output;
}

TEST(StackWorkflow, InitDbTwiceChangesNothing) {
  ASSERT_FALSE(env("PG_DSN").empty()) << "the test stack is not up";
  const std::string before = database_snapshot();
  const auto again = run(stack_env() + "bash " + kRoot + "/scripts/init-db.sh");
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("init-db: 10000 users, 1000 products"), std::string::npos) << again.output;
  EXPECT_EQ(database_snapshot(), before);
}

TEST(StackWorkflow, HealthCheckPassesWhenEveryServiceIsUp) {
  const auto result = run(stack_env() + "bash " + kRoot + "/scripts/health-check.sh");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("ok    PostgreSQL"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("ok    Redis"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("ok    Kafka"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("health-check: all services up"), std::string::npos) << result.output;
}

// A copy of the stack's env file with one service pointed at a closed port.
fs::path stack_with_service_down(const std::string& variable, const std::string& value) {
  const fs::path dir = fs::temp_directory_path() / ("streamline-health-" + variable + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ifstream in(std::string(TEST_STACK_DIR) + "/env");
  std::ofstream out(dir / "env");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(variable + "=", 0) == 0) line = variable + "=" + value;
    out << line << "\n";
  }
  return dir;
}

TEST(StackWorkflow, HealthCheckNamesTheServiceThatIsDown) {
  const fs::path redis_down = stack_with_service_down("REDIS_PORT", "1");
  auto result = run("STACK_DIR=" + redis_down.string() + " bash " + kRoot + "/scripts/health-check.sh");
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_NE(result.output.find("DOWN  Redis       127.0.0.1:1  (no PONG from redis-cli ping)"), std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("health-check: Redis down; start the stack with 'make up'"), std::string::npos)
      << result.output;

  const fs::path pg_down =
      stack_with_service_down("PG_DSN", "postgresql://streamline@127.0.0.1:1/streamline");
  result = run("STACK_DIR=" + pg_down.string() + " bash " + kRoot + "/scripts/health-check.sh");
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_NE(result.output.find("health-check: PostgreSQL down; start the stack with 'make up'"),
            std::string::npos)
      << result.output;
  fs::remove_all(redis_down);
  fs::remove_all(pg_down);
}

TEST(StackWorkflow, HealthCheckWithoutAStackSaysSo) {
  const auto result = run("STACK_DIR=/nonexistent-stack bash " + kRoot + "/scripts/health-check.sh");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("the local stack is not up (no /nonexistent-stack/env): run 'make up' first"),
            std::string::npos)
      << result.output;
}

TEST(StackWorkflow, ProducerWritesExactlyCountEventsOfItsSeed) {
  const std::string brokers = env("KAFKA_BROKERS");
  ASSERT_FALSE(brokers.empty()) << "the test stack has no Kafka broker";
  const std::string topic = "producer-test-" + std::to_string(::getpid());
  constexpr int kCount = 500;
  const auto result = run("COUNT=" + std::to_string(kCount) + " SEED=11 KAFKA_TOPIC=" + topic +
                          " KAFKA_BROKERS=" + brokers + " " + ENGINE_BINARY + " run --plugin-dir " + PLUGIN_DIR +
                          " " + kRoot + "/pipelines/producer.yaml");
  ASSERT_EQ(result.exit_code, 0) << result.output;

  // The dev broker auto-creates topics with 4 partitions.
  const auto messages = streamline::testing::kafka::read_topic(brokers, topic, 4);
  ASSERT_EQ(messages.size(), static_cast<std::size_t>(kCount));

  // Exactly the seed's stream: every payload once per time it was generated,
  // keyed by its order id.
  std::map<std::pair<std::string, std::string>, int> expected;
  streamline::orders::OrderStream stream(11);
  for (int i = 0; i < kCount; ++i) {
    auto event = stream.next();
    ++expected[{event.key, event.payload}];
  }
  std::map<std::pair<std::string, std::string>, int> actual;
  for (const auto& m : messages) ++actual[{m.key, m.value}];
  EXPECT_EQ(actual, expected);
}

}  // namespace
