// The admin server of the orders pipeline on the system stack: /metrics,
// scraped while events flow, passes `promtool check metrics`, and once the
// pipeline drained its counters agree exactly with the rows in PostgreSQL;
// /readyz turns unready when Redis or PostgreSQL stops, naming the
// resource, and ready again when it is back, with no event flowing.
#include <chrono>
#include <iostream>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "tests/support/admin_client.hpp"
#include "tests/system/support/orders_pipeline.hpp"
#include "tests/system/support/orders_truth.hpp"
#include "tests/system/truth_checks.hpp"

namespace streamline::system_tests {
namespace {

using namespace std::chrono_literals;
using test_support::admin_get;
using test_support::admin_poll;
using test_support::AdminReply;
using test_support::prometheus_samples;
using test_support::stage_series;

constexpr std::size_t kEvents = 10'000;

double sample(const std::map<std::string, double>& samples, const std::string& series) {
  const auto it = samples.find(series);
  if (it == samples.end()) ADD_FAILURE() << "no series " << series;
  return it == samples.end() ? -1 : it->second;
}

// The sum of every series of a metric (all stages).
double total(const std::map<std::string, double>& samples, const std::string& name) {
  double sum = 0;
  for (const auto& [series, value] : samples)
    if (series.compare(0, name.size() + 1, name + "{") == 0) sum += value;
  return sum;
}

TEST(OrdersObservability, MetricsAgreeWithPostgresAndReadinessFollowsTheServices) {
  OrdersPipeline world(SystemStack::from_environment(), "observed", 9);
  const auto events = generate_events(20250609, mixed_traffic(), kEvents);
  const auto deliveries = world.produce(events);
  const Expectation expected = expect_from_truth(events, deliveries);
  std::cout << "[ system ] " << describe(expected, events.size()) << "\n";

  const int port = test_support::free_port();
  auto engine = world.start_engine(world.group(), "run", {}, {"--admin-port", std::to_string(port)});

  // While events flow: a scrape with rows written but not all of them.
  const std::string written = stage_series("pg_sink_rows_written_total", "store", "pg-sink");
  const AdminReply during = admin_poll(port, "/metrics", [&](const AdminReply& r) {
    return r.status == 200 && prometheus_samples(r.body).count(written) == 1 && prometheus_samples(r.body).at(written) > 0;
  }, 120s);
  ASSERT_EQ(during.status, 200) << "no scrape with rows written; log " << engine->log_file();
  const double written_during = prometheus_samples(during.body).at(written);
  std::cout << "[ system ] scraped during the run: " << written_during << " of " << expected.event_ids.size()
            << " rows written\n";
  if (test_support::has_promtool()) {
    const auto [code, output] = test_support::promtool_check(engine->log_file().parent_path(), during.body);
    EXPECT_EQ(code, 0) << "promtool check metrics:\n" << output;
  } else {
    ADD_FAILURE() << "promtool not found (Debian package 'prometheus'; scripts/setup.sh installs it)";
  }

  world.wait_drained(*engine, world.group(), world.end_offsets(), 180s);
  expect_pipeline_matches_truth(world, expected, /*attempts=*/1);

  // Drained: every counter agrees with the tables.
  const AdminReply after = admin_get(port, "/metrics");
  ASSERT_EQ(after.status, 200);
  const auto m = prometheus_samples(after.body);
  OrdersDatabase& db = world.database();
  EXPECT_EQ(sample(m, stage_series("streamline_events_in_total", "orders", "kafka-source")),
            static_cast<double>(kEvents));
  EXPECT_EQ(sample(m, stage_series("streamline_events_in_flight", "orders", "kafka-source")), 0);
  EXPECT_EQ(sample(m, written), static_cast<double>(db.count("order_events")));
  EXPECT_EQ(sample(m, written), static_cast<double>(expected.event_ids.size()));
  EXPECT_EQ(sample(m, stage_series("pg_sink_fraud_alerts_total", "store", "pg-sink")),
            static_cast<double>(db.count("fraud_alerts")));
  EXPECT_EQ(sample(m, stage_series("pg_dead_letter_recorded_total", "dead-letters", "pg-dead-letter")),
            static_cast<double>(db.count("processing_errors")));
  EXPECT_EQ(total(m, "streamline_events_failed_total"), static_cast<double>(expected.dead_letters.size()));
  EXPECT_GT(sample(m, stage_series("streamline_commit_seconds_count", "orders", "kafka-source")), 0);
  EXPECT_EQ(sample(m, R"(streamline_resource_up{plugin="postgres",resource="pg"})"), 1);
  EXPECT_EQ(sample(m, R"(streamline_resource_up{plugin="redis",resource="redis"})"), 1);
  std::cout << "[ system ] after the drain: " << sample(m, written) << " rows written = order_events rows, "
            << sample(m, stage_series("pg_dead_letter_recorded_total", "dead-letters", "pg-dead-letter"))
            << " dead letters recorded = processing_errors rows\n";

  EXPECT_EQ(admin_get(port, "/readyz").status, 200);

  // A service stops while nothing flows: /readyz names it; back: ready.
  auto outage = [&](const std::string& resource, const std::string& plugin, auto stop) {
    stop();
    const AdminReply down = admin_poll(port, "/readyz", [](const AdminReply& r) { return r.status == 503; }, 30s);
    EXPECT_EQ(down.status, 503) << resource << " stopped but /readyz stays ready";
    EXPECT_EQ(down.body, R"({"ready":false,"reason":"resource ')" + resource + "' (plugin '" + plugin +
                             R"(') does not answer its health probe","resource":")" + resource + "\"}\n");
    const auto scrape = prometheus_samples(admin_get(port, "/metrics").body);
    EXPECT_EQ(sample(scrape, "streamline_resource_up{plugin=\"" + plugin + "\",resource=\"" + resource + "\"}"), 0);
    world.stack().start();
    const AdminReply up = admin_poll(port, "/readyz", [](const AdminReply& r) { return r.status == 200; }, 30s);
    EXPECT_EQ(up.body, "{\"ready\":true}\n") << resource << " is back but /readyz stays unready";
    std::cout << "[ system ] " << resource << " stopped: /readyz " << down.status << " " << down.body
              << "  started again: /readyz " << up.status << "\n";
  };
  outage("redis", "redis", [&] { world.stack().stop_redis(); });
  outage("pg", "postgres", [&] { world.stack().stop_postgres(); });

  const auto code = engine->stop(40s);
  ASSERT_EQ(code, 0) << "log " << engine->log_file() << ":\n" << tail(engine->log());
  const std::string log = engine->log();
  for (const std::string line : {"resource 'redis' (plugin 'redis') does not answer its health probe",
                                 "resource 'redis' (plugin 'redis') answers again",
                                 "resource 'pg' (plugin 'postgres') does not answer its health probe",
                                 "resource 'pg' (plugin 'postgres') answers again"})
    EXPECT_NE(log.find(line), std::string::npos) << "no '" << line << "' in " << engine->log_file();
}

}  // namespace
}  // namespace streamline::system_tests
