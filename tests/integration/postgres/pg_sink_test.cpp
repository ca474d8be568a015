// pg-sink against a real PostgreSQL (PG_DSN), each test in its own schema.

#include <chrono>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <pqxx/connection>
#include <pqxx/transaction>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <streamline/errors.hpp>
#include <streamline/testing/plugin_harness.hpp>
#include <streamline/testing/stage_harness.hpp>

#include "tests/integration/postgres/pg_test_schema.hpp"
#include "tests/unit/plugins/shared_plugin.hpp"

namespace streamline::testing::postgres {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

Event order_event(const std::string& event_id, const std::string& type, const std::string& order_id,
                  std::int64_t offset, const std::string& timestamp = "2025-01-01T00:00:00.000Z") {
  Json doc = {{"event_id", event_id},
              {"event_type", type},
              {"order_id", order_id},
              {"user_id", "user-00001"},
              {"timestamp", timestamp},
              {"data",
               {{"items", {{{"product_id", "prod-0001"}, {"quantity", 2}, {"price", 10.5}}}},
                {"total_amount", 21.0},
                {"currency", "EUR"}}}};
  Event e = Event::from_raw(doc.dump());
  e.origin = {"orders", 3, offset};
  return e;
}

std::vector<Event> created_events(int n, std::int64_t first_offset = 0) {
  std::vector<Event> events;
  for (int i = 0; i < n; ++i)
    events.push_back(order_event("ev-" + std::to_string(i), "ORDER_CREATED", "ord-" + std::to_string(i),
                                 first_offset + i));
  return events;
}

class PgSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!PgTestSchema::available()) GTEST_SKIP() << PgTestSchema::kSkipMessage;
    schema_ = std::make_unique<PgTestSchema>(
        ::testing::UnitTest::GetInstance()->current_test_info()->name());
  }

  std::unique_ptr<Sink> sink(Json extra = Json::object()) {
    Json config = {{"dsn", schema_->dsn()}};
    config.update(extra);
    auto s = harness_.create_sink(config);
    s->start();
    return s;
  }

  std::int64_t count(const std::string& sql) { return schema_->count(sql); }

  // How often the sink asked which ids were stored, how often its COPY met
  // one it had not asked about, and how many events were stored already.
  void expect_lookups_conflicts_duplicates(double lookups, double conflicts, double duplicates) {
    const auto& metrics = harness_.context().recording_metrics();
    EXPECT_EQ(metrics.counter_value("pg_sink_id_lookups_total"), lookups);
    EXPECT_EQ(metrics.counter_value("pg_sink_copy_conflicts_total"), conflicts);
    EXPECT_EQ(metrics.counter_value("pg_sink_duplicates_total"), duplicates);
  }

  SharedPlugin shared_{"pg-sink"};
  PluginHarness harness_{shared_.plugin(), "to_pg", "pg-sink"};
  std::unique_ptr<PgTestSchema> schema_;
};

TEST_F(PgSinkTest, WritesEachEventOnceAndABatchTwiceChangesNothing) {
  auto s = sink();
  ProcessResult first = run_processor(*s, created_events(120));
  EXPECT_EQ(first.passed.size(), 120u);
  EXPECT_TRUE(first.failed.empty());
  EXPECT_EQ(count("SELECT count(*) FROM order_events"), 120);

  ProcessResult again = run_processor(*s, created_events(120));
  EXPECT_EQ(again.passed.size(), 120u);
  EXPECT_EQ(count("SELECT count(*) FROM order_events"), 120);
  EXPECT_EQ(count("SELECT count(*) FROM order_states"), 120);
  EXPECT_EQ(harness_.context().recording_metrics().counter_value("pg_sink_rows_written_total"), 120);
  EXPECT_EQ(harness_.context().recording_metrics().counter_value("pg_sink_duplicates_total"), 120);
}

// The COPY skips ids already stored; an id another writer stores after that
// lookup (a second engine during a rebalance) must neither fail the batch nor
// be counted as ours.
TEST_F(PgSinkTest, AnIdAnotherWriterStoresDuringTheBatchIsADuplicateNotAFailure) {
  auto s = sink();
  pqxx::connection other(schema_->dsn());
  pqxx::work other_tx(other);
  other_tx.exec(
      "INSERT INTO order_events (event_id, event_type, order_id, \"timestamp\", payload) "
      "VALUES ('ev-1', 'ORDER_CREATED', 'ord-1', now(), '{}')");
  // The sink's COPY of ev-1 waits on the uncommitted row, then meets the
  // unique violation once it commits.
  std::jthread commit_later([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    other_tx.commit();
  });
  const ProcessResult r = run_processor(*s, created_events(3));
  commit_later.join();
  EXPECT_EQ(r.passed.size(), 3u);
  EXPECT_TRUE(r.failed.empty());
  EXPECT_EQ(schema_->count("SELECT count(*) FROM order_events"), 3);
  EXPECT_EQ(schema_->count("SELECT count(*) FROM order_events WHERE payload = '{}'"), 1);
  EXPECT_EQ(harness_.context().recording_metrics().counter_value("pg_sink_rows_written_total"), 2);
  EXPECT_EQ(harness_.context().recording_metrics().counter_value("pg_sink_duplicates_total"), 1);
  // Only orders whose event this batch stored moved.
  EXPECT_EQ(schema_->count("SELECT count(*) FROM order_states"), 2);
}

TEST_F(PgSinkTest, AReSendOfAnEventThisInstanceStoredIsSkippedWithoutALookup) {
  auto s = sink();
  run_processor(*s, created_events(3));
  std::vector<Event> next;
  next.push_back(order_event("ev-1", "ORDER_CREATED", "ord-1", 3));  // dedup let it through: in flight
  next.push_back(order_event("ev-3", "ORDER_CREATED", "ord-3", 4));
  const ProcessResult r = run_processor(*s, std::move(next));
  EXPECT_EQ(r.passed.size(), 2u);
  EXPECT_TRUE(r.failed.empty());
  // Only the first batch asked (a new instance may follow a crashed one).
  expect_lookups_conflicts_duplicates(1, 0, 1);
  EXPECT_EQ(harness_.context().recording_metrics().counter_value("pg_sink_rows_written_total"), 4);
  EXPECT_EQ(count("SELECT count(*) FROM order_events"), 4);
}

TEST_F(PgSinkTest, AStoredIdTheInstanceDidNotWriteFailsTheCopyAndTheBatchIsWrittenAgainAfterALookup) {
  auto s = sink();
  run_processor(*s, created_events(2));
  pqxx::connection other(schema_->dsn());
  pqxx::work other_tx(other);
  other_tx.exec(
      "INSERT INTO order_events (event_id, event_type, order_id, \"timestamp\", payload) "
      "VALUES ('ev-5', 'ORDER_CREATED', 'ord-5', now(), '{}')");
  other_tx.commit();

  std::vector<Event> batch;
  batch.push_back(order_event("ev-5", "ORDER_CREATED", "ord-5", 2));
  batch.push_back(order_event("ev-6", "ORDER_CREATED", "ord-6", 3));
  const ProcessResult r = run_processor(*s, std::move(batch));
  EXPECT_EQ(r.passed.size(), 2u);
  EXPECT_TRUE(r.failed.empty());
  expect_lookups_conflicts_duplicates(2, 1, 1);
  EXPECT_EQ(count("SELECT count(*) FROM order_events"), 4);
  EXPECT_EQ(count("SELECT count(*) FROM order_events WHERE payload = '{}'"), 1);
  // ev-5's order moved with the writer that stored it, not here.
  EXPECT_EQ(count("SELECT count(*) FROM order_states"), 3);

  // It found a stored id it did not know: the next batch asks first, and
  // the one after, which found none, no longer does.
  run_processor(*s, created_events(1, 4));  // ev-0 again: known, skipped
  run_processor(*s, {order_event("ev-7", "ORDER_CREATED", "ord-7", 5)});
  run_processor(*s, {order_event("ev-8", "ORDER_CREATED", "ord-8", 6)});
  expect_lookups_conflicts_duplicates(3, 1, 2);
  EXPECT_EQ(count("SELECT count(*) FROM order_events"), 6);
}

TEST_F(PgSinkTest, WithRecentIdsZeroEveryBatchLooksItsIdsUp) {
  auto s = sink({{"recent_ids", 0}});
  run_processor(*s, created_events(2));
  run_processor(*s, created_events(2));  // a replay: found by the lookup, nothing fails
  run_processor(*s, {order_event("ev-9", "ORDER_CREATED", "ord-9", 2)});
  expect_lookups_conflicts_duplicates(3, 0, 2);
  EXPECT_EQ(count("SELECT count(*) FROM order_events"), 3);
}

TEST_F(PgSinkTest, MapsEveryColumn) {
  auto s = sink();
  Json doc = {{"event_id", "ev-1"},
              {"event_type", "ORDER_CREATED"},
              {"order_id", "ord-1"},
              {"user_id", "user-00042"},
              {"timestamp", "2025-03-04T05:06:07.250+02:00"},
              {"data", {{"items", Json::array({1, 2, 3})}, {"total_amount", 99.95}, {"currency", "USD"}}}};
  const Json produced = doc;
  Event e = Event::from_json(doc);
  // What the enrich and fraud stages add: columns of their own, not the payload.
  // A note whose JSON text holds backslashes, which COPY escapes again.
  e.mutable_json()["enrichment"] = {{"user", {{"tier", "gold"}, {"note", "say \"hi\"\\\n\tcaf\xc3\xa9"}}}};
  e.mutable_json()["fraud"] = {{"score", 0.75}, {"decision", "review"}, {"reasons", {"velocity", "new_account"}}};
  e.origin = {"orders", 5, 77};
  run_processor(*s, {e});
  // The payload column keeps the event as produced.
  const auto r = schema_->query(
      "SELECT event_type, order_id, user_id, to_char(\"timestamp\" AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS'), "
      "payload = $j$" + produced.dump() + "$j$::jsonb, enrichment->'user'->>'tier', fraud_score, fraud_decision, "
      "array_to_string(fraud_reasons, ','), source_topic, source_partition, source_offset, "
      "enrichment->'user'->>'note' FROM order_events");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0][0].as<std::string>(), "ORDER_CREATED");
  EXPECT_EQ(r[0][1].as<std::string>(), "ord-1");
  EXPECT_EQ(r[0][2].as<std::string>(), "user-00042");
  EXPECT_EQ(r[0][3].as<std::string>(), "2025-03-04 03:06:07.250");
  EXPECT_TRUE(r[0][4].as<bool>());
  EXPECT_EQ(r[0][5].as<std::string>(), "gold");
  EXPECT_FLOAT_EQ(r[0][6].as<float>(), 0.75f);
  EXPECT_EQ(r[0][7].as<std::string>(), "review");
  EXPECT_EQ(r[0][8].as<std::string>(), "velocity,new_account");
  EXPECT_EQ(r[0][9].as<std::string>(), "orders");
  EXPECT_EQ(r[0][10].as<int>(), 5);
  EXPECT_EQ(r[0][11].as<std::int64_t>(), 77);
  EXPECT_EQ(r[0][12].as<std::string>(), "say \"hi\"\\\n\tcaf\xc3\xa9");
  const auto state = schema_->query(
      "SELECT status, sequence, total_amount::text, currency, item_count, fraud_decision FROM order_states");
  ASSERT_EQ(state.size(), 1u);
  EXPECT_EQ(state[0][0].as<std::string>(), "CREATED");
  EXPECT_EQ(state[0][1].as<int>(), 1);
  EXPECT_EQ(state[0][2].as<std::string>(), "99.95");
  EXPECT_EQ(state[0][3].as<std::string>(), "USD");
  EXPECT_EQ(state[0][4].as<int>(), 3);
  EXPECT_EQ(state[0][5].as<std::string>(), "review");
}

TEST_F(PgSinkTest, OrderStatesFollowTheLifecycleInBatchOrder) {
  auto s = sink();
  ProcessResult first = run_processor(*s, {order_event("a1", "ORDER_CREATED", "A", 0, "2025-01-01T00:00:00Z"),
                                           order_event("b1", "ORDER_CREATED", "B", 1, "2025-01-01T00:00:01Z"),
                                           order_event("a2", "ORDER_PAID", "A", 2, "2025-01-01T00:01:00Z"),
                                           order_event("a3", "ORDER_SHIPPED", "A", 3, "2025-01-01T00:02:00Z"),
                                           order_event("b2", "ORDER_CANCELLED", "B", 4, "2025-01-01T00:03:00Z"),
                                           order_event("c1", "ORDER_CREATED", "C", 5, "2025-01-01T00:04:00Z")});
  EXPECT_EQ(first.passed.size(), 6u);
  EXPECT_TRUE(first.failed.empty());
  ProcessResult second = run_processor(*s, {order_event("a4", "ORDER_DELIVERED", "A", 6, "2025-01-02T00:00:00Z"),
                                            order_event("c2", "ORDER_PAID", "C", 7, "2025-01-02T00:00:01Z")});
  EXPECT_EQ(second.passed.size(), 2u);

  const auto r = schema_->query(
      "SELECT order_id || ' ' || status || ' ' || sequence || ' ' || last_event_id || ' ' || "
      "to_char(created_at AT TIME ZONE 'UTC', 'HH24:MI:SS') || ' ' || to_char(updated_at AT TIME ZONE 'UTC', "
      "'DD HH24:MI:SS') FROM order_states ORDER BY order_id");
  std::vector<std::string> rows;
  for (const auto& row : r) rows.push_back(row[0].as<std::string>());
  EXPECT_THAT(rows, ElementsAre("A DELIVERED 4 a4 00:00:00 02 00:00:00", "B CANCELLED 5 b2 00:00:01 01 00:03:00",
                                "C PAID 2 c2 00:04:00 02 00:00:01"));
}

TEST_F(PgSinkTest, AnInvalidTransitionIsStoredButFailsExactlyThatEvent) {
  auto s = sink();
  run_processor(*s, {order_event("c1", "ORDER_CREATED", "C", 0), order_event("c2", "ORDER_CANCELLED", "C", 1),
                     order_event("d1", "ORDER_CREATED", "D", 2), order_event("d2", "ORDER_PAID", "D", 3)});
  ProcessResult r = run_processor(*s, {order_event("x1", "ORDER_PAID", "X", 4),
                                       order_event("c3", "ORDER_SHIPPED", "C", 5),
                                       order_event("d3", "ORDER_SHIPPED", "D", 6),
                                       order_event("d0", "ORDER_CREATED", "D", 7),
                                       order_event("e1", "ORDER_CREATED", "E", 8)});
  EXPECT_THAT(reasons_of(r.failed), ElementsAre("invalid transition none -> PAID for order X",
                                                "invalid transition CANCELLED -> SHIPPED for order C",
                                                "invalid transition SHIPPED -> CREATED for order D"));
  EXPECT_EQ(r.passed.size(), 2u);
  EXPECT_EQ(count("SELECT count(*) FROM order_events"), 9);  // invalid transitions are valid events
  EXPECT_EQ(count("SELECT count(*) FROM order_states WHERE order_id = 'X'"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM order_states WHERE order_id = 'C' AND status = 'CANCELLED'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM order_states WHERE order_id = 'D' AND status = 'SHIPPED'"), 1);
  EXPECT_EQ(harness_.context().recording_metrics().counter_value("pg_sink_invalid_transitions_total"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM order_events WHERE rejected IS NOT NULL"), 3);
}

// An engine killed after the store refused an event but before its dead
// letter was written reads it again: stored already, it fails again with the
// reason kept in order_events.rejected, so its dead letter is not lost.
TEST_F(PgSinkTest, AReplayedInvalidTransitionFailsAgainWithItsReason) {
  auto s = sink();
  run_processor(*s, {order_event("c1", "ORDER_CREATED", "C", 0), order_event("c2", "ORDER_CANCELLED", "C", 1)});
  const ProcessResult first = run_processor(*s, {order_event("c3", "ORDER_SHIPPED", "C", 2)});
  ASSERT_THAT(reasons_of(first.failed), ElementsAre("invalid transition CANCELLED -> SHIPPED for order C"));
  const ProcessResult replay = run_processor(*s, {order_event("c2", "ORDER_CANCELLED", "C", 1),
                                                  order_event("c3", "ORDER_SHIPPED", "C", 2)});
  EXPECT_THAT(reasons_of(replay.failed), ElementsAre("invalid transition CANCELLED -> SHIPPED for order C"));
  ASSERT_EQ(replay.passed.size(), 1u);
  EXPECT_EQ(replay.passed[0].json().at("order_state").at("status"), "CANCELLED");
  EXPECT_EQ(count("SELECT count(*) FROM order_events"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM order_events WHERE rejected IS NOT NULL"), 1);
  EXPECT_EQ(harness_.context().recording_metrics().counter_value("pg_sink_invalid_transitions_total"), 2);
}

TEST_F(PgSinkTest, MalformedEventsFailWithExactReasonsAndTheRestCommits) {
  auto s = sink();
  std::vector<Event> events = created_events(3);
  auto with = [](Json doc) { return Event::from_json(std::move(doc)); };
  Json good = created_events(1)[0].json();
  Json no_order = good;
  no_order.erase("order_id");
  no_order["event_id"] = "m1";
  Json bad_time = good;
  bad_time["event_id"] = "m2";
  bad_time["timestamp"] = "2025-02-30T00:00:00Z";
  Json no_type = good;
  no_type["event_id"] = "m3";
  no_type.erase("event_type");
  Json no_amount = good;
  no_amount["event_id"] = "m4";
  no_amount["data"].erase("total_amount");
  events.push_back(with(no_order));
  events.push_back(with(bad_time));
  events.push_back(with(no_type));
  events.push_back(with(no_amount));
  events.push_back(Event::from_raw("{\"event_id\": \"m5\", "));
  ProcessResult r = run_processor(*s, std::move(events));
  const std::vector<std::string> reasons = reasons_of(r.failed);
  ASSERT_EQ(reasons.size(), 5u);
  EXPECT_EQ(reasons[0], "missing field 'order_id'");
  EXPECT_EQ(reasons[1], "bad timestamp '2025-02-30T00:00:00Z' in field 'timestamp'");
  EXPECT_EQ(reasons[2], "missing field 'event_type'");
  EXPECT_EQ(reasons[3], "missing field 'data.total_amount'");
  EXPECT_THAT(reasons[4], ::testing::StartsWith("payload is not valid JSON: "));
  EXPECT_EQ(r.passed.size(), 3u);
  EXPECT_EQ(count("SELECT count(*) FROM order_events"), 3);
}

TEST_F(PgSinkTest, SqlLookingStringsAreStoredVerbatim) {
  auto s = sink();
  const std::string nasty_order = "o'); DROP TABLE order_events; --";
  const std::string nasty_user = "u\"\\\t\n$1 E'\\x00' \\N";
  Json doc = order_event("ev'1", "ORDER_CREATED", nasty_order, 0).json();
  doc["user_id"] = nasty_user;
  run_processor(*s, {Event::from_json(doc)});
  const auto r = schema_->query("SELECT event_id, order_id, user_id, payload->>'user_id' FROM order_events");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0][0].as<std::string>(), "ev'1");
  EXPECT_EQ(r[0][1].as<std::string>(), nasty_order);
  EXPECT_EQ(r[0][2].as<std::string>(), nasty_user);
  EXPECT_EQ(r[0][3].as<std::string>(), nasty_user);
  EXPECT_EQ(count("SELECT count(*) FROM order_states WHERE user_id = (SELECT user_id FROM order_events)"), 1);
}

TEST_F(PgSinkTest, WritesTheBatchPositionsToSinkOffsets) {
  auto s = sink({{"consumer", "orders-to-pg"}});
  std::vector<Event> events = created_events(5, 100);
  events[4].origin = {"orders", 1, 9};
  run_processor(*s, std::move(events));
  run_processor(*s, created_events(2, 50));  // older positions never move it back
  const auto r = schema_->query(
      "SELECT consumer || ' ' || topic || ' ' || partition || ' ' || next_offset FROM sink_offsets ORDER BY 1");
  std::vector<std::string> rows;
  for (const auto& row : r) rows.push_back(row[0].as<std::string>());
  EXPECT_THAT(rows, ElementsAre("orders-to-pg orders 1 10", "orders-to-pg orders 3 104"));

  auto default_consumer = sink();
  run_processor(*default_consumer, created_events(1, 500));
  EXPECT_EQ(count("SELECT next_offset FROM sink_offsets WHERE consumer = 'to_pg' AND partition = 3"), 501);
}

TEST_F(PgSinkTest, PositionsGoUnderTheSourcesConsumerAndSkipFailedEvents) {
  harness_.context().set_positions_consumer("orders-pipeline");
  auto s = sink({{"consumer", "fallback"}});
  std::vector<Event> events = created_events(3, 10);
  // Offset 12 pays an order that does not exist: stored but failed, so the
  // position stops before it (its dead letter is not written yet).
  events[2] = order_event("ev-paid", "ORDER_PAID", "ord-missing", 12);
  const ProcessResult r = run_processor(*s, std::move(events));
  ASSERT_EQ(r.failed.size(), 1u);
  EXPECT_EQ(count("SELECT next_offset FROM sink_offsets WHERE consumer = 'orders-pipeline' AND partition = 3"), 12);
  EXPECT_EQ(count("SELECT count(*) FROM sink_offsets WHERE consumer = 'fallback'"), 0);
}

// concurrency: 2 with partition_by: key (orders.yaml): two instances commit
// at once, each its own orders, both moving the same partitions' positions.
// Neither fails nor deadlocks, every event is stored once, and the stored
// positions end at the highest either wrote.
TEST_F(PgSinkTest, TwoInstancesWritingAtOnceStoreEverythingOnceAndKeepTheHighestPositions) {
  constexpr int kBatches = 30;
  constexpr int kPerBatch = 40;
  constexpr int kPartitions = 4;
  auto instance_events = [&](const std::string& prefix, int batch, int parity) {
    std::vector<Event> events;
    for (int i = 0; i < kPerBatch; ++i) {
      const int n = batch * kPerBatch + i;
      Event e = order_event(prefix + "-ev-" + std::to_string(n), "ORDER_CREATED", prefix + "-ord-" + std::to_string(n),
                            0);
      // The instances interleave on every partition: one the even offsets, the other the odd.
      e.origin = {"orders", n % kPartitions, 2 * (n / kPartitions) + parity};
      events.push_back(std::move(e));
    }
    return events;
  };
  auto a = sink();
  auto b = sink();
  std::vector<std::string> errors;
  std::mutex errors_mutex;
  auto write_all = [&](Sink& s, const std::string& prefix, int parity) {
    for (int batch = 0; batch < kBatches; ++batch) {
      try {
        const ProcessResult r = run_processor(s, instance_events(prefix, batch, parity));
        if (!r.failed.empty() || r.passed.size() != static_cast<std::size_t>(kPerBatch))
          throw std::runtime_error("batch " + std::to_string(batch) + " did not pass whole");
      } catch (const std::exception& e) {
        std::lock_guard lock(errors_mutex);
        errors.push_back(prefix + ": " + e.what());
      }
    }
  };
  {
    std::jthread first([&] { write_all(*a, "a", 0); });
    std::jthread second([&] { write_all(*b, "b", 1); });
  }
  EXPECT_THAT(errors, ::testing::IsEmpty());
  EXPECT_EQ(count("SELECT count(*) FROM order_events"), 2 * kBatches * kPerBatch);
  EXPECT_EQ(count("SELECT count(*) FROM order_states WHERE status = 'CREATED'"), 2 * kBatches * kPerBatch);
  // Per partition: the last offset of the odd instance, plus one.
  const std::int64_t per_partition = kBatches * kPerBatch / kPartitions;
  const auto r = schema_->query("SELECT partition, next_offset FROM sink_offsets ORDER BY partition");
  ASSERT_EQ(r.size(), static_cast<std::size_t>(kPartitions));
  for (const auto& row : r) EXPECT_EQ(row[1].as<std::int64_t>(), 2 * (per_partition - 1) + 1 + 1) << row[0].c_str();
}

TEST_F(PgSinkTest, WritesFraudAlertsOnceForReviewAndBlock) {
  auto s = sink();
  std::vector<Event> events;
  const char* decisions[] = {"approve", "review", "block"};
  for (int i = 0; i < 3; ++i) {
    Json doc = order_event("ev-" + std::to_string(i), "ORDER_CREATED", "ord-" + std::to_string(i), i).json();
    doc["fraud"] = {{"score", 0.25 * (i + 1)}, {"decision", decisions[i]}, {"reasons", {"model_score"}}};
    if (i == 2) doc["fraud"]["score"] = nullptr;  // the model could not score
    Event e = Event::from_json(doc);
    e.origin = {"orders", 0, i};
    events.push_back(e);
  }
  run_processor(*s, events);
  run_processor(*s, events);  // a replay adds nothing
  const auto r = schema_->query(
      "SELECT event_id || ' ' || order_id || ' ' || user_id || ' ' || coalesce(score::text, 'null') || ' ' || "
      "decision || ' ' || array_to_string(reasons, ',') FROM fraud_alerts ORDER BY event_id");
  std::vector<std::string> rows;
  for (const auto& row : r) rows.push_back(row[0].as<std::string>());
  EXPECT_THAT(rows, ElementsAre("ev-1 ord-1 user-00001 0.5 review model_score",
                                "ev-2 ord-2 user-00001 null block model_score"));
  EXPECT_EQ(harness_.context().recording_metrics().counter_value("pg_sink_fraud_alerts_total"), 2);
}

TEST_F(PgSinkTest, TheLastAppliedEventOfEachOrderCarriesItsCommittedState) {
  auto s = sink();
  run_processor(*s, {order_event("c", "ORDER_CREATED", "A", 0, "2025-01-01T00:00:00.000Z")});
  const ProcessResult r = run_processor(*s, {order_event("p", "ORDER_PAID", "A", 1, "2025-01-01T00:01:00.000Z"),
                                             order_event("s", "ORDER_SHIPPED", "A", 2, "2025-01-01T00:02:00.000Z"),
                                             order_event("c2", "ORDER_CREATED", "B", 3)});
  ASSERT_EQ(r.passed.size(), 3u);
  EXPECT_FALSE(r.passed[0].json().contains("order_state")) << "only the last applied event of an order";
  const Json& a = r.passed[1].json().at("order_state");
  EXPECT_EQ(a.at("order_id"), "A");
  EXPECT_EQ(a.at("status"), "SHIPPED");
  EXPECT_EQ(a.at("sequence"), 3);
  EXPECT_EQ(a.at("user_id"), "user-00001");
  EXPECT_EQ(a.at("total_amount"), 21.0);
  EXPECT_EQ(a.at("item_count"), 1);
  EXPECT_EQ(a.at("last_event_id"), "s");
  EXPECT_EQ(r.passed[2].json().at("order_state").at("status"), "CREATED");
}

// A replay after a crash (events stored already) moves nothing, but the last
// replayed event of each order carries the order's state as stored: the cache
// after the store may have missed it when the engine died.
TEST_F(PgSinkTest, AReplayedEventCarriesItsOrdersStoredState) {
  auto s = sink();
  run_processor(*s, {order_event("c", "ORDER_CREATED", "A", 0), order_event("p", "ORDER_PAID", "A", 1),
                     order_event("s", "ORDER_SHIPPED", "A", 2), order_event("c2", "ORDER_CREATED", "B", 3)});
  const ProcessResult again = run_processor(
      *s, {order_event("p", "ORDER_PAID", "A", 1), order_event("c", "ORDER_CREATED", "A", 0),
           order_event("c2", "ORDER_CREATED", "B", 3), order_event("b2", "ORDER_PAID", "B", 4)});
  ASSERT_EQ(again.passed.size(), 4u);
  EXPECT_FALSE(again.passed[0].json().contains("order_state")) << "only the last replayed event of an order";
  const Json& a = again.passed[1].json().at("order_state");
  EXPECT_EQ(a.at("status"), "SHIPPED") << "the stored state, not the replayed event's";
  EXPECT_EQ(a.at("sequence"), 3);
  EXPECT_EQ(a.at("last_event_id"), "s");
  // B moved in this batch: the new event carries the new state, the replayed one nothing.
  EXPECT_FALSE(again.passed[2].json().contains("order_state"));
  EXPECT_EQ(again.passed[3].json().at("order_state").at("status"), "PAID");
  EXPECT_EQ(count("SELECT count(*) FROM order_events"), 5);
  EXPECT_EQ(harness_.context().recording_metrics().counter_value("pg_sink_duplicates_total"), 3);
}

TEST_F(PgSinkTest, ALostConnectionIsTransientAndTheRetryWritesNothingTwice) {
  auto s = sink();
  run_processor(*s, created_events(10));
  EXPECT_EQ(schema_->terminate_stage_sessions(), 1);

  std::vector<Event> next = created_events(20);  // 10 already written, 10 new
  EXPECT_THROW(run_processor(*s, next), TransientError);
  EXPECT_EQ(count("SELECT count(*) FROM order_events"), 10);
  ProcessResult retried = run_processor(*s, next);
  EXPECT_EQ(retried.passed.size(), 20u);
  EXPECT_EQ(count("SELECT count(*) FROM order_events"), 20);
  EXPECT_EQ(count("SELECT count(DISTINCT event_id) FROM order_events"), 20);
}

TEST_F(PgSinkTest, StartThrowsTransientWhenPostgresDoesNotAnswer) {
  auto s = harness_.create_sink({{"dsn", "postgresql://nobody:hunter2@127.0.0.1:1/none?connect_timeout=2"}});
  try {
    s->start();
    FAIL() << "start() did not throw";
  } catch (const TransientError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("postgresql://nobody:***@127.0.0.1:1/none"));
    EXPECT_THAT(e.what(), ::testing::Not(::testing::HasSubstr("hunter2")));
  }
}

}  // namespace
}  // namespace streamline::testing::postgres
