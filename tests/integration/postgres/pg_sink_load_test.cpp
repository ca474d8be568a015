// Which way of loading order_events pg-sink uses: COPY of the new rows
// straight into order_events, COPY into a temporary table then INSERT ...
// SELECT, or a multi-row INSERT with parameters. All write the same rows
// (every batch is written twice: the second time stores nothing); the
// figures are printed, never asserted.

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <streamline/testing/fake_context.hpp>
#include <streamline/testing/stage_harness.hpp>

#include "pg_sink.hpp"
#include "tests/integration/postgres/pg_test_schema.hpp"

namespace streamline::testing::postgres {
namespace {

using plugins::pg_sink::LoadMethod;
using plugins::pg_sink::PgSink;
using plugins::pg_sink::PgSinkOptions;

constexpr int kBatches = 10;
constexpr int kBatchSize = 1000;

std::vector<Event> batch_of(int batch, const std::string& prefix) {
  std::vector<Event> events;
  for (int i = 0; i < kBatchSize; ++i) {
    const std::string n = std::to_string(batch * kBatchSize + i);
    Json doc = {{"event_id", prefix + n},
                {"event_type", "ORDER_CREATED"},
                {"order_id", prefix + "ord-" + n},
                {"user_id", "user-00001"},
                {"timestamp", "2025-01-01T00:00:00.000Z"},
                {"data",
                 {{"items", {{{"product_id", "prod-0001"}, {"quantity", 1}, {"price", 12.5}}}},
                  {"total_amount", 12.5},
                  {"currency", "USD"},
                  {"shipping_address", {{"street", "5 Station Road"}, {"city", "Lyon"}}},
                  {"payment_method", "paypal"}}},
                {"fraud", {{"score", 0.1}, {"decision", "approve"}, {"reasons", Json::array()}}}};
    Event e = Event::from_raw(doc.dump());
    e.origin = {"orders", 0, batch * kBatchSize + i};
    events.push_back(std::move(e));
  }
  return events;
}

std::string method_name(LoadMethod method) {
  switch (method) {
    case LoadMethod::kCopy: return "copy";
    case LoadMethod::kStagedCopy: return "staged";
    case LoadMethod::kInsert: break;
  }
  return "insert";
}

class PgSinkLoadTest : public ::testing::TestWithParam<LoadMethod> {};

TEST_P(PgSinkLoadTest, WritesThousandEventBatches) {
  if (!PgTestSchema::available()) GTEST_SKIP() << PgTestSchema::kSkipMessage;
  const std::string name = method_name(GetParam());
  PgTestSchema schema(std::string("load_") + name);
  FakeContext context("to_pg", "pg-sink");
  PgSinkOptions options{std::make_shared<plugins::postgres::PgPool>(schema.dsn(), 1), "to_pg", GetParam()};
  PgSink sink(options, context);
  sink.start();

  std::vector<std::vector<Event>> batches;
  for (int b = 0; b < kBatches; ++b) batches.push_back(batch_of(b, name));
  const auto started = std::chrono::steady_clock::now();
  for (auto& events : batches) {
    const ProcessResult r = run_processor(sink, std::move(events));
    ASSERT_EQ(r.passed.size(), static_cast<std::size_t>(kBatchSize));
  }
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  std::printf("[ figures  ] pg-sink %-6s %d batches of %d events: %.1f ms total, %.1f ms per batch, %.0f events/s\n",
              name.c_str(), kBatches, kBatchSize, ms, ms / kBatches, kBatches * kBatchSize / (ms / 1000.0));
  EXPECT_EQ(schema.count("SELECT count(*) FROM order_events"), kBatches * kBatchSize);
  EXPECT_EQ(schema.count("SELECT count(*) FROM order_states"), kBatches * kBatchSize);

  // A replay: every event passes on (stored before), nothing is written twice.
  for (int b = 0; b < kBatches; ++b) {
    const ProcessResult r = run_processor(sink, batch_of(b, name));
    ASSERT_EQ(r.passed.size(), static_cast<std::size_t>(kBatchSize));
  }
  EXPECT_EQ(context.recording_metrics().counter_value("pg_sink_rows_written_total"), kBatches * kBatchSize);
  EXPECT_EQ(context.recording_metrics().counter_value("pg_sink_duplicates_total"), kBatches * kBatchSize);
  EXPECT_EQ(schema.count("SELECT count(*) FROM order_events"), kBatches * kBatchSize);
}

INSTANTIATE_TEST_SUITE_P(Methods, PgSinkLoadTest,
                         ::testing::Values(LoadMethod::kCopy, LoadMethod::kStagedCopy, LoadMethod::kInsert),
                         [](const auto& info) { return method_name(info.param); });

}  // namespace
}  // namespace streamline::testing::postgres
