// `engine dev-broker`: a local Kafka-protocol broker for development and
// tests, backed by librdkafka's mock cluster (no Kafka package exists for
// Debian). It listens on an ephemeral loopback port and writes the bootstrap
// address to a file, which the stack scripts export as KAFKA_BROKERS.
// In memory only: topics and offsets vanish when it stops.
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include "engine/cli/command.hpp"
#include "engine/cli/command_line.hpp"

namespace streamline::engine {
namespace {

constexpr const char* kUsage = R"(usage: engine dev-broker [--topic NAME[:PARTITIONS]]... [--brokers N]
                         [--bootstrap-file PATH]

Runs a local Kafka-protocol broker (librdkafka's mock cluster) on loopback until
SIGINT/SIGTERM. Prints the bootstrap address and writes it to --bootstrap-file.
Topics not created up front are auto-created with 4 partitions on first use.
Limits: in memory only; the mock keeps about 5 MB per partition, so give busy
topics enough partitions and keep consumers running beside producers.
)";

struct TopicSpec {
  std::string name;
  int partitions = 4;
};

int usage_error(const std::string& message) { return report_usage_error("dev-broker", message, kUsage); }

bool parse_topic(const std::string& text, TopicSpec& out) {
  const auto colon = text.find(':');
  out.name = text.substr(0, colon);
  if (out.name.empty()) return false;
  if (colon == std::string::npos) return true;
  try {
    std::size_t used = 0;
    out.partitions = std::stoi(text.substr(colon + 1), &used);
    return used == text.size() - colon - 1 && out.partitions > 0;
  } catch (const std::exception&) {
    return false;
  }
}

// Owns the rd_kafka handle that hosts the mock cluster.
struct KafkaHandle {
  rd_kafka_t* rk = nullptr;
  ~KafkaHandle() {
    if (rk) rd_kafka_destroy(rk);
  }
};
struct MockCluster {
  rd_kafka_mock_cluster_t* cluster = nullptr;
  ~MockCluster() {
    if (cluster) rd_kafka_mock_cluster_destroy(cluster);
  }
};

}  // namespace

int run_dev_broker_command(const Args& args) {
  std::vector<TopicSpec> topics;
  int brokers = 1;
  std::string bootstrap_file;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool has_value = i + 1 < args.size();
    if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (a == "--topic" && has_value) {
      TopicSpec t;
      if (!parse_topic(args[++i], t)) return usage_error("bad --topic '" + args[i] + "' (want NAME or NAME:PARTITIONS)");
      topics.push_back(t);
    } else if (a == "--brokers" && has_value) {
      brokers = std::atoi(args[++i].c_str());
      if (brokers < 1) return usage_error("--brokers must be at least 1");
    } else if (a == "--bootstrap-file" && has_value) {
      bootstrap_file = args[++i];
    } else {
      return usage_error("unexpected argument '" + a + "'");
    }
  }

  // Block the stop signals before librdkafka starts its threads, so only
  // sigwait below sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  char errstr[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "log_level", "4", errstr, sizeof errstr);
  KafkaHandle handle;
  handle.rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (!handle.rk) {
    rd_kafka_conf_destroy(conf);
    std::fprintf(stderr, "engine dev-broker: cannot create client: %s\n", errstr);
    return 1;
  }
  MockCluster mock;
  mock.cluster = rd_kafka_mock_cluster_new(handle.rk, brokers);
  if (!mock.cluster) {
    std::fprintf(stderr, "engine dev-broker: cannot start the mock cluster\n");
    return 1;
  }
  for (const auto& t : topics) {
    if (auto err = rd_kafka_mock_topic_create(mock.cluster, t.name.c_str(), t.partitions, 1)) {
      std::fprintf(stderr, "engine dev-broker: cannot create topic '%s': %s\n", t.name.c_str(), rd_kafka_err2str(err));
      return 1;
    }
  }
  const std::string bootstraps = rd_kafka_mock_cluster_bootstraps(mock.cluster);
  if (!bootstrap_file.empty()) {
    // Write then rename, so a reader never sees a half-written address.
    const std::string tmp = bootstrap_file + ".tmp";
    std::ofstream(tmp) << bootstraps << "\n";
    std::filesystem::rename(tmp, bootstrap_file);
  }
  std::printf("dev-broker: listening on %s (%d broker%s)", bootstraps.c_str(), brokers, brokers == 1 ? "" : "s");
  for (const auto& t : topics) std::printf(", topic %s:%d", t.name.c_str(), t.partitions);
  std::printf("\n");
  std::fflush(stdout);

  int signal = 0;
  sigwait(&stop_signals, &signal);
  std::printf("dev-broker: stopping on %s\n", signal == SIGINT ? "SIGINT" : "SIGTERM");
  if (!bootstrap_file.empty()) std::filesystem::remove(bootstrap_file);
  return 0;
}

}  // namespace streamline::engine
