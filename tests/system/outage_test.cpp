// Outages (issue 7, part 2): PostgreSQL, then (another test) Redis, stopped
// for 10 s while events stream through the orders pipeline, then started
// again. The pipeline stalls (PostgreSQL: the store retries its batch) or
// degrades (Redis: dedup lets events through, the cache retries) as
// designed, resumes by itself, loses nothing and stores nothing twice; and
// the outage shows while it lasts: /metrics says the resource is down and the
// retry counter rises, the log says so in the lines below (their times
// between the test's stop and start), and both say when it is back.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <map>
#include <regex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "tests/support/admin_client.hpp"
#include "tests/system/support/background_producer.hpp"
#include "tests/system/support/disruption.hpp"
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
using Samples = std::map<std::string, double>;
using WallClock = std::chrono::system_clock;

constexpr std::size_t kEvents = 20'000;
constexpr double kRate = 1'200;  // events/s: the stream lasts about 17 s, the outage 10 s of it
constexpr auto kOutage = 10s;
// The scrape late in the outage, this long after the stop.
constexpr auto kLateScrape = 9s;

double value(const Samples& samples, const std::string& series) {
  const auto it = samples.find(series);
  return it == samples.end() ? -1 : it->second;
}

std::string resource_up(const std::string& resource, const std::string& plugin) {
  return "streamline_resource_up{plugin=\"" + plugin + "\",resource=\"" + resource + "\"}";
}

// What the test did and what it saw on the way.
struct OutageRun {
  Expectation expected;
  std::string log;
  // Before stop(); before start() was called (the service may answer before
  // it returns); after start() returned.
  WallClock::time_point stopped_at, starting_at, started_at;
  Samples before;                                // scraped just before the stop
  Samples down;                                  // the first scrape with the resource down
  Samples late;                                  // kLateScrape after the stop, still down
  Samples drained;
  double down_seen_after_s = 0;  // from the stop to the first scrape saying so
  double up_seen_after_s = 0;    // from the start to the first scrape saying so
  double resumed_after_s = 0;    // from the start to the first new order_events row
  std::int64_t rows_before = 0, rows_at_start = 0;
};

// Streams kEvents through the pipeline; once a tenth of them is stored,
// `stop(redis)` takes the service down (and says what Redis must hold after
// it), for kOutage; then the stack starts it again.
template <typename Stop>
OutageRun run_with_outage(OrdersPipeline& world, std::uint64_t seed, const std::string& resource,
                          const std::string& plugin, Stop stop, RedisExpectation& redis) {
  OutageRun run;
  const auto events = generate_events(seed, mixed_traffic(), kEvents);
  const int port = test_support::free_port();
  auto engine = world.start_engine(world.group(), "run", {}, {"--admin-port", std::to_string(port)});
  BackgroundProducer producer(world, events, kRate, batching_producer());
  const auto valid = static_cast<std::int64_t>(kEvents * 0.93);
  wait_for_rows(world.database(), valid / 10, 120s);

  const std::string up_series = resource_up(resource, plugin);
  auto is_up = [&](double wanted) {
    return [&, wanted](const AdminReply& r) {
      return r.status == 200 && value(prometheus_samples(r.body), up_series) == wanted;
    };
  };
  run.before = prometheus_samples(admin_get(port, "/metrics").body);
  run.rows_before = world.database().count("order_events");
  run.stopped_at = WallClock::now();
  stop(redis);
  const AdminReply down = admin_poll(port, "/metrics", is_up(0), 8s);
  run.down_seen_after_s = std::chrono::duration<double>(WallClock::now() - run.stopped_at).count();
  EXPECT_EQ(value(prometheus_samples(down.body), up_series), 0) << resource << " stopped, but /metrics never said so";
  run.down = prometheus_samples(down.body);
  std::this_thread::sleep_until(run.stopped_at + kLateScrape);
  run.late = prometheus_samples(admin_get(port, "/metrics").body);
  std::this_thread::sleep_until(run.stopped_at + kOutage);
  run.starting_at = WallClock::now();
  world.stack().start();
  run.started_at = WallClock::now();

  const AdminReply up = admin_poll(port, "/metrics", is_up(1), 30s);
  run.up_seen_after_s = std::chrono::duration<double>(WallClock::now() - run.started_at).count();
  EXPECT_EQ(value(prometheus_samples(up.body), up_series), 1) << resource << " is back, but /metrics never said so";
  run.rows_at_start = world.database().count("order_events");
  wait_for_rows(world.database(), run.rows_at_start + 1, 60s);
  run.resumed_after_s = std::chrono::duration<double>(WallClock::now() - run.started_at).count();

  const auto deliveries = producer.finish();
  run.expected = expect_from_truth(events, deliveries);
  std::cout << "[ system ] " << describe(run.expected, events.size()) << "\n";
  EXPECT_LT(run.rows_at_start, static_cast<std::int64_t>(run.expected.event_ids.size()))
      << "every event was stored before " << resource << " came back: the outage was not mid-stream";
  world.wait_drained(*engine, world.group(), world.end_offsets(), 180s);
  run.drained = prometheus_samples(admin_get(port, "/metrics").body);
  const auto code = engine->stop(40s);
  EXPECT_EQ(code, 0) << "log " << engine->log_file() << ":\n" << tail(engine->log());
  run.log = engine->log();
  std::cout << std::fixed << std::setprecision(1) << "[ system ] " << resource << " stopped at "
            << log_stamp(run.stopped_at) << " with " << run.rows_before << " rows stored, started at "
            << log_stamp(run.started_at) << " ("
            << std::chrono::duration<double>(run.started_at - run.stopped_at).count() << " s later); /metrics said "
            << resource << " down after " << run.down_seen_after_s << " s and up " << run.up_seen_after_s
            << " s after the start; the first new row " << run.resumed_after_s << " s after the start\n";
  return run;
}

// The lines of `log` matching `pattern` whose stamps lie in [from, to].
std::vector<std::string> lines_between(const std::string& log, const std::regex& pattern, WallClock::time_point from,
                                       WallClock::time_point to) {
  std::vector<std::string> lines;
  for (const std::string& line : lines_matching(log, pattern))
    if (stamp_of(line) >= log_stamp(from) && stamp_of(line) <= log_stamp(to)) lines.push_back(line);
  return lines;
}

// The health probe's lines (engine/observe/resource_health.cpp): exactly one
// "down" while the service was down, exactly one "answers again" after it
// came back.
void expect_health_lines(const OutageRun& run, const std::string& resource, const std::string& plugin) {
  const std::string name = "resource '" + resource + "' \\(plugin '" + plugin + "'\\)";
  const std::regex down_line("^[-0-9]{10} [:.0-9]{12} warning \\[engine\\] " + name +
                             " does not answer its health probe: /readyz reports not ready$");
  const std::regex up_line("^[-0-9]{10} [:.0-9]{12} info  \\[engine\\] " + name + " answers again$");
  const auto downs = lines_matching(run.log, down_line);
  const auto ups = lines_matching(run.log, up_line);
  ASSERT_EQ(downs.size(), 1u) << "lines saying " << resource << " is down";
  ASSERT_EQ(ups.size(), 1u) << "lines saying " << resource << " is back";
  EXPECT_GE(stamp_of(downs[0]), log_stamp(run.stopped_at)) << downs[0];
  EXPECT_LE(stamp_of(downs[0]), log_stamp(run.started_at)) << downs[0];
  EXPECT_GE(stamp_of(ups[0]), log_stamp(run.starting_at)) << ups[0];
  std::cout << "[ system ] log: " << downs[0] << "\n[ system ] log: " << ups[0] << "\n";
}

// The retry lines during the outage of whichever of `stage_labels` retried:
// for each (each instance of a stage with concurrency, "plugin/stage#n", on
// its own), attempts 1, 2, 3, ... of one batch, each waiting twice as long as
// the one before (orders.yaml keeps the engine's retry defaults: 100 ms
// doubling up to 10 s), the error text matching `error`.
// Returns the lines of the one that retried most; it retried at least 3 times.
std::vector<std::string> expect_retry_lines(const OutageRun& run, const std::vector<std::string>& stage_labels,
                                            const std::string& error) {
  std::map<std::string, std::vector<std::string>> by_instance;
  for (const std::string& stage_label : stage_labels) {
    const std::regex retry("^[-0-9]{10} [:.0-9]{12} warning \\[(" + stage_label +
                           "(#\\d+)?)\\] transient error \\(attempt \\d+\\), retrying the batch of \\d+ in \\d+ ms: .*$");
    for (const std::string& line : lines_between(run.log, retry, run.stopped_at, run.started_at)) {
      std::smatch m;
      std::regex_search(line, m, retry);
      by_instance[m[1]].push_back(line);
    }
  }
  const std::regex retry("^[-0-9]{10} [:.0-9]{12} warning \\[[^\\]]+\\] transient error \\(attempt (\\d+)\\), "
                         "retrying the batch of (\\d+) in (\\d+) ms: (.*)$");
  std::vector<std::string> most;
  std::string most_label;
  for (const auto& [label, lines] : by_instance) {
    int attempt = 0;
    std::string batch;
    for (const std::string& line : lines) {
      std::smatch m;
      std::regex_search(line, m, retry);
      ++attempt;
      EXPECT_EQ(std::stoi(m[1]), attempt) << line;
      if (attempt == 1) batch = m[2];
      EXPECT_EQ(m[2], batch) << "the same batch is retried: " << line;
      EXPECT_EQ(std::stoi(m[3]), std::min(100 << (attempt - 1), 10'000)) << line;
      EXPECT_TRUE(std::regex_search(m[4].str(), std::regex(error))) << "error text: " << line;
    }
    std::cout << "[ system ] log: " << lines.size() << " retries of " << label << " while it was down, the first: "
              << lines.front() << "\n";
    if (lines.size() > most.size()) {
      most = lines;
      most_label = label;
    }
  }
  EXPECT_GE(most.size(), 3u) << "retry lines of the stages during the outage";
  if (most.empty()) return most;
  std::cout << "[ system ] log: the first and the last of " << most_label << ":\n[ system ] log: " << most.front()
            << "\n[ system ] log: " << most.back() << "\n";
  return most;
}

// The events in the store batches whose COMMIT the outage left in doubt
// (libpqxx's in_doubt_error, retried as transient).
double in_doubt_store_events(const std::string& log) {
  const std::regex in_doubt("\\[pg-sink/store(#\\d+)?\\] transient error \\(attempt 1\\), retrying the batch of (\\d+) "
                            "in \\d+ ms: .*(Connection lost while committing|Commit of transaction .* is unknown)");
  double events = 0;
  for (const std::string& line : lines_matching(log, in_doubt)) {
    std::smatch m;
    std::regex_search(line, m, in_doubt);
    events += std::stod(m[2]);
    std::cout << "[ system ] log: a store commit in doubt: " << line << "\n";
  }
  return events;
}

// PostgreSQL stops for 10 s (pg_ctl stop -m fast): the stages that use it
// cannot read or commit, retry their batch with backoff and hold the pipeline
// back; no row is written meanwhile. Which of them is caught depends on the
// moment: the store with a batch in hand, or enrich first when a batch
// misses its caches (unknown users and products always do), and then the
// store has nothing to write. It comes back: the next retry goes through and
// the pipeline catches up by itself.
TEST(OutageSystem, PostgresDownTenSecondsStallsTheStoreThenResumesLosingNothing) {
  OrdersPipeline world(SystemStack::from_environment(), "pg_outage", 12);
  RedisExpectation redis;
  const OutageRun run = run_with_outage(
      world, 20250711, "pg", "postgres", [&](RedisExpectation&) { world.stack().stop_postgres(); }, redis);

  // The stages using PostgreSQL: (stage, plugin).
  const std::vector<std::pair<std::string, std::string>> pg_stages{
      {"store", "pg-sink"}, {"enrich", "enrich"}, {"dead-letters", "pg-dead-letter"}};
  auto retries = [&](const Samples& samples) {
    double sum = 0;
    for (const auto& [stage, plugin] : pg_stages)
      sum += std::max(0.0, value(samples, stage_series("streamline_batch_retries_total", stage, plugin)));
    return sum;
  };
  const std::string rows = stage_series("pg_sink_rows_written_total", "store", "pg-sink");
  std::cout << "[ system ] /metrics retries of store, enrich and dead-letters: before " << retries(run.before)
            << ", down " << retries(run.down) << ", late " << retries(run.late) << ", drained " << retries(run.drained)
            << "; rows written: down " << value(run.down, rows) << ", late " << value(run.late, rows) << ", drained "
            << value(run.drained, rows) << "\n";
  EXPECT_EQ(value(run.before, resource_up("pg", "postgres")), 1);
  EXPECT_EQ(value(run.late, resource_up("pg", "postgres")), 0) << "pg up again before it was started";
  EXPECT_EQ(retries(run.before), 0) << "a stage retried before the outage";
  EXPECT_GT(retries(run.late), retries(run.down)) << "no stage using pg retried while it was down";
  EXPECT_EQ(value(run.late, rows), value(run.down, rows)) << "rows written while PostgreSQL was down";
  EXPECT_EQ(value(run.drained, resource_up("pg", "postgres")), 1);
  // Every row is written once and counted once, except those of a store
  // transaction whose COMMIT the shutdown cut off: it may have committed
  // (libpqxx: in doubt), and its retry finds the rows stored and counts them
  // as duplicates. (Duplicates are counted for other reasons too: a re-sent
  // event passes dedup while its original, held up by the outage, is not
  // confirmed yet.)
  const double written = value(run.drained, rows);
  const double unique = static_cast<double>(run.expected.event_ids.size());
  std::cout << "[ system ] /metrics duplicates the store found: "
            << value(run.drained, stage_series("pg_sink_duplicates_total", "store", "pg-sink")) << "\n";
  EXPECT_LE(written, unique) << "rows counted as written more than once";
  EXPECT_GE(written, unique - in_doubt_store_events(run.log))
      << "rows stored but not counted as written, beyond the batches whose commit was in doubt";

  expect_health_lines(run, "pg", "postgres");
  // The first attempts fail on the pooled connection the shutdown broke, the
  // later ones to connect (while it shuts down: "FATAL:  the database system
  // is shutting down"; then "Connection refused").
  const std::string dsn =
      "postgresql://streamline@127\\.0\\.0\\.1:" + std::to_string(world.stack().pg_port) + "/orders_pg_outage";
  const auto retries_logged =
      expect_retry_lines(run, {"pg-sink/store", "enrich/enrich", "pg-dead-letter/dead-letters"},
                         "^((pg-sink|enrich|pg-dead-letter) lost postgres|cannot connect to postgres) at " + dsn + ": .+$");
  ASSERT_FALSE(retries_logged.empty());
  EXPECT_TRUE(std::regex_search(retries_logged.back(),
                                std::regex(": cannot connect to postgres at " + dsn +
                                           ": connection to server at \"127\\.0\\.0\\.1\", port \\d+ failed: "
                                           "Connection refused$")))
      << retries_logged.back();
  expect_pipeline_matches_truth(world, run.expected, /*attempts=*/1, redis);
}

// Redis stops for 10 s (shutdown nosave: it comes back empty): dedup lets
// events through unchecked (the store's insert-if-absent still guards), the
// cache retries its batch with backoff and holds the pipeline back; no order
// state is cached meanwhile, and confirm, after the cache, sees only what the
// cache wrote just before the stop. It comes back: the cache's next retry writes, dedup checks
// again, confirm confirms what the cache wrote.
TEST(OutageSystem, RedisDownTenSecondsDegradesThenResumesLosingNothing) {
  OrdersPipeline world(SystemStack::from_environment(), "redis_down", 13);
  RedisExpectation redis;
  const OutageRun run = run_with_outage(
      world, 20250712, "redis", "redis",
      [&](RedisExpectation& r) {
        r.restarted_empty_at_us = epoch_us();
        world.stack().stop_redis();
      },
      redis);

  const std::string retries = stage_series("streamline_batch_retries_total", "cache", "redis-cache");
  const std::string written = stage_series("redis_cache_written_total", "cache", "redis-cache");
  const std::string dedup_available = stage_series("redis_dedup_available", "dedup", "redis-dedup");
  const std::string let_through = stage_series("redis_dedup_unavailable_total", "dedup", "redis-dedup");
  const std::string unconfirmed = stage_series("redis_dedup_unavailable_total", "confirm", "redis-dedup");
  std::cout << "[ system ] /metrics cache retries: before " << value(run.before, retries) << ", down "
            << value(run.down, retries) << ", late " << value(run.late, retries) << ", drained "
            << value(run.drained, retries) << "; states cached: down " << value(run.down, written) << ", late "
            << value(run.late, written) << "; dedup available: before " << value(run.before, dedup_available)
            << ", late " << value(run.late, dedup_available) << ", drained " << value(run.drained, dedup_available)
            << "; let through unchecked " << value(run.late, let_through) << ", passed on unconfirmed "
            << value(run.late, unconfirmed) << "\n";
  EXPECT_EQ(value(run.before, resource_up("redis", "redis")), 1);
  EXPECT_EQ(value(run.late, resource_up("redis", "redis")), 0) << "redis up again before it was started";
  EXPECT_EQ(value(run.before, retries), 0) << "the cache retried before the outage";
  EXPECT_GT(value(run.late, retries), value(run.down, retries))
      << "the cache's retries did not rise while redis was down";
  EXPECT_EQ(value(run.late, written), value(run.down, written)) << "order states cached while Redis was down";
  EXPECT_EQ(value(run.before, dedup_available), 1);
  EXPECT_EQ(value(run.late, dedup_available), 0);
  EXPECT_EQ(value(run.before, let_through), 0);
  EXPECT_GT(value(run.late, let_through), 0) << "dedup let nothing through while Redis was down";
  EXPECT_EQ(value(run.drained, resource_up("redis", "redis")), 1);
  EXPECT_EQ(value(run.drained, dedup_available), 1);

  expect_health_lines(run, "redis", "redis");
  const std::string address = "127\\.0\\.0\\.1:" + std::to_string(world.stack().redis_port);
  const std::string refused =
      "cannot connect to redis at " + address + ": Connection refused( \\(reconnect attempts at most every \\d+ms\\))?";
  // The first attempts may fail on a pooled connection the shutdown broke
  // (plugins/common/redis/redis_connection.cpp), the later ones to connect.
  const std::string redis_error = "(cannot connect to redis at " + address + ": .+|lost the connection to redis at " +
                                  address + ": .+|the connection to redis at " + address + " is broken)";
  const auto retries_logged = expect_retry_lines(run, {"redis-cache/cache"}, "^" + redis_error + "$");
  ASSERT_FALSE(retries_logged.empty());
  EXPECT_TRUE(std::regex_search(retries_logged.back(), std::regex(": " + refused + "$"))) << retries_logged.back();
  // redis-dedup, both stages: warned while it was down (at most once per
  // reconnect interval), told once that it is back.
  const std::string stamp = "^[-0-9]{10} [:.0-9]{12} ";
  for (const auto& [stage, doing] : {std::pair{std::string("dedup"), std::string("letting events through")}}) {
    const std::regex down_line(stamp + "warning \\[redis-dedup/" + stage + "\\] redis unavailable, " + doing +
                               ": PostgreSQL idempotency still guards: " + redis_error +
                               "( \\(\\d+ more since the last warning\\))?$");
    const std::regex up_line(stamp + "info  \\[redis-dedup/" + stage + "\\] redis available again at " + address + "$");
    const auto downs = lines_between(run.log, down_line, run.stopped_at, run.started_at);
    const auto ups = lines_matching(run.log, up_line);
    EXPECT_GE(downs.size(), 1u) << stage << ": no '" << doing << "' warning while Redis was down";
    for (const auto& line : lines_matching(run.log, std::regex("\\[redis-dedup/" + stage + "\\] redis unavailable"))) {
      EXPECT_TRUE(std::regex_search(line, down_line)) << "a warning of another shape: " << line;
      EXPECT_GE(stamp_of(line), log_stamp(run.stopped_at)) << "a warning before the outage: " << line;
    }
    ASSERT_EQ(ups.size(), 1u) << stage << ": lines saying Redis is back";
    EXPECT_GE(stamp_of(ups[0]), log_stamp(run.starting_at)) << ups[0];
    std::cout << "[ system ] log: " << downs.size() << " warnings of " << stage << " while Redis was down, the first:\n"
              << "[ system ] log: " << (downs.empty() ? "" : downs.front()) << "\n[ system ] log: " << ups[0] << "\n";
  }
  // confirm comes after the cache, which holds the line while Redis is down:
  // only the batches the cache wrote just before the stop reach confirm
  // without Redis (`passed on unconfirmed` above, a few dozen at most).
  expect_pipeline_matches_truth(world, run.expected, /*attempts=*/1, redis);
}

}  // namespace
}  // namespace streamline::system_tests
