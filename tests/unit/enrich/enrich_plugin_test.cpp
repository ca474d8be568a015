// The enrich plugin's factory (through its shared object) and what its stage
// does without any service. The lookups themselves are tested against the
// test stack in tests/integration/enrich.

#include <memory>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <streamline/errors.hpp>
#include <streamline/testing/plugin_harness.hpp>
#include <streamline/testing/stage_harness.hpp>

#include "tests/unit/plugins/shared_plugin.hpp"

namespace streamline::testing {
namespace {

// Nothing listens on port 1: connecting fails at once.
constexpr const char* kNowhere = "postgresql://streamline:secret@127.0.0.1:1/streamline";

class EnrichPluginTest : public ::testing::Test {
 protected:
  SharedPlugin shared_{"enrich"};
  PluginHarness harness_{shared_.plugin(), "enrich", "enrich"};
};

TEST_F(EnrichPluginTest, DefaultsAreValid) {
  EXPECT_EQ(describe(harness_.validate(Json::object())), "");
  EXPECT_EQ(describe(harness_.validate({{"http", {{"url_template", "http://users:8080/users/{user_id}"}}}})), "");
}

TEST_F(EnrichPluginTest, ValidateReportsABadUrlTemplateAndAnEmptyPostgresName) {
  EXPECT_EQ(describe(harness_.validate({{"postgres", ""}, {"http", {{"url_template", "http://users:8080/users"}}}})),
            "postgres: postgres must not be empty\n"
            "http.url_template: the URL has no {user_id} placeholder in its path");
  EXPECT_EQ(describe(harness_.validate({{"http", {{"url_template", "https://users/{user_id}"}}}})),
            "http.url_template: https is not supported; use http:// (e.g. through a local TLS proxy)");
}

TEST_F(EnrichPluginTest, AResourceOfAnotherKindIsAConfigError) {
  harness_.context().add_resource("pg", std::make_shared<Resource>());
  try {
    harness_.create_processor(Json::object());
    FAIL() << "created";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.path(), "postgres");
    EXPECT_STREQ(e.what(), "resource 'pg' is not a postgres resource");
  }
}

TEST_F(EnrichPluginTest, NeitherResourceNorDsnIsAConfigError) {
  try {
    harness_.create_processor(Json::object());
    FAIL() << "created";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.path(), "dsn");
    EXPECT_STREQ(e.what(),
                 "no resource named 'pg' and no `dsn` option: declare the resource under `resources:` or set `dsn`");
  }
}

TEST_F(EnrichPluginTest, AMissingRedisResourceIsAConfigError) {
  harness_.context().add_resource("cache", std::make_shared<Resource>());
  try {
    harness_.create_processor({{"dsn", kNowhere}, {"redis", "other"}});
    FAIL() << "created";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.path(), "redis");
    EXPECT_STREQ(e.what(),
                 "no resource named 'other': declare it under `resources:` with `plugin: redis`, or leave `redis` "
                 "empty");
  }
  try {
    harness_.create_processor({{"dsn", kNowhere}, {"redis", "cache"}});
    FAIL() << "created";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.path(), "redis");
    EXPECT_STREQ(e.what(), "resource 'cache' is not a redis resource");
  }
}

TEST_F(EnrichPluginTest, PostgresDownIsTransientAndTheMessageHidesThePassword) {
  auto stage = harness_.create_processor({{"dsn", kNowhere}});
  try {
    stage->start();
    FAIL() << "start() succeeded without PostgreSQL";
  } catch (const TransientError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("127.0.0.1:1"));
    EXPECT_THAT(e.what(), ::testing::Not(::testing::HasSubstr("secret")));
  }
  Batch batch(events_from_json({{{"user_id", "user-00042"}}}));
  EXPECT_THROW(stage->process(batch), TransientError);
}

TEST_F(EnrichPluginTest, EventsReferringToNothingNeedNoServiceAndUnreadableOnesFail) {
  auto stage = harness_.create_processor({{"dsn", kNowhere}});
  ProcessResult r = run_processor(
      *stage, events_from_raw({R"({"event_type":"ORDER_PAID","data":{"amount":3}})", "{oops", "42"}));
  ASSERT_EQ(r.passed.size(), 1u);
  EXPECT_EQ(r.passed[0].json()["enrichment"].dump(), R"({"status":"complete","user":null,"products":[],"missing":[]})");
  EXPECT_EQ(r.passed[0].json()["data"]["amount"], 3);
  ASSERT_EQ(r.failed.size(), 2u);
  EXPECT_THAT(r.failed[0].reason, ::testing::StartsWith("payload is not valid JSON: "));
  EXPECT_EQ(r.failed[1].reason, "payload is not a JSON object");
  EXPECT_EQ(harness_.context().recording_metrics().counter_value("enrich_postgres_queries_total", {{"table", "users"}}),
            0);
}

TEST_F(EnrichPluginTest, AnEmptyBatchIsFine) {
  auto stage = harness_.create_processor({{"dsn", kNowhere}});
  ProcessResult r = run_processor(*stage, {});
  EXPECT_EQ(r.total(), 0u);
  stage->stop();
  stage->stop();
}

}  // namespace
}  // namespace streamline::testing
