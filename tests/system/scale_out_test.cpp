// Scale-out (issue 7, part 4): engines share the orders topic's 12
// partitions as one consumer group while events stream. Two engines start;
// one is killed with SIGKILL mid-stream; once the group drops the dead member
// (its session times out) the other is assigned every partition, the dead
// one's included, and commits them onward. Then a third engine joins and the
// group rebalances again while events still stream. Once drained,
// PostgreSQL and Redis must hold exactly what the stream's truth says.
//
// A killed member stays in the group until its session times out: these
// engines run with KAFKA_SESSION_TIMEOUT_MS=6000 (orders.yaml reads it)
// instead of librdkafka's 45 s. The dev broker (librdkafka's mock cluster)
// takes the group's session timeout from the members' JoinGroup, drops a
// member that sent nothing for that long (checked every second), and then
// waits session timeout - 1 s for the members to join again: each
// rebalance here takes about 5 s.
//
// Dead letters are not compared by attempts: the events a member read but
// had not committed when its partitions moved (killed, or revoked by the
// rebalance, eager: everything) are read again by the next owner, and a
// failure recorded before counts a second attempt. Every other table, and
// Redis, must match exactly: also the orders whose last event the killed
// engine stored but did not cache (the store's positions stay before an
// event until the cache is done with it, so the next owner reads it again).
#include <signal.h>

#include <chrono>
#include <functional>
#include <future>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "tests/system/support/background_producer.hpp"
#include "tests/system/support/disruption.hpp"
#include "tests/system/support/orders_pipeline.hpp"
#include "tests/system/support/orders_truth.hpp"
#include "tests/system/truth_checks.hpp"

namespace streamline::system_tests {
namespace {

using namespace std::chrono_literals;

constexpr std::size_t kEvents = 30'000;
constexpr double kRate = 1'000;  // events/s: the stream lasts about 30 s, past the third engine's join
constexpr std::int64_t kStoredBeforeKill = 3'000;
// No --admin-port: orders.yaml starts no admin server, so three engines on
// one host do not compete for a port.
const std::map<std::string, std::string> kEngineEnv{{"KAFKA_SESSION_TIMEOUT_MS", "6000"}};

// Partitions an engine owns now, from what kafka-source logged: an eager
// assignment replaces the previous one, a cooperative one adds to it; a
// revoke or a loss takes partitions away.
int owned_partitions(const std::string& log) {
  static const std::regex change(
      R"(kafka: (assigned|revoked|lost) (\d+) partition\(s\)( \((eager|cooperative) rebalance\))?)");
  int owned = 0;
  for (auto it = std::sregex_iterator(log.begin(), log.end(), change); it != std::sregex_iterator(); ++it) {
    const int n = std::stoi((*it)[2].str());
    if ((*it)[1].str() != "assigned") owned -= n;
    else if ((*it)[4].str() == "cooperative") owned += n;
    else owned = n;
  }
  return owned;
}

std::string owned_text(const std::map<std::string, EngineRun*>& engines) {
  std::string text;
  for (const auto& [name, engine] : engines)
    text += (text.empty() ? "" : ", ") + name + " " + std::to_string(owned_partitions(engine->log()));
  return text;
}

// Polls `done` until it holds; throws, naming what the engines own, when an
// engine exits or `limit` passes first. Returns the seconds it took.
double wait_until(const std::function<bool()>& done, const std::string& what,
                  const std::map<std::string, EngineRun*>& engines, std::chrono::seconds limit) {
  const auto start = std::chrono::steady_clock::now();
  while (!done()) {
    for (const auto& [name, engine] : engines)
      if (const auto code = engine->exit_code())
        throw std::runtime_error("engine " + name + " exited (" + std::to_string(*code) + ") while waiting for " +
                                 what + "; log " + engine->log_file().string() + ":\n" + tail(engine->log()));
    if (std::chrono::steady_clock::now() - start > limit)
      throw std::runtime_error("no " + what + " within " + std::to_string(limit.count()) +
                               " s; partitions owned: " + owned_text(engines));
    std::this_thread::sleep_for(50ms);
  }
  return seconds_since(start);
}

// SIGKILL, and the exit status once the child is gone.
int kill_nine(EngineRun& engine) {
  ::kill(engine.pid(), SIGKILL);
  for (;;) {
    if (const auto code = engine.exit_code()) return *code;
    std::this_thread::sleep_for(5ms);
  }
}

std::int64_t total_past(const PartitionOffsets& offsets, const PartitionOffsets& start) {
  std::int64_t total = 0;
  for (const auto& [partition, offset] : offsets) total += offset - start.at(partition);
  return total;
}

std::string partitions_text(const std::set<std::int32_t>& partitions) {
  std::string text;
  for (const auto p : partitions) text += (text.empty() ? "" : ",") + std::to_string(p);
  return "[" + text + "]";
}

std::string fixed1(double seconds) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(1) << seconds;
  return out.str();
}

TEST(ScaleOutSystem, KillNineOfOneOfTwoEnginesThenAThirdJoiningLoseNothingAndStoreNothingTwice) {
  const auto test_started = std::chrono::steady_clock::now();
  const auto at = [&] { return "[ system ] t=" + fixed1(seconds_since(test_started)) + " s "; };
  OrdersPipeline world(SystemStack::from_environment(), "scale_out", 14);
  const std::string group = world.group();
  const int partitions = world.partitions();
  ASSERT_GE(partitions, 8) << "the scale-out test wants a topic of 8 partitions or more";
  const auto events = generate_events(20250614, mixed_traffic(), kEvents);

  auto a = world.start_engine(group, "engine-a", {}, {}, kEngineEnv);
  auto b = world.start_engine(group, "engine-b", {}, {}, kEngineEnv);
  const double shared_s = wait_until([&] {
    const int owned_a = owned_partitions(a->log()), owned_b = owned_partitions(b->log());
    return owned_a > 0 && owned_b > 0 && owned_a + owned_b == partitions;
  }, "assignment sharing the partitions between engines a and b", {{"a", a.get()}, {"b", b.get()}}, 90s);
  const int owned_by_a = owned_partitions(a->log()), owned_by_b = owned_partitions(b->log());
  std::cout << at() << "engines a and b share the " << partitions << " partitions (a " << owned_by_a << ", b "
            << owned_by_b << ") " << fixed1(shared_s) << " s after they started; streaming " << kEvents << " events at "
            << kRate << "/s, session.timeout.ms " << kEngineEnv.at("KAFKA_SESSION_TIMEOUT_MS") << "\n";

  BackgroundProducer producer(world, events, kRate);
  wait_for_rows(world.database(), kStoredBeforeKill, 120s);

  // Engine a dies with whatever it had in flight.
  ASSERT_EQ(kill_nine(*a), 128 + SIGKILL) << "engine a was not running; log " << a->log_file() << ":\n"
                                          << tail(a->log());
  const auto killed = std::chrono::steady_clock::now();
  const PartitionOffsets at_kill = world.committed(group);
  std::cout << at() << "killed engine a (SIGKILL): produced " << total_past(world.end_offsets(), world.start_offsets())
            << ", order_events " << world.database().count("order_events") << ", processing_errors "
            << world.database().count("processing_errors") << ", committed "
            << total_past(at_kill, world.start_offsets()) << "\n";

  // Until the group drops a (its session, 6 s), b commits its own
  // partitions and a's stand still: which partitions were a's, as the
  // group's offsets tell. Looked at for up to 4 s, well before the group
  // could have moved a's partitions.
  std::set<std::int32_t> frozen, moving;
  const auto look_started = std::chrono::steady_clock::now();
  do {
    std::this_thread::sleep_for(250ms);
    frozen.clear();
    moving.clear();
    for (const auto& [partition, offset] : world.committed(group))
      (offset == at_kill.at(partition) ? frozen : moving).insert(partition);
  } while (static_cast<int>(moving.size()) < owned_by_b && seconds_since(look_started) < 4.0);
  ASSERT_EQ(owned_partitions(b->log()), owned_by_b) << "engine b's assignment changed while the offsets were looked at";
  std::cout << at() << fixed1(seconds_since(killed)) << " s after the kill: committed offsets stood still on "
            << partitions_text(frozen) << " (engine a's), moved on " << partitions_text(moving) << " (engine b's)\n";
  EXPECT_EQ(static_cast<int>(moving.size()), owned_by_b) << "engine b did not commit all of its partitions";
  EXPECT_EQ(static_cast<int>(frozen.size()), owned_by_a)
      << "the partitions whose commits stopped with engine a are not as many as it owned";

  // b is assigned every partition, a's included (eager: the whole topic in
  // one assignment), and commits a's partitions past where a left them.
  const double takeover_s = wait_until([&] { return owned_partitions(b->log()) == partitions; },
                                       "assignment of every partition to engine b", {{"b", b.get()}}, 90s);
  const std::string assigned_all = "kafka: assigned " + std::to_string(partitions) + " partition(s)";
  EXPECT_NE(b->log().find(assigned_all), std::string::npos) << "no '" << assigned_all << "' in " << b->log_file();
  const double committed_s = wait_until([&] {
    const PartitionOffsets now = world.committed(group);
    for (const auto p : frozen)
      if (now.at(p) <= at_kill.at(p)) return false;
    return true;
  }, "commit past engine a's on its partitions", {{"b", b.get()}}, 90s);
  std::cout << at() << "engine b was assigned all " << partitions << " partitions " << fixed1(takeover_s)
            << " s after that look (" << fixed1(seconds_since(killed)) << " s after the kill), and committed "
            << "past engine a's offsets on all of " << partitions_text(frozen) << " " << fixed1(committed_s)
            << " s later\n";

  // A third engine joins while events still stream.
  const std::int64_t produced_at_join = total_past(world.end_offsets(), world.start_offsets());
  auto c = world.start_engine(group, "engine-c", {}, {}, kEngineEnv);
  const double join_s = wait_until([&] {
    const int owned_b = owned_partitions(b->log()), owned_c = owned_partitions(c->log());
    return owned_b > 0 && owned_c > 0 && owned_b + owned_c == partitions;
  }, "assignment sharing the partitions between engines b and c", {{"b", b.get()}, {"c", c.get()}}, 90s);
  std::cout << at() << "engine c joined with " << produced_at_join << " of " << kEvents
            << " events produced; b and c share the partitions (b " << owned_partitions(b->log()) << ", c "
            << owned_partitions(c->log()) << ") " << fixed1(join_s) << " s after c started\n";
  EXPECT_LT(produced_at_join, static_cast<std::int64_t>(kEvents)) << "the stream was over before engine c joined";

  const auto deliveries = producer.finish();
  const Expectation expected = expect_from_truth(events, deliveries);
  std::cout << "[ system ] " << describe(expected, events.size()) << "\n";
  const auto drain_started = std::chrono::steady_clock::now();
  world.wait_drained(*c, group, world.end_offsets(), 180s);
  const double drain_s = seconds_since(drain_started);

  // Both stop together: one leaving alone would start a rebalance of the other.
  auto b_stopped = std::async(std::launch::async, [&] { return b->stop(40s); });
  auto c_stopped = std::async(std::launch::async, [&] { return c->stop(40s); });
  const auto b_code = b_stopped.get(), c_code = c_stopped.get();
  EXPECT_EQ(b_code, 0) << "log " << b->log_file() << ":\n" << tail(b->log());
  EXPECT_EQ(c_code, 0) << "log " << c->log_file() << ":\n" << tail(c->log());

  const std::regex resumes(R"(kafka: orders\[\d+\] resumes at \d+ from 'pg')");
  const std::size_t resumed = lines_matching(b->log(), resumes).size() + lines_matching(c->log(), resumes).size();
  const std::string replayed_failures =
      world.database().scalar("SELECT count(*) FROM processing_errors WHERE attempts > 1");
  std::cout << "[ system ] drained " << fixed1(drain_s) << " s after the last event was produced; " << resumed
            << " partition assignments resumed from the positions in PostgreSQL; " << replayed_failures
            << " dead letters recorded again by a later owner\n";

  expect_pipeline_matches_truth(world, expected, kAttemptsNotCompared);
  std::cout << "[ system ] scale-out test wall time " << fixed1(seconds_since(test_started)) << " s\n";
}

}  // namespace
}  // namespace streamline::system_tests
