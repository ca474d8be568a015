// Acceptance tests of the orders pipeline (pipelines/orders.yaml), run by the
// engine binary against the system stack: the generated stream's truth says
// what PostgreSQL and Redis must hold afterwards, exactly, also after a
// replay, a Redis outage and a PostgreSQL restart in the middle of the run.
#include <chrono>
#include <exception>
#include <iostream>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/system/support/background_producer.hpp"
#include "tests/system/support/orders_pipeline.hpp"
#include "tests/system/support/orders_truth.hpp"
#include "tests/system/truth_checks.hpp"

namespace streamline::system_tests {

// gtest prints checksums that differ with this.
std::ostream& operator<<(std::ostream& out, const TableChecksum& c) { return out << c.rows << " rows, md5 " << c.md5; }

namespace {

using namespace std::chrono_literals;

std::int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

SystemStack stack() { return SystemStack::from_environment(); }

// Waits until order_events holds at least `rows` rows.
void wait_for_rows(OrdersDatabase& db, std::int64_t rows, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (db.count("order_events") < rows) {
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("order_events did not reach " + std::to_string(rows) + " rows within " +
                               std::to_string(limit.count()) + "s");
    std::this_thread::sleep_for(100ms);
  }
}

// The tables a replay must not change, each as (rows, md5), processed_at left out.
struct Snapshot {
  TableChecksum events, states, alerts, errors;
};
// What a dead letter's row counts of its writes, which a replay changes.
const std::set<std::string> kDeadLetterWrites = {"attempts", "last_seen", "write_token"};

Snapshot snapshot(OrdersDatabase& db, const std::set<std::string>& error_columns_left_out = {}) {
  return {db.checksum("order_events", {"processed_at"}), db.checksum("order_states"), db.checksum("fraud_alerts"),
          db.checksum("processing_errors", error_columns_left_out)};
}


// (a) 50,000 events: every unique valid event stored once, every order in
// the state its last event left it, every malformed event one dead letter
// with its reason, fraud alerts for the flagged events, Redis as PostgreSQL.
TEST(OrdersPipelineSystem, FullRunStoresExactlyWhatTheStreamsTruthSays) {
  OrdersPipeline world(stack(), "full_run", 1);
  const auto events = generate_events(20250601, mixed_traffic(), 50'000);
  const auto deliveries = world.produce(events);
  const Expectation expected = expect_from_truth(events, deliveries);
  std::cout << "[ system ] " << describe(expected, events.size()) << "\n";
  for (const char* kind : {"bad_json", "missing_field", "wrong_type", "unknown_user", "unknown_product"})
    EXPECT_GE(expected.dead_letters_by_kind.at(kind), 100u) << kind;

  const auto started = std::chrono::steady_clock::now();
  const std::string log = world.run_until_drained(world.group(), "run", world.end_offsets(), 300s);
  std::cout << "[ system ] drained in "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() << " s\n";
  EXPECT_NE(log.find("pipeline drained: "), std::string::npos) << tail(log);

  expect_pipeline_matches_truth(world, expected, /*attempts=*/1);
}

// processing_errors rows whose attempts are not `base`, plus one for a row
// at or past the stored position of its partition (read again after a reset).
std::string rows_with_other_attempts(OrdersDatabase& db, const PartitionOffsets& stored, int base) {
  std::string values;
  for (const auto& [partition, position] : stored)
    values += (values.empty() ? "" : ", ") + std::string("(") + std::to_string(partition) + ", " +
              std::to_string(position) + ")";
  return db.scalar("SELECT count(*) FROM processing_errors e JOIN (VALUES " + values +
                   ") AS s(p, o) ON e.source_partition = s.p WHERE e.attempts <> " + std::to_string(base) +
                   " + (e.source_offset >= s.o)::int");
}

// (b) Replays change nothing: (1) the group reset to the beginning resumes from the
// positions pg-sink stored with its rows (what the last store batches passed
// on is read again); (2) a new group reads every event again: the events,
// states and alerts stay, each dead letter counts one more attempt.
TEST(OrdersPipelineSystem, ReplayFromOffsetZeroChangesNoRow) {
  OrdersPipeline world(stack(), "replay", 2);
  const auto events = generate_events(20250602, mixed_traffic(), 20'000);
  const auto deliveries = world.produce(events);
  const Expectation expected = expect_from_truth(events, deliveries);
  std::cout << "[ system ] " << describe(expected, events.size()) << "\n";
  const PartitionOffsets ends = world.end_offsets();
  world.run_until_drained(world.group(), "run", ends, 180s);
  expect_pipeline_matches_truth(world, expected, 1);
  const Snapshot before = snapshot(world.database());
  const Snapshot errors_before = snapshot(world.database(), kDeadLetterWrites);

  // (1) The group's committed offsets reset to the beginning on every
  // partition: to where this test's events begin (the stack's topic holds
  // other tests' events before them). The dev broker lets no one but a
  // member commit for a group it has seen, and holds a re-join for ~45 s
  // after the last member left: so the group's state moves to a new name
  // instead (what pg-sink stored, copied; the beginning committed on every
  // partition), which is the same state for the source.
  const PartitionOffsets beginning = world.start_offsets();
  ASSERT_EQ(beginning.size(), static_cast<std::size_t>(world.partitions()));
  const std::string reset_group = world.new_group("reset", beginning);
  world.copy_stored_positions(world.group(), reset_group);
  ASSERT_EQ(world.committed(reset_group), beginning);
  const PartitionOffsets stored_by_store = world.stored_positions(reset_group);
  ASSERT_EQ(stored_by_store, world.stored_positions(world.group()));
  ASSERT_FALSE(stored_by_store.empty());
  const std::string log = world.run_until_drained(reset_group, "replay-reset-group", ends, 120s, stored_by_store);
  for (const auto& [partition, position] : stored_by_store) {
    const std::string line = "kafka: orders[" + std::to_string(partition) + "] resumes at " + std::to_string(position) +
                             " from 'pg' (group committed " + std::to_string(beginning.at(partition)) + ")";
    EXPECT_NE(log.find(line), std::string::npos) << "no '" << line << "' in the log:\n" << tail(log, 60);
  }
  // A store commit records only what was done before it, and with two store
  // transactions in flight (partition_by: key) the events of a partition
  // are spread over both: a short run may end before a partition's done
  // prefix reached any commit. Such a partition has no stored position and
  // is read again from the beginning.
  PartitionOffsets stored = stored_by_store;
  for (const auto& [partition, offset] : beginning) stored.try_emplace(partition, offset);
  std::cout << "[ system ] stored positions for " << stored_by_store.size() << " of " << world.partitions()
            << " partitions\n";
  // The stored positions stop before the events the last store batches
  // passed on to the cache (done after the store's last commit), so those
  // are read again: stored ones are duplicates and change nothing; a dead
  // letter among them counts a second attempt, and only those do.
  const Snapshot after_reset = snapshot(world.database(), kDeadLetterWrites);
  EXPECT_EQ(after_reset.events, before.events) << "order_events";
  EXPECT_EQ(after_reset.states, before.states) << "order_states";
  EXPECT_EQ(after_reset.alerts, before.alerts) << "fraud_alerts";
  EXPECT_EQ(after_reset.errors, errors_before.errors) << "processing_errors (attempts, last_seen and write_token left out)";
  EXPECT_EQ(rows_with_other_attempts(world.database(), stored, 1), "0")
      << "dead letters whose attempts are not 1, plus 1 at or past the stored position";
  std::cout << "[ system ] replay from the stored positions: "
            << world.database().scalar("SELECT count(*) FROM processing_errors WHERE attempts = 2")
            << " dead letters past them failed again\n";

  // (2) A new group: all 20,000 events again from this test's first offset.
  // Stored events are dropped by dedup or stored-already; every dead letter
  // fails again and its row counts the second attempt (last_seen moves).
  const std::string replay_group = world.new_group("replay");
  world.run_until_drained(replay_group, "replay-new-group", ends, 180s);
  const Snapshot after_new_group = snapshot(world.database(), kDeadLetterWrites);
  EXPECT_EQ(after_new_group.events, before.events) << "order_events";
  EXPECT_EQ(after_new_group.states, before.states) << "order_states";
  EXPECT_EQ(after_new_group.alerts, before.alerts) << "fraud_alerts";
  EXPECT_EQ(after_new_group.errors, errors_before.errors) << "processing_errors (attempts, last_seen and write_token left out)";
  EXPECT_EQ(rows_with_other_attempts(world.database(), stored, 2), "0")
      << "dead letters whose attempts are not 2, plus 1 at or past the stored position";
  expect_pipeline_matches_truth(world, expected, kAttemptsNotCompared);
}

// The shared shape of (c) and (d): the engine runs while a paced producer
// sends the events; once a quarter of them is stored, `disrupt` runs; then
// the pipeline drains and must hold exactly what the truth says.
constexpr std::size_t kDisruptedEvents = 12'000;
constexpr double kDisruptedRate = 2'000;  // events/s: the run lasts about 6 s

// `felt` is a line of the engine's log that shows the pipeline met the
// disruption (a stage retrying), so a disruption that came too late or too
// early to matter fails the test instead of passing it.
template <typename Disrupt>
void run_disrupted(OrdersPipeline& world, std::uint64_t seed, Disrupt disrupt, RedisExpectation& redis,
                   const std::regex& felt) {
  const auto events = generate_events(seed, mixed_traffic(), kDisruptedEvents);
  auto engine = world.start_engine(world.group(), "run");
  BackgroundProducer producer(world, events, kDisruptedRate);
  const auto valid = static_cast<std::int64_t>(kDisruptedEvents * 0.93);
  wait_for_rows(world.database(), valid / 4, 120s);
  const std::int64_t stored_before = world.database().count("order_events");
  disrupt(redis);
  const auto deliveries = producer.finish();
  const Expectation expected = expect_from_truth(events, deliveries);
  std::cout << "[ system ] " << describe(expected, events.size()) << "; " << stored_before
            << " stored when the disruption began\n";
  EXPECT_LT(stored_before, static_cast<std::int64_t>(expected.event_ids.size())) << "the run was over before";

  world.wait_drained(*engine, world.group(), world.end_offsets(), 180s);
  const auto code = engine->stop(40s);
  ASSERT_EQ(code, 0) << "log " << engine->log_file() << ":\n" << tail(engine->log());
  EXPECT_TRUE(std::regex_search(engine->log(), felt)) << "the engine's log shows no retry: " << engine->log_file();
  expect_pipeline_matches_truth(world, expected, /*attempts=*/1, redis);
}

// (c) Redis stops (shutdown nosave: it comes back empty) for 3 s mid-run.
TEST(OrdersPipelineSystem, RedisOutageMidRunLosesNothingAndStoresNothingTwice) {
  OrdersPipeline world(stack(), "redis_outage", 3);
  RedisExpectation redis;
  run_disrupted(world, 20250603, [&](RedisExpectation& r) {
    r.restarted_empty_at_us = now_us();
    world.stack().stop_redis();
    std::this_thread::sleep_for(3s);  // the outage
    world.stack().start();
  }, redis, std::regex(R"(\[redis-cache/cache\] transient error \(attempt \d+\), retrying the batch)"));
}

// (d) PostgreSQL restarts (pg_ctl restart -m fast) mid-run. Every dead
// letter counts exactly one attempt: a dead-letter batch whose COMMIT the
// restart cut is written again with its write token, which counts nothing
// if the first COMMIT had landed (plugins/pg-dead-letter/write_token.hpp).
TEST(OrdersPipelineSystem, PostgresRestartMidRunLosesNothingAndStoresNothingTwice) {
  OrdersPipeline world(stack(), "pg_restart", 4);
  RedisExpectation redis;
  run_disrupted(
      world, 20250604, [&](RedisExpectation&) { world.stack().restart_postgres(); }, redis,
      std::regex(R"(transient error \(attempt \d+\), retrying the batch of \d+ in \d+ ms: .*postgres)"));
}

}  // namespace
}  // namespace streamline::system_tests
