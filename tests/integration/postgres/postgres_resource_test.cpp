// The `postgres` resource plugin, and the PostgreSQL stages sharing it.

#include <memory>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <streamline/testing/plugin_harness.hpp>
#include <streamline/testing/stage_harness.hpp>

#include "postgres/dsn.hpp"
#include "postgres/postgres_resource.hpp"
#include "tests/integration/postgres/pg_test_schema.hpp"
#include "tests/unit/plugins/shared_plugin.hpp"

namespace streamline::testing::postgres {
namespace {

using plugins::postgres::PostgresResource;
using plugins::postgres::redact_dsn;

TEST(PgDsnTest, RedactsThePasswordInEveryForm) {
  EXPECT_EQ(redact_dsn("postgresql://app:s3cr%40t@db:5432/orders?sslmode=require"),
            "postgresql://app:***@db:5432/orders?sslmode=require");
  EXPECT_EQ(redact_dsn("postgres://app@db/orders?password=hunter2&application_name=x"),
            "postgres://app@db/orders?password=***&application_name=x");
  EXPECT_EQ(redact_dsn("postgresql://db"), "postgresql://db");
  EXPECT_EQ(redact_dsn("host=db user=app password=hunter2 dbname=orders"),
            "host=db user=app password=*** dbname=orders");
  EXPECT_EQ(redact_dsn("host=db password = 'a b\\' c' port=5432"), "host=db password=*** port=5432");
}

TEST(PostgresResourcePluginTest, DeclaresASecretRequiredDsn) {
  SharedPlugin shared("postgres");
  EXPECT_EQ(shared.plugin().kind(), PluginKind::kResource);
  const Option* dsn = shared.plugin().spec().find("dsn");
  ASSERT_NE(dsn, nullptr);
  EXPECT_TRUE(dsn->is_required());
  EXPECT_TRUE(dsn->is_secret());
  PluginHarness harness(shared.plugin());
  EXPECT_EQ(describe(harness.validate({{"dsn", ""}})), "dsn: dsn must not be empty");
  EXPECT_EQ(describe(harness.validate({{"dsn", "x"}, {"pool_size", 0}})).find("pool_size"), 0u);
}

TEST(PostgresResourcePluginTest, AnUnreachableServerIsUnhealthyAndItsPasswordIsNeverLogged) {
  SharedPlugin shared("postgres");
  PluginHarness harness(shared.plugin(), "pg", "postgres");
  const Config config = harness.config({{"dsn", "postgresql://app:hunter2@127.0.0.1:1/none?connect_timeout=2"}});
  std::shared_ptr<Resource> resource = shared.plugin().create_resource(config, harness.context());
  ASSERT_NE(resource, nullptr);
  EXPECT_FALSE(resource->healthy());
  EXPECT_TRUE(harness.context().logged("postgresql://app:***@127.0.0.1:1/none"));
  EXPECT_FALSE(harness.context().logged("hunter2"));
}

TEST(PgStagesTest, WithoutTheResourceOrADsnCreateSaysWhatIsMissing) {
  SharedPlugin shared("pg-sink");
  PluginHarness harness(shared.plugin(), "to_pg", "pg-sink");
  try {
    harness.create_sink(Json::object());
    FAIL() << "create did not throw";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.path(), "dsn");
    EXPECT_STREQ(e.what(),
                 "no resource named 'pg' and no `dsn` option: declare the resource under `resources:` or set `dsn`");
  }
}

class PostgresResourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!PgTestSchema::available()) GTEST_SKIP() << PgTestSchema::kSkipMessage;
    schema_ = std::make_unique<PgTestSchema>(::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  // Plugins first: they outlive what they made.
  SharedPlugin resource_plugin_{"postgres"};
  SharedPlugin sink_plugin_{"pg-sink"};
  SharedPlugin dead_letter_plugin_{"pg-dead-letter"};
  std::unique_ptr<PgTestSchema> schema_;
};

TEST_F(PostgresResourceTest, StagesInOtherSharedObjectsShareOnePool) {
  PluginHarness resource_harness(resource_plugin_.plugin(), "pg", "postgres");
  std::shared_ptr<Resource> resource = resource_plugin_.plugin().create_resource(
      resource_harness.config({{"dsn", schema_->dsn()}, {"pool_size", 2}}), resource_harness.context());
  EXPECT_TRUE(resource->healthy());
  // The class made in postgres.so is found from here and from pg-sink.so.
  auto postgres = std::dynamic_pointer_cast<PostgresResource>(resource);
  ASSERT_NE(postgres, nullptr);
  EXPECT_EQ(postgres->pool()->size(), 2u);

  PluginHarness sink_harness(sink_plugin_.plugin(), "to_pg", "pg-sink");
  sink_harness.context().add_resource("shared", resource);
  auto sink = sink_harness.create_sink({{"resource", "shared"}});
  sink->start();
  Json doc = {{"event_id", "e1"}, {"event_type", "ORDER_CREATED"}, {"order_id", "o1"}, {"user_id", "u1"},
              {"timestamp", "2025-01-01T00:00:00Z"}, {"data", {{"total_amount", 5}}}};
  ProcessResult r = run_processor(*sink, events_from_json({doc}));
  EXPECT_EQ(r.passed.size(), 1u);
  EXPECT_EQ(schema_->count("SELECT count(*) FROM order_events"), 1);
  EXPECT_EQ(postgres->pool()->open_connections(), 1u);  // the healthy() one, reused

  PluginHarness dead_harness(dead_letter_plugin_.plugin(), "dead", "pg-dead-letter");
  dead_harness.context().add_resource("pg", resource);
  auto dead = dead_harness.create_sink(Json::object());
  dead->start();
  EXPECT_EQ(postgres->pool()->open_connections(), 1u);
}

TEST_F(PostgresResourceTest, AResourceOfAnotherKindIsRefused) {
  class OtherResource : public Resource {};
  PluginHarness sink_harness(sink_plugin_.plugin(), "to_pg", "pg-sink");
  sink_harness.context().add_resource("pg", std::make_shared<OtherResource>());
  try {
    sink_harness.create_sink({{"dsn", schema_->dsn()}});
    FAIL() << "create did not throw";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "resource 'pg' is not a postgres resource");
  }
}

}  // namespace
}  // namespace streamline::testing::postgres
