// Crash and restart (issue 7, part 1): the engine running the orders
// pipeline is killed with SIGKILL at random moments, ten times, while
// 100,000 generated events stream in, and started again on the same consumer
// group after a random pause each time. Nothing it did is cleaned up: its
// batches in flight, its uncommitted offsets, the Redis keys it wrote. Once
// the last engine drained, PostgreSQL must hold exactly what the stream's
// truth says: every unique valid event once, every order in the state its
// last event left it, one dead letter per malformed event (its attempts not
// compared: a failure recorded before a kill and read again after it counts
// two, depending on the moment). Redis holds every order exactly as
// order_states does: an event the store committed just before a kill, but
// the cache had not written yet, is not yet done in the positions the store
// keeps (Context::positions_after), so the next engine reads it again and
// the store hands the order's state to the cache again.
//
// The schedule comes from a seed (printed; STREAMLINE_CRASH_SEED replays
// another). A killed member stays in the group until its session times out,
// and only then does the group give the next engine the partitions: the
// engines here run with a session timeout of 3 s (KAFKA_SESSION_TIMEOUT_MS,
// which orders.yaml reads, instead of librdkafka's 45 s) and heartbeats every
// second (a line the test adds to its copy of orders.yaml: with librdkafka's
// 3 s default a live engine times its own session out, "SESSTMOUT", and
// loses its partitions every few seconds). The dev broker (librdkafka's mock
// cluster, rdkafka_mock_cgrp.c) honours both: it takes the group's session
// timeout from the members' JoinGroup, drops a member whose last heartbeat
// is older (checked every second), then rebalances: the next engine is
// assigned about 3-6 s after a kill (44 s with the default).
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/system/support/background_producer.hpp"
#include "tests/system/support/disruption.hpp"
#include "tests/system/support/orders_pipeline.hpp"
#include "tests/system/support/orders_truth.hpp"
#include "tests/system/truth_checks.hpp"

namespace streamline::system_tests {
namespace {

using namespace std::chrono_literals;

// The suite's run; a soak runs longer with STREAMLINE_CRASH_KILLS and
// STREAMLINE_CRASH_EVENTS (docs/reliability.md), at the same rate.
constexpr std::size_t kDefaultEvents = 100'000;
constexpr double kRate = 2'000;  // events/s: the stream lasts 50 s, about as long as the ten kills
constexpr int kDefaultKills = 10;
constexpr std::uint64_t kStreamSeed = 20250701;
constexpr std::uint64_t kDefaultScheduleSeed = 7001;
// Each engine runs this long after the group gave it its partitions before
// it is killed, and the next one starts this long after the kill.
constexpr int kMinRunMs = 200, kMaxRunMs = 3000;
constexpr int kMinPauseMs = 0, kMaxPauseMs = 1500;
const std::map<std::string, std::string> kEngineEnv{{"KAFKA_SESSION_TIMEOUT_MS", "3000"}};
// What the test's copy of orders.yaml adds under the session timeout.
constexpr const char* kHeartbeatLine = "heartbeat.interval.ms: 1000";

// What kafka-source logs once the group gave it partitions.
constexpr const char* kAssignedLine = "kafka: assigned ";

std::uint64_t from_env(const char* name, std::uint64_t fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::stoull(value) : fallback;
}

std::uint64_t schedule_seed() { return from_env("STREAMLINE_CRASH_SEED", kDefaultScheduleSeed); }

// Offsets past `start`, summed over the partitions (how many messages).
std::int64_t past(const PartitionOffsets& offsets, const PartitionOffsets& start) {
  std::int64_t total = 0;
  for (const auto& [partition, offset] : offsets) {
    const auto s = start.find(partition);
    total += offset - (s == start.end() ? 0 : s->second);
  }
  return total;
}

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The pipeline file with heartbeats every second, next to the session
// timeout (same indentation).
std::filesystem::path with_fast_heartbeats(const std::filesystem::path& dir) {
  const std::string text = with_source_kafka_setting(read_text(orders_pipeline_file()), kHeartbeatLine);
  const auto file = dir / "orders-fast-heartbeats.yaml";
  std::ofstream(file) << text;
  return file;
}

// SIGKILL, and the exit status once the child is gone.
int kill_nine(EngineRun& engine) {
  ::kill(engine.pid(), SIGKILL);
  for (;;) {
    if (const auto code = engine.exit_code()) return *code;
    std::this_thread::sleep_for(5ms);
  }
}

struct Kill {
  double at_s = 0;                            // since the test started
  double up_s = 0;                            // since that engine started
  double after_assigned_s = 0;                // since it was assigned partitions
  double assigned_after_previous_kill_s = 0;  // how long the group took to give it partitions
  int exit_code = 0;
  std::int64_t produced = 0, stored = 0, dead_letters = 0, committed = 0, positions = 0;
  int pause_ms = 0;  // before the next engine
};

TEST(CrashRestartSystem, TenKillNinesWhile100kEventsStreamLoseNothingAndStoreNothingTwice) {
  const auto test_started = std::chrono::steady_clock::now();
  OrdersPipeline world(SystemStack::from_environment(), "crash_restart", 11);
  const auto event_count = static_cast<std::size_t>(from_env("STREAMLINE_CRASH_EVENTS", kDefaultEvents));
  const auto kill_count = static_cast<int>(from_env("STREAMLINE_CRASH_KILLS", kDefaultKills));
  const auto events = generate_events(kStreamSeed, mixed_traffic(), event_count);
  const std::uint64_t seed = schedule_seed();
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> run_ms(kMinRunMs, kMaxRunMs);
  std::uniform_int_distribution<int> pause_ms(kMinPauseMs, kMaxPauseMs);
  std::cout << "[ system ] kill schedule seed " << seed << " (STREAMLINE_CRASH_SEED=" << seed
            << " replays it): " << kill_count << " kills, each " << kMinRunMs << "-" << kMaxRunMs
            << " ms after the engine was assigned partitions, the next engine " << kMinPauseMs << "-" << kMaxPauseMs
            << " ms after the kill; " << event_count << " events at " << kRate << "/s; session.timeout.ms "
            << kEngineEnv.at("KAFKA_SESSION_TIMEOUT_MS") << " ms, " << kHeartbeatLine << "\n";
  const std::filesystem::path pipeline = with_fast_heartbeats(world.log_dir());

  auto engine = world.start_engine(world.group(), "run-0", pipeline, {}, kEngineEnv);
  auto engine_started = std::chrono::steady_clock::now();
  BackgroundProducer producer(world, events, kRate, batching_producer());
  std::vector<Kill> kills;
  std::vector<std::filesystem::path> logs{engine->log_file()};
  std::optional<std::chrono::steady_clock::time_point> last_kill;
  PartitionOffsets done_before;
  for (int k = 0; k < kill_count; ++k) {
    wait_for_log(*engine, kAssignedLine, 120s);
    const auto assigned = std::chrono::steady_clock::now();
    Kill kill;
    if (last_kill) kill.assigned_after_previous_kill_s = std::chrono::duration<double>(assigned - *last_kill).count();
    std::this_thread::sleep_for(std::chrono::milliseconds(run_ms(rng)));
    kill.after_assigned_s = seconds_since(assigned);
    kill.up_s = seconds_since(engine_started);
    kill.at_s = seconds_since(test_started);
    kill.exit_code = kill_nine(*engine);
    last_kill = std::chrono::steady_clock::now();
    ASSERT_EQ(kill.exit_code, 128 + SIGKILL)
        << "engine " << k << " was not running when killed; log " << engine->log_file() << ":\n"
        << tail(engine->log());
    // What the killed engine left behind.
    kill.produced = past(world.end_offsets(), world.start_offsets());
    kill.stored = world.database().count("order_events");
    kill.dead_letters = world.database().count("processing_errors");
    kill.committed = past(world.committed(world.group()), world.start_offsets());
    kill.positions = past(world.stored_positions(world.group()), world.start_offsets());
    kill.pause_ms = pause_ms(rng);
    std::ostringstream line;
    line << std::fixed << std::setprecision(2) << "kill " << k + 1 << " at " << kill.at_s << " s (engine up "
         << kill.up_s << " s, assigned " << kill.after_assigned_s << " s before";
    if (k > 0) line << ", " << kill.assigned_after_previous_kill_s << " s after the previous kill";
    std::cout << "[ system ] " << line.str() << "): produced " << kill.produced << ", order_events " << kill.stored
              << ", processing_errors " << kill.dead_letters << ", committed " << kill.committed
              << ", stored positions " << kill.positions << "; next engine in " << kill.pause_ms << " ms\n";
    kills.push_back(kill);
    std::this_thread::sleep_for(std::chrono::milliseconds(kill.pause_ms));
    // Nothing moves these now: a partition whose stored position is at its
    // end has nothing to read, so the last engine never commits it.
    done_before = world.stored_positions(world.group());
    engine = world.start_engine(world.group(), "run-" + std::to_string(k + 1), pipeline, {}, kEngineEnv);
    engine_started = std::chrono::steady_clock::now();
    logs.push_back(engine->log_file());
  }

  // The last engine runs until the pipeline drained.
  const auto deliveries = producer.finish();
  const Expectation expected = expect_from_truth(events, deliveries);
  std::cout << "[ system ] " << describe(expected, events.size()) << "\n";
  const auto drain_started = std::chrono::steady_clock::now();
  world.wait_drained(*engine, world.group(), world.end_offsets(), 240s, done_before);
  const double drain_s = seconds_since(drain_started);
  const auto code = engine->stop(40s);
  ASSERT_EQ(code, 0) << "log " << engine->log_file() << ":\n" << tail(engine->log());
  EXPECT_NE(engine->log().find("pipeline drained: "), std::string::npos) << tail(engine->log());

  // Every engine after a kill resumed where PostgreSQL said, on the
  // partitions where that was ahead of the group's commits.
  const std::regex resumes(R"(kafka: orders\[\d+\] resumes at \d+ from 'pg' \(group committed (\d+|nothing)\))");
  std::size_t resumed = 0, assignments = 0, lost = 0;
  for (std::size_t i = 0; i < logs.size(); ++i) {
    const std::string log = read_text(logs[i]);
    resumed += lines_matching(log, resumes).size();
    assignments += lines_matching(log, std::regex(kAssignedLine)).size();
    lost += lines_matching(log, std::regex("kafka: lost ")).size();
  }
  const std::string replayed_failures =
      world.database().scalar("SELECT count(*) FROM processing_errors WHERE attempts > 1");
  const std::string most_attempts = world.database().scalar("SELECT coalesce(max(attempts), 0) FROM processing_errors");
  std::cout << std::fixed << std::setprecision(1) << "[ system ] " << kills.size()
            << " kills; the last engine drained in " << drain_s << " s; " << assignments << " assignments (" << lost
            << " lost) in " << logs.size() << " engine runs; " << resumed
            << " partition resumes from the positions in PostgreSQL; " << replayed_failures
            << " dead letters recorded again after a crash (attempts up to " << most_attempts << ")\n";
  EXPECT_GT(resumed, 0u) << "no engine resumed from the positions pg-sink stored";
  // A kill of an engine with nothing left to do proves nothing.
  const auto mid_stream = std::count_if(kills.begin(), kills.end(), [&](const Kill& kill) {
    return kill.stored < static_cast<std::int64_t>(expected.event_ids.size());
  });
  EXPECT_GE(mid_stream, kill_count / 2) << "most kills came after every event was stored";

  expect_pipeline_matches_truth(world, expected, kAttemptsNotCompared);
  std::cout << std::fixed << std::setprecision(1) << "[ system ] crash test wall time " << seconds_since(test_started)
            << " s\n";
}

}  // namespace
}  // namespace streamline::system_tests
