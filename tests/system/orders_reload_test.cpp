// Hot reload of the orders pipeline under load: 100,000 generated events
// stream through pipelines/orders.yaml while its file is reloaded 24 times
// (fraud threshold changes, a stage added and removed, an invalid file in
// between). Afterwards PostgreSQL and Redis hold exactly what the stream's
// truth says (nothing lost, nothing twice), every invalid file was refused
// and changed nothing, and the stages no reload changed were never
// restarted (their start counters and PostgreSQL connections).
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "tests/support/admin_client.hpp"
#include "tests/system/support/background_producer.hpp"
#include "tests/system/support/orders_pipeline.hpp"
#include "tests/system/support/orders_truth.hpp"
#include "tests/system/truth_checks.hpp"

namespace streamline::system_tests {
namespace {

using namespace std::chrono_literals;
using Json = nlohmann::json;

constexpr std::size_t kEvents = 100'000;
constexpr double kRate = 8'000;  // events/s: the stream lasts about 12 s
constexpr int kReloads = 24;

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::runtime_error("'" + from + "' is not in the pipeline file");
  return text.replace(at, from.size(), to);
}

// The i-th file: thresholds move, an audit stage comes and goes, and every
// sixth file is invalid.
struct Variant {
  std::string text;
  std::string kind;
};
Variant variant(const std::string& base, int i) {
  const std::string threshold = "review_threshold: 0." + std::to_string(51 + i);  // never 0.50: that is 0.5
  const std::string with_threshold = replaced(base, "review_threshold: 0.5", threshold);
  const std::string audit = "\n  audit:\n    plugin: \"null\"\n    inputs: [route.created]\n";
  switch (i % 6) {
    case 1: return {with_threshold + audit, "stage added"};
    case 2: return {with_threshold + audit, "threshold"};
    case 3: return {with_threshold, "stage removed"};
    case 5: return {with_threshold + audit + "  broken: { plugin: no-such-plugin }\n", "invalid"};
    default: return {with_threshold, "threshold"};
  }
}

// The pipeline's PostgreSQL sessions on its database, as "pid,pid,...".
std::string backends(const OrdersDatabase& db) {
  // Not the test's own (a session of a query just closed may still be listed).
  return db.scalar("SELECT string_agg(pid::text, ',' ORDER BY pid) FROM pg_stat_activity "
                   "WHERE datname = current_database() AND application_name <> '" +
                   std::string(kTestApplicationName) + "'");
}

std::vector<std::string> split(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');) out.push_back(item);
  return out;
}

double metric(const std::map<std::string, double>& samples, const std::string& series) {
  const auto it = samples.find(series);
  return it == samples.end() ? -1 : it->second;
}

TEST(OrdersReload, TwentyFourReloadsWhile100kEventsStreamLoseNothingAndStoreNothingTwice) {
  OrdersPipeline world(SystemStack::from_environment(), "reload", 10);
  const auto events = generate_events(20250610, mixed_traffic(), kEvents);

  // The engine runs a copy of pipelines/orders.yaml that the test rewrites.
  const std::string base = read_text(orders_pipeline_file());
  const auto file = world.log_dir() / "orders-reloaded.yaml";
  std::ofstream(file) << base;
  const int port = test_support::free_port();
  auto engine = world.start_engine(world.group(), "run", file, {"--admin-port", std::to_string(port), "--no-watch"});
  ASSERT_EQ(test_support::admin_poll(port, "/readyz", [](const auto& r) { return r.status == 200; }, 120s).status, 200)
      << "the pipeline did not get ready; log " << engine->log_file();
  BackgroundProducer producer(world, events, kRate);
  // The pipeline's PostgreSQL sessions once it is busy (its pools open
  // connections on demand): a kept stage keeps them through every reload.
  for (int i = 0; i < 1200 && world.database().count("order_events") < 2000; ++i) std::this_thread::sleep_for(100ms);
  const std::string sessions_before = backends(world.database());
  httplib::Client admin("127.0.0.1", port);
  admin.set_read_timeout(120);
  std::map<std::string, int> results;
  std::vector<double> pauses_ms;
  for (int i = 0; i < kReloads; ++i) {
    const Variant v = variant(base, i);
    std::ofstream(file, std::ios::trunc) << v.text;
    const auto answer = admin.Post("/reload");
    ASSERT_TRUE(answer) << "no answer to POST /reload " << i;
    const Json report = Json::parse(answer->body);
    const std::string result = report.at("result");
    ++results[result];
    if (v.kind == "invalid") {
      EXPECT_EQ(answer->status, 422) << answer->body;
      EXPECT_EQ(result, "invalid");
    } else {
      EXPECT_EQ(answer->status, 200) << answer->body;
      EXPECT_EQ(result, "applied") << v.kind << ": " << answer->body;
      pauses_ms.push_back(report.value("pause_ms", 0.0));
      if (v.kind == "stage added") {
        EXPECT_EQ(report.at("added"), Json({"audit"})) << answer->body;
      }
      if (v.kind == "stage removed") {
        EXPECT_EQ(report.at("removed"), Json({"audit"})) << answer->body;
      }
      EXPECT_EQ(report.at("restarted"), Json({"fraud"})) << answer->body;
    }
    std::this_thread::sleep_for(300ms);
  }
  const auto deliveries = producer.finish();
  const Expectation expected = expect_from_truth(events, deliveries);
  std::cout << "[ system ] " << describe(expected, events.size()) << "\n";

  world.wait_drained(*engine, world.group(), world.end_offsets(), 240s);
  const auto samples = test_support::prometheus_samples(test_support::admin_get(port, "/metrics").body);
  const std::string sessions_after = backends(world.database());
  const auto code = engine->stop(40s);
  ASSERT_EQ(code, 0) << "log " << engine->log_file() << ":\n" << tail(engine->log());

  EXPECT_EQ(results["applied"], 20);
  EXPECT_EQ(results["invalid"], 4);
  EXPECT_EQ(metric(samples, R"(streamline_reloads_total{result="applied"})"), 20);
  EXPECT_EQ(metric(samples, R"(streamline_reloads_total{result="invalid"})"), 4);
  // Only fraud (its threshold) and audit (added and removed) were ever
  // restarted or started anew; the source never left its group, the store
  // kept its connections.
  auto starts = [&](const std::string& stage, const std::string& plugin) {
    return metric(samples, "streamline_stage_starts_total{plugin=\"" + plugin + "\",stage=\"" + stage + "\"}");
  };
  EXPECT_EQ(starts("orders", "kafka-source"), 1);
  EXPECT_EQ(starts("store", "pg-sink"), 2) << "its two instances (concurrency: 2), once each";
  EXPECT_EQ(starts("dedup", "redis-dedup"), 1);
  EXPECT_EQ(starts("cache", "redis-cache"), 1);
  EXPECT_EQ(starts("fraud", "fraud"), 21);
  for (const std::string& pid : split(sessions_before))
    EXPECT_NE(("," + sessions_after + ",").find("," + pid + ","), std::string::npos)
        << "PostgreSQL session " << pid << " of the pipeline ended during the reloads (before: " << sessions_before
        << "; after: " << sessions_after << ")";

  expect_pipeline_matches_truth(world, expected, /*attempts=*/1);

  std::sort(pauses_ms.begin(), pauses_ms.end());
  std::cout << "[ system ] " << kEvents << " events, " << kReloads << " reloads while streaming ("
            << results["applied"] << " applied, " << results["invalid"] << " invalid); pause median "
            << pauses_ms[pauses_ms.size() / 2] << " ms, max " << pauses_ms.back()
            << " ms; the tables hold exactly what the stream's truth says\n";
}

}  // namespace
}  // namespace streamline::system_tests
