// Secrets (issue 7): passwords in DSNs, Redis URLs and librdkafka settings
// never appear in what the engine prints (validate and graph in every
// format), logs (also librdkafka's own, at debug level, while it fails to
// reach a broker) or serves (/status, /metrics); the admin server listens on
// loopback unless told otherwise; and the TLS/SASL settings users need are
// accepted by validate.

#include <signal.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine_process.hpp"
#include "tests/support/admin_client.hpp"

namespace streamline::e2e {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;
using test_support::admin_get;
using test_support::admin_poll;
using test_support::AdminReply;

// Each password below is unique, so finding any of them anywhere is a leak.
const std::vector<std::string> kSecrets = {"PgPa55-8qzT", "se cr3t-Kv", "R3disPa55-x9", "K4fkaPa55-mQ", "K3yPa55-w2",
                                           "cr3t-Kv", "OauthS3cret-zz"};

std::string leaks_in(const std::string& text) {
  std::string found;
  for (const auto& secret : kSecrets)
    if (text.find(secret) != std::string::npos) found += (found.empty() ? "" : ", ") + secret;
  return found;
}

// Secrets written in the file, next to mistakes whose diagnostics quote
// values and text: none of them may show a password.
constexpr const char* kLeakyPipeline = R"(pipeline: { name: leaky }
resources:
  pg:
    plugin: postgres
    config:
      dsn: "postgresql://app:PgPa55-8qzT@db.internal:5432/orders?sslmode=verify-full&sslrootcert=/etc/ssl/ca.pem"
      pool_siz: 4
  pg2:
    plugin: postgres
    config: { dsn: "host=db password='se cr3t-Kv' dbname=x ${DB_PORT" }
  cache:
    plugin: redis
    config: { url: "redis://app:R3disPa55-x9" }
stages:
  orders:
    plugin: kafka-source
    config:
      brokers: 127.0.0.1:1
      group_id: g
      topics: [orders]
      librdkafka:
        security.protocol: SASL_SSLX
        sasl.mechanisms: PLAIN
        sasl.username: alice
        sasl.password: K4fkaPa55-mQ
        ssl.key.password: K3yPa55-w2
        sasl.oauthbearer.client.secret: OauthS3cret-zz
  bad-ref: { plugin: "null", inputs: ["${postgresql://app:PgPa55-8qzT@db/x}"] }
  out: { plugin: "null", inputs: [orders] }
)";

TEST(Secrets, ValidatePrintsNoPasswordInAnyFormatWhileReportingTheMistakesNearThem) {
  TempDir dir;
  const auto file = dir.write("leaky.yaml", kLeakyPipeline);
  for (const std::string format : {"text", "json", "github", "sarif"}) {
    const ProcessResult r =
        run_engine({"validate", "leaky.yaml", "--plugin-dir", PLUGIN_DIR, "--format", format}, dir.path());
    EXPECT_EQ(r.exit_code, 1) << format << "\n" << r.out << r.err;
    EXPECT_EQ(leaks_in(r.out + r.err), "") << format << ":\n" << r.out << r.err;
    if (format != "text") continue;
    // The mistakes are reported, with their places.
    EXPECT_THAT(r.out, HasSubstr("leaky.yaml:7:7: error: unknown key 'pool_siz' [unknown-key]"));
    EXPECT_THAT(r.out, HasSubstr("error: unterminated '${DB_PORT': no closing '}' [env-syntax]"));
    EXPECT_THAT(r.out, HasSubstr("error: invalid redis URL: the port is not a number from 1 to 65535"));
    EXPECT_THAT(r.out, HasSubstr("Invalid value \"SASL_SSLX\" for configuration property \"security.protocol\""));
    EXPECT_THAT(r.out, HasSubstr("error: invalid variable name in '${...}' [env-syntax]"));
    EXPECT_THAT(r.out, HasSubstr("warning: secret 'dsn' is written in the file [secret-in-file]"));
  }
}

// What production needs: Kafka over SASL_SSL, PostgreSQL with TLS and a
// password, Redis with a password, every secret from the environment.
constexpr const char* kSecurePipeline = R"(pipeline: { name: secure }
resources:
  pg:
    plugin: postgres
    config: { dsn: "${SECURE_PG_DSN}" }
  redis:
    plugin: redis
    config: { url: "redis://cache.internal:6379/0", password: "${SECURE_REDIS_PASSWORD}" }
stages:
  orders:
    plugin: kafka-source
    config:
      brokers: kafka-1.internal:9093
      group_id: orders
      topics: [orders]
      librdkafka:
        security.protocol: SASL_SSL
        sasl.mechanisms: SCRAM-SHA-512
        sasl.username: orders-pipeline
        sasl.password: "${SECURE_KAFKA_PASSWORD}"
        ssl.ca.location: /etc/ssl/certs/ca-certificates.crt
        ssl.endpoint.identification.algorithm: https
  dedup:
    plugin: redis-dedup
    inputs: [orders]
    config: { resource: redis, id_path: event_id }
  dead:
    plugin: pg-dead-letter
    inputs: [dedup.error]
    config: { resource: pg }
  out: { plugin: "null", inputs: [dedup] }
)";

TEST(Secrets, ValidateAcceptsSaslSslKafkaTlsPostgresAndRedisPasswordsFromTheEnvironment) {
  TempDir dir;
  const auto file = dir.write("secure.yaml", kSecurePipeline);
  setenv("SECURE_PG_DSN",
         "postgresql://app:PgPa55-8qzT@db.internal:5432/orders?sslmode=verify-full&sslrootcert=/etc/ssl/ca.pem", 1);
  setenv("SECURE_REDIS_PASSWORD", "R3disPa55-x9", 1);
  setenv("SECURE_KAFKA_PASSWORD", "K4fkaPa55-mQ", 1);
  const ProcessResult r = run_engine({"validate", "secure.yaml", "--plugin-dir", PLUGIN_DIR}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "secure.yaml: OK\n0 errors, 0 warnings in 1 file\n") << r.err;
  const ProcessResult graph = run_engine({"graph", file.string(), "--plugin-dir", PLUGIN_DIR}, dir.path());
  EXPECT_EQ(graph.exit_code, 0) << graph.err;
  EXPECT_EQ(leaks_in(graph.out + graph.err), "");
  unsetenv("SECURE_PG_DSN");
  unsetenv("SECURE_REDIS_PASSWORD");
  unsetenv("SECURE_KAFKA_PASSWORD");
}

TEST(Secrets, RedisTlsUrlIsAClearValidateError) {
  TempDir dir;
  const auto file = dir.write("tls.yaml", R"(resources:
  redis: { plugin: redis, config: { url: "rediss://cache.internal:6380/0" } }
stages:
  src: { plugin: generate, config: { count: 1 } }
  out: { plugin: "null", inputs: [src] }
)");
  const ProcessResult r = run_engine({"validate", "tls.yaml", "--plugin-dir", PLUGIN_DIR}, dir.path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("tls.yaml:2:42: error: invalid redis URL: TLS (rediss://) is not supported: the hiredis "
                               "this engine is built with (0.14, Debian 12's) has no TLS; use redis:// on a trusted "
                               "network, or a TLS tunnel (stunnel, spiped) to the server"));
}

// The local addresses (host byte order) listening on `port`, from
// /proc/net/tcp and /proc/net/tcp6: "0100007F" is 127.0.0.1.
std::vector<std::string> listening_addresses(int port) {
  std::vector<std::string> found;
  char hex_port[8];
  std::snprintf(hex_port, sizeof hex_port, "%04X", port);
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string slot, local, remote, state;
      fields >> slot >> local >> remote >> state;
      const auto colon = local.find(':');
      if (state == "0A" && colon != std::string::npos && local.substr(colon + 1) == hex_port)
        found.push_back(local.substr(0, colon));
    }
  }
  return found;
}

// A running pipeline whose Kafka source cannot reach its broker (librdkafka
// logging at debug level, its configuration dump included), with a
// PostgreSQL and a Redis resource holding passwords, and the admin server.
TEST(Secrets, ARunningPipelineLogsAndServesNoPasswordAndItsAdminServerListensOnLoopback) {
  TempDir dir;
  const int port = test_support::free_port();
  const auto file = dir.write("running.yaml", R"(pipeline:
  name: running
  admin: { port: )" + std::to_string(port) + R"( }
resources:
  pg: { plugin: postgres, config: { dsn: "${RUN_PG_DSN}" } }
  cache: { plugin: redis, config: { url: "redis://:R3disPa55-x9@127.0.0.1:1/0" } }
stages:
  orders:
    plugin: kafka-source
    config:
      brokers: 127.0.0.1:1
      group_id: secrets-test
      topics: [orders]
      librdkafka:
        security.protocol: SASL_PLAINTEXT
        sasl.mechanisms: PLAIN
        sasl.username: alice
        sasl.password: K4fkaPa55-mQ
        debug: conf,security,broker
  out: { plugin: "null", inputs: [orders] }
  ticker: { plugin: generate, config: { count: 0, rate: 10 } }
  discard: { plugin: "null", inputs: [ticker] }
)");
  setenv("RUN_PG_DSN", "postgresql://app:PgPa55-8qzT@127.0.0.1:1/orders?sslmode=disable", 1);
  EngineProcess engine({"run", file.string(), "--plugin-dir", PLUGIN_DIR, "--log-level", "debug"}, dir.path());
  unsetenv("RUN_PG_DSN");

  const AdminReply health = admin_poll(port, "/healthz", [](const AdminReply& r) { return r.status == 200; });
  ASSERT_EQ(health.status, 200) << "no admin server on port " << port;
  EXPECT_EQ(listening_addresses(port), std::vector<std::string>{"0100007F"}) << "the admin server must bind 127.0.0.1";

  // librdkafka has dumped its configuration and failed to reach the broker.
  EXPECT_TRUE(engine.wait_for_log("sasl.password = [redacted]", 30s));
  EXPECT_TRUE(engine.wait_for_log("127.0.0.1:1", 30s));
  const AdminReply status = admin_get(port, "/status");
  ASSERT_EQ(status.status, 200);
  EXPECT_THAT(status.body, HasSubstr("\"pipeline\":\"running\""));
  EXPECT_EQ(leaks_in(status.body), "") << status.body;
  const AdminReply metrics = admin_get(port, "/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_EQ(leaks_in(metrics.body), "");

  engine.signal(SIGTERM);
  const ProcessResult result = engine.wait(60s);
  EXPECT_EQ(result.exit_code, 0) << result.err.substr(0, 4000);
  EXPECT_EQ(leaks_in(result.out + result.err), "") << result.err.substr(0, 4000);
  EXPECT_THAT(result.err, HasSubstr("postgres pool for postgresql://app:***@127.0.0.1:1/orders?sslmode=disable"));
  EXPECT_THAT(result.err, HasSubstr("admin server listening on http://127.0.0.1:" + std::to_string(port)));
}

}  // namespace
}  // namespace streamline::e2e
