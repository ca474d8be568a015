// pg-dead-letter against a real PostgreSQL (PG_DSN), in a schema of its own.

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <streamline/errors.hpp>
#include <streamline/testing/plugin_harness.hpp>
#include <streamline/testing/stage_harness.hpp>

#include <pqxx/connection>
#include <pqxx/transaction>

#include "dead_letter_upsert.hpp"
#include "tests/integration/postgres/pg_test_schema.hpp"
#include "tests/unit/plugins/shared_plugin.hpp"

namespace streamline::testing::postgres {
namespace {

using ::testing::ElementsAre;

Event failed_event(std::string raw, Origin origin, std::string error) {
  Event e = Event::from_raw(std::move(raw));
  e.origin = std::move(origin);
  e.failure = Failure{"to_pg", std::move(error), 3};
  return e;
}

class PgDeadLetterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!PgTestSchema::available()) GTEST_SKIP() << PgTestSchema::kSkipMessage;
    schema_ = std::make_unique<PgTestSchema>(::testing::UnitTest::GetInstance()->current_test_info()->name());
  }

  SharedPlugin shared_{"pg-dead-letter"};
  PluginHarness harness_{shared_.plugin(), "dead", "pg-dead-letter"};
  std::unique_ptr<PgTestSchema> schema_;
};

TEST_F(PgDeadLetterTest, FailedEventsBecomeRowsAndAReplayBumpsAttempts) {
  auto sink = harness_.create_sink({{"dsn", schema_->dsn()}});
  sink->start();
  auto batch = [] {
    return std::vector<Event>{
        failed_event(R"({"event_id":"ev-9","order_id":"X"})", {"orders", 2, 41},
                     "invalid transition none -> PAID for order X"),
        failed_event(std::string("not json \xff\xfe end", 15), {}, "payload is not valid JSON: ..."),
        failed_event("{'python': 'dict'}", {"orders", 0, 7}, "payload is not valid JSON: syntax error"),
    };
  };
  ProcessResult first = run_processor(*sink, batch());
  EXPECT_EQ(first.passed.size(), 3u);
  ProcessResult replay = run_processor(*sink, batch());
  EXPECT_EQ(replay.passed.size(), 3u);

  const auto r = schema_->query(
      "SELECT error_key, stage, error, raw_payload, coalesce(event_id, '-'), coalesce(source_topic, '-'), "
      "coalesce(source_partition, -1), coalesce(source_offset, -1), attempts, last_seen >= first_seen "
      "FROM processing_errors ORDER BY source_offset NULLS LAST");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0][0].as<std::string>(), "orders:0:7");
  EXPECT_EQ(r[0][3].as<std::string>(), "{'python': 'dict'}");
  EXPECT_EQ(r[0][4].as<std::string>(), "-");
  EXPECT_EQ(r[1][0].as<std::string>(), "orders:2:41");
  EXPECT_EQ(r[1][1].as<std::string>(), "to_pg");
  EXPECT_EQ(r[1][2].as<std::string>(), "invalid transition none -> PAID for order X");
  EXPECT_EQ(r[1][3].as<std::string>(), R"({"event_id":"ev-9","order_id":"X"})");
  EXPECT_EQ(r[1][4].as<std::string>(), "ev-9");
  EXPECT_EQ(r[1][5].as<std::string>(), "orders");
  EXPECT_EQ(r[1][6].as<int>(), 2);
  EXPECT_EQ(r[1][7].as<std::int64_t>(), 41);
  // No origin: keyed by the payload's hash; not UTF-8: hex-escaped, and said so.
  EXPECT_THAT(r[2][0].as<std::string>(), ::testing::StartsWith("payload-md5:"));
  EXPECT_EQ(r[2][3].as<std::string>(), "\\x6e6f74206a736f6e20fffe20656e64");
  EXPECT_EQ(r[2][2].as<std::string>(),
            "payload is not valid JSON: ... (raw payload is not valid UTF-8 text: stored hex-escaped)");
  EXPECT_EQ(r[2][5].as<std::string>(), "-");
  for (const auto& row : r) {
    EXPECT_EQ(row[8].as<int>(), 2) << row[0].as<std::string>();
    EXPECT_TRUE(row[9].as<bool>());
  }
}

// One statement per batch: a key that repeats inside the batch is one row
// whose attempts count every occurrence, with the last failure's reason.
TEST_F(PgDeadLetterTest, AKeyRepeatedWithinABatchIsOneRowCountingEveryAttempt) {
  auto sink = harness_.create_sink({{"dsn", schema_->dsn()}});
  sink->start();
  run_processor(*sink, {failed_event("{}", {"orders", 1, 5}, "first reason"),
                        failed_event("no origin", {}, "unreadable"),
                        failed_event("{}", {"orders", 1, 6}, "other offset"),
                        failed_event("no origin", {}, "unreadable again"),
                        failed_event("{}", {"orders", 1, 5}, "second reason")});
  run_processor(*sink, {failed_event("{}", {"orders", 1, 5}, "third reason")});
  const auto r = schema_->query(
      "SELECT error_key, error, attempts FROM processing_errors ORDER BY source_offset NULLS LAST");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0][0].as<std::string>(), "orders:1:5");
  EXPECT_EQ(r[0][1].as<std::string>(), "third reason");
  EXPECT_EQ(r[0][2].as<int>(), 3);
  EXPECT_EQ(r[1][0].as<std::string>(), "orders:1:6");
  EXPECT_EQ(r[1][2].as<int>(), 1);
  EXPECT_THAT(r[2][0].as<std::string>(), ::testing::StartsWith("payload-md5:"));
  EXPECT_EQ(r[2][1].as<std::string>(), "unreadable again");
  EXPECT_EQ(r[2][2].as<int>(), 2);
  EXPECT_EQ(harness_.context().recording_metrics().counter_value("pg_dead_letter_recorded_total"), 6);
}

TEST_F(PgDeadLetterTest, ALostConnectionIsTransientAndTheRetryRecordsOnce) {
  auto sink = harness_.create_sink({{"dsn", schema_->dsn()}});
  sink->start();
  run_processor(*sink, {failed_event("{}", {"orders", 0, 1}, "boom")});
  EXPECT_EQ(schema_->terminate_stage_sessions(), 1);
  EXPECT_THROW(run_processor(*sink, {failed_event("{}", {"orders", 0, 2}, "boom")}), TransientError);
  run_processor(*sink, {failed_event("{}", {"orders", 0, 2}, "boom")});
  EXPECT_EQ(schema_->count("SELECT count(*) FROM processing_errors"), 2);
  EXPECT_EQ(schema_->count("SELECT sum(attempts) FROM processing_errors"), 2);
}

// A COMMIT cut by a restart leaves the stage in doubt; it writes the same
// batch again with the same write token. If the first COMMIT had landed, the
// second write must not count the failures again; a new write does.
TEST_F(PgDeadLetterTest, WritingABatchAgainWithItsTokenDoesNotCountItTwice) {
  Batch batch;
  batch.add(failed_event("{}", {"orders", 3, 30}, "boom"));
  batch.add(failed_event("{}", {"orders", 3, 31}, "bang"));
  batch.add(failed_event("{}", {"orders", 3, 30}, "boom again"));
  auto write = [&](const std::string& token) {
    pqxx::connection connection(schema_->dsn());
    pqxx::work tx(connection);
    plugins::pg_dead_letter::upsert_dead_letters(tx, batch, token);
    tx.commit();
  };
  auto attempts = [&] {
    std::vector<int> out;
    for (const auto& row : schema_->query("SELECT attempts FROM processing_errors ORDER BY source_offset"))
      out.push_back(row[0].as<int>());
    return out;
  };
  write("write-1");
  EXPECT_THAT(attempts(), ElementsAre(2, 1));
  write("write-1");  // the in-doubt retry of a write that had landed
  EXPECT_THAT(attempts(), ElementsAre(2, 1));
  write("write-2");  // the same failures in a new write: a replay
  EXPECT_THAT(attempts(), ElementsAre(4, 2));
  // Rows stored before write tokens existed count every write.
  schema_->query("UPDATE processing_errors SET write_token = NULL");
  write("write-2");
  EXPECT_THAT(attempts(), ElementsAre(6, 3));
}

}  // namespace
}  // namespace streamline::testing::postgres
