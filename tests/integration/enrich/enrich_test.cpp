// enrich against the test stack's PostgreSQL (PG_DSN, each test in its own
// schema with scripts/schema.sql's reference rows) and Redis (REDIS_URL),
// with an HTTP user service on loopback in this process.

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <streamline/errors.hpp>
#include <streamline/testing/fake_context.hpp>
#include <streamline/testing/plugin_harness.hpp>
#include <streamline/testing/stage_harness.hpp>

#include "plugins/enrich/enrich.hpp"
#include "redis/redis_options.hpp"
#include "redis/redis_pool.hpp"
#include "redis/redis_resource.hpp"
#include "tests/integration/postgres/pg_test_schema.hpp"
#include "tests/unit/plugins/shared_plugin.hpp"

namespace streamline::plugins::enrich {
namespace {

using std::chrono::milliseconds;
using testing::FakeContext;
using testing::PluginHarness;
using testing::ProcessResult;
using testing::run_processor;
using testing::SharedPlugin;
using testing::postgres::PgTestSchema;

Json order_created(const std::string& event_id, const std::string& user_id, const std::vector<std::string>& products) {
  Json items = Json::array();
  for (const auto& p : products) items.push_back({{"product_id", p}, {"quantity", 1}, {"price", 10.0}});
  return {{"event_id", event_id},
          {"event_type", "ORDER_CREATED"},
          {"order_id", "ord-" + event_id},
          {"user_id", user_id},
          {"timestamp", "2025-01-01T00:00:00.000Z"},
          {"data", {{"items", items}, {"total_amount", 10.0 * static_cast<double>(products.size())}}}};
}

// The scripts/schema.sql rows, by their formulas:
//   user 42: country (42*7)%10 -> NL, tier (42*13)%5 -> standard, signup 2020-01-01 + 1554 days
//   product 7: category (7*3)%8 -> sports, price 5 + (7*7919 % 49500)/100 = 64.33
//   product 12: category (12*3)%8 -> toys, price 5 + (12*7919 % 49500)/100 = 460.28
const Json kUser42 = Json::parse(R"({"user_id":"user-00042","name":"User 42","email":"user42@example.com",
                                     "country":"NL","tier":"standard","signup_date":"2024-04-03"})");
const Json kProduct7 = Json::parse(R"({"product_id":"prod-0007","name":"Product 7","category":"sports",
                                       "price":64.33})");
const Json kProduct12 = Json::parse(R"({"product_id":"prod-0012","name":"Product 12","category":"toys",
                                        "price":460.28})");

std::string redis_url() {
  const char* url = std::getenv("REDIS_URL");
  return url == nullptr ? std::string() : std::string(url);
}

// An HTTP user service on loopback; every request gets status(id).
class UserService {
 public:
  explicit UserService(std::function<int(const std::string&)> status) : status_(std::move(status)) {
    server_.Get(R"(/users/([^/]+))", [this](const httplib::Request& request, httplib::Response& response) {
      const std::string id = request.matches[1];
      ++requests_;
      response.status = status_(id);
      if (response.status == 200)
        response.set_content(R"({"user_id":")" + id + R"(","name":"Partner User","email":"p@example.com",)"
                             R"("country":"FR","tier":"gold","signup_date":"2023-03-03"})",
                             "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(milliseconds(1));
  }
  ~UserService() { stop(); }
  void stop() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/users/{user_id}"; }
  int requests() const { return requests_.load(); }

 private:
  std::function<int(const std::string&)> status_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::atomic<int> requests_{0};
};

class EnrichTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!PgTestSchema::available()) GTEST_SKIP() << PgTestSchema::kSkipMessage;
    schema_ = std::make_unique<PgTestSchema>(::testing::UnitTest::GetInstance()->current_test_info()->name());
  }

  // A stage of the shared object, configured like a pipeline would.
  std::unique_ptr<Processor> stage(PluginHarness& harness, Json extra = Json::object()) {
    Json config = {{"dsn", schema_->dsn()}};
    config.update(extra);
    auto s = harness.create_processor(config);
    s->start();
    return s;
  }

  double queries(PluginHarness& harness, const char* table) {
    return harness.context().recording_metrics().counter_value("enrich_postgres_queries_total", {{"table", table}});
  }
  double lookups(PluginHarness& harness, const char* kind, const char* layer, const char* result) {
    return harness.context().recording_metrics().counter_value(
        "enrich_lookups_total", {{"kind", kind}, {"layer", layer}, {"result", result}});
  }

  // A user only this test's schema holds (so its Redis key is this test's).
  std::string add_user(const std::string& suffix) {
    const std::string id = schema_->name() + "-" + suffix;
    schema_->query("INSERT INTO " + schema_->name() +
                   ".users VALUES ('" + id + "', 'Own User', 'own@example.com', 'SE', 'gold', '2021-05-06')");
    return id;
  }

  SharedPlugin shared_{"enrich"};
  std::unique_ptr<PgTestSchema> schema_;
};

TEST_F(EnrichTest, AddsTheKnownUserAndProductsExactly) {
  PluginHarness harness(shared_.plugin(), "enrich", "enrich");
  auto s = stage(harness);
  ProcessResult r = run_processor(*s, testing::events_from_json({order_created(
                                          "e1", "user-00042", {"prod-0012", "prod-0007", "prod-0012"})}));
  ASSERT_EQ(r.passed.size(), 1u);
  const Json& event = r.passed[0].json();
  EXPECT_EQ(event["enrichment"], (Json{{"status", "complete"},
                                       {"user", kUser42},
                                       {"products", {kProduct12, kProduct7}},
                                       {"missing", Json::array()}}));
  EXPECT_EQ(event["event_id"], "e1");  // the rest of the event is untouched
  EXPECT_EQ(event["data"]["items"].size(), 3u);
}

TEST_F(EnrichTest, OneQueryPerTableForAWholeBatchAndNoneWhenTheCachesHoldEverything) {
  PluginHarness harness(shared_.plugin(), "enrich", "enrich");
  auto s = stage(harness);
  std::vector<Json> events;
  for (int i = 0; i < 200; ++i) {
    char user[16], p1[16], p2[16];
    std::snprintf(user, sizeof user, "user-%05d", 1 + i % 40);
    std::snprintf(p1, sizeof p1, "prod-%04d", 1 + i % 25);
    std::snprintf(p2, sizeof p2, "prod-%04d", 26 + i % 5);
    events.push_back(order_created("e" + std::to_string(i), user, {p1, p2}));
  }
  ProcessResult first = run_processor(*s, testing::events_from_json(events));
  EXPECT_EQ(first.passed.size(), 200u);
  EXPECT_EQ(queries(harness, "users"), 1);
  EXPECT_EQ(queries(harness, "products"), 1);
  EXPECT_EQ(lookups(harness, "user", "postgres", "hit"), 40);
  EXPECT_EQ(lookups(harness, "product", "postgres", "hit"), 30);
  for (const auto& e : first.passed) EXPECT_EQ(e.json()["enrichment"]["status"], "complete");

  ProcessResult second = run_processor(*s, testing::events_from_json(events));
  EXPECT_EQ(second.passed.size(), 200u);
  EXPECT_EQ(queries(harness, "users"), 1);
  EXPECT_EQ(queries(harness, "products"), 1);
  EXPECT_EQ(lookups(harness, "user", "cache", "hit"), 40);
  EXPECT_EQ(lookups(harness, "product", "cache", "hit"), 30);
  EXPECT_EQ(testing::documents_of(second.passed), testing::documents_of(first.passed));
}

TEST_F(EnrichTest, UnknownIdsMakeThePassingEventPartialAndAreCachedAsMissing) {
  PluginHarness harness(shared_.plugin(), "enrich", "enrich");
  auto s = stage(harness);
  const auto events = [] {
    return testing::events_from_json({order_created("e1", "user-99999", {"prod-9999", "prod-0007"}),
                                      order_created("e2", "user-00042", {"prod-0007"})});
  };
  ProcessResult r = run_processor(*s, events());
  ASSERT_EQ(r.passed.size(), 2u);
  EXPECT_EQ(r.passed[0].json()["enrichment"], (Json{{"status", "partial"},
                                                    {"user", nullptr},
                                                    {"products", {kProduct7}},
                                                    {"missing", {"user:user-99999", "product:prod-9999"}}}));
  EXPECT_EQ(r.passed[1].json()["enrichment"]["status"], "complete");
  EXPECT_EQ(harness.context().recording_metrics().counter_value("enrich_partial_events_total"), 1);
  EXPECT_EQ(lookups(harness, "user", "postgres", "miss"), 1);

  // Within negative_ttl the unknown ids do not reach PostgreSQL again.
  ProcessResult again = run_processor(*s, events());
  EXPECT_EQ(again.passed[0].json()["enrichment"]["missing"], Json({"user:user-99999", "product:prod-9999"}));
  EXPECT_EQ(queries(harness, "users"), 1);
  EXPECT_EQ(queries(harness, "products"), 1);
  EXPECT_EQ(harness.context().recording_metrics().counter_value("enrich_partial_events_total"), 2);
}

TEST_F(EnrichTest, CacheAndNegativeTtlsExpireOnTheirOwnClock) {
  FakeContext context("enrich", "enrich");
  auto now = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  EnrichOptions options;
  options.pool = std::make_shared<postgres::PgPool>(schema_->dsn(), 1);
  options.cache_ttl = milliseconds(10'000);
  options.negative_ttl = milliseconds(1'000);
  options.now = [&] { return now; };
  EnrichStage s(std::move(options), context);
  const auto batch = [] { return testing::events_from_json({order_created("e", "user-99999", {"prod-0007"})}); };
  const auto user_queries = [&] {
    return context.recording_metrics().counter_value("enrich_postgres_queries_total", {{"table", "users"}});
  };
  const auto product_queries = [&] {
    return context.recording_metrics().counter_value("enrich_postgres_queries_total", {{"table", "products"}});
  };
  run_processor(s, batch());
  EXPECT_EQ(user_queries(), 1);
  EXPECT_EQ(product_queries(), 1);
  now += milliseconds(999);
  run_processor(s, batch());
  EXPECT_EQ(user_queries(), 1);
  now += milliseconds(1);  // the "missing" answer expired, the product has not
  run_processor(s, batch());
  EXPECT_EQ(user_queries(), 2);
  EXPECT_EQ(product_queries(), 1);
  now += milliseconds(10'000);
  run_processor(s, batch());
  EXPECT_EQ(user_queries(), 3);
  EXPECT_EQ(product_queries(), 2);
}

TEST_F(EnrichTest, EventsWithoutReferencesPassAndUnreadableOnesFail) {
  PluginHarness harness(shared_.plugin(), "enrich", "enrich");
  auto s = stage(harness);
  std::vector<Event> events = testing::events_from_raw(
      {R"({"event_id":"e1","event_type":"ORDER_PAID","order_id":"o1","data":{"amount":3}})", "{not json", "[1,2]",
       R"({"event_id":"e2","user_id":"user-00042","data":{"amount":3}})"});
  ProcessResult r = run_processor(*s, std::move(events));
  ASSERT_EQ(r.passed.size(), 2u);
  EXPECT_EQ(r.passed[0].json()["enrichment"],
            (Json{{"status", "complete"}, {"user", nullptr}, {"products", Json::array()}, {"missing", Json::array()}}));
  EXPECT_EQ(r.passed[1].json()["enrichment"]["user"], kUser42);
  ASSERT_EQ(r.failed.size(), 2u);
  EXPECT_THAT(r.failed[0].reason, ::testing::StartsWith("payload is not valid JSON: "));
  EXPECT_EQ(r.failed[1].reason, "payload is not a JSON object");
  EXPECT_EQ(queries(harness, "products"), 0);  // no product asked for: no statement
}

TEST_F(EnrichTest, LosingPostgresThrowsTransientErrorAndTheRetrySucceeds) {
  PluginHarness harness(shared_.plugin(), "enrich", "enrich");
  auto s = stage(harness, {{"cache_size", 0}});
  run_processor(*s, testing::events_from_json({order_created("e1", "user-00042", {})}));
  ASSERT_GE(schema_->terminate_stage_sessions(), 1);
  Batch batch(testing::events_from_json({order_created("e2", "user-00042", {})}));
  EXPECT_THROW(s->process(batch), TransientError);
  ProcessResult retried = run_processor(*s, testing::events_from_json({order_created("e2", "user-00042", {})}));
  ASSERT_EQ(retried.passed.size(), 1u);
  EXPECT_EQ(retried.passed[0].json()["enrichment"]["user"], kUser42);
}

TEST_F(EnrichTest, RedisIsFilledFromPostgresAndServesAFreshCache) {
  if (redis_url().empty()) GTEST_SKIP() << "REDIS_URL is not set";
  auto redis = std::make_shared<redis::RedisResource>(redis::redis_options_from_url(redis_url()));
  const std::string user = add_user("u1");
  const std::string key = "enrich:user:" + user;
  redis->pipeline({{"DEL", key, "enrich:product:prod-0007"}});

  PluginHarness first(shared_.plugin(), "enrich", "enrich");
  first.context().add_resource("redis", redis);
  auto a = stage(first, {{"redis", "redis"}, {"redis_ttl", "10m"}});
  run_processor(*a, testing::events_from_json({order_created("e1", user, {"prod-0007"})}));
  EXPECT_EQ(queries(first, "users"), 1);
  EXPECT_EQ(lookups(first, "user", "redis", "miss"), 1);
  const auto stored = redis->pipeline({{"GET", key}, {"TTL", key}, {"GET", "enrich:product:prod-0007"}});
  EXPECT_EQ(Json::parse(stored[0].text()),
            (Json{{"user_id", user}, {"name", "Own User"}, {"email", "own@example.com"}, {"country", "SE"},
                  {"tier", "gold"}, {"signup_date", "2021-05-06"}}));
  EXPECT_GT(stored[1].integer_value(), 590);
  EXPECT_LE(stored[1].integer_value(), 600);
  EXPECT_EQ(Json::parse(stored[2].text()), kProduct7);

  // A fresh stage (empty LRU) finds both in Redis: PostgreSQL is not asked,
  // even though the user's row is gone from it.
  schema_->query("DELETE FROM " + schema_->name() + ".users WHERE user_id = '" + user + "'");
  PluginHarness second(shared_.plugin(), "enrich", "enrich");
  second.context().add_resource("redis", redis);
  auto b = stage(second, {{"redis", "redis"}});
  ProcessResult r = run_processor(*b, testing::events_from_json({order_created("e1", user, {"prod-0007"})}));
  ASSERT_EQ(r.passed.size(), 1u);
  EXPECT_EQ(r.passed[0].json()["enrichment"]["status"], "complete");
  EXPECT_EQ(r.passed[0].json()["enrichment"]["user"]["tier"], "gold");
  EXPECT_EQ(queries(second, "users"), 0);
  EXPECT_EQ(queries(second, "products"), 0);
  EXPECT_EQ(lookups(second, "user", "redis", "hit"), 1);
  EXPECT_EQ(lookups(second, "product", "redis", "hit"), 1);
  redis->pipeline({{"DEL", key}});
}

TEST_F(EnrichTest, RedisDownIsSkippedAndNothingFails) {
  // A Redis nobody listens on: the layer is skipped, PostgreSQL answers.
  auto options = redis::redis_options_from_url("redis://127.0.0.1:1/0");
  options.connect_timeout = milliseconds(200);
  auto redis = std::make_shared<redis::RedisResource>(options);
  PluginHarness harness(shared_.plugin(), "enrich", "enrich");
  harness.context().add_resource("cache", redis);
  auto s = stage(harness, {{"redis", "cache"}});
  ProcessResult r = run_processor(*s, testing::events_from_json({order_created("e1", "user-00042", {"prod-0007"})}));
  ASSERT_EQ(r.passed.size(), 1u);
  EXPECT_EQ(r.passed[0].json()["enrichment"]["status"], "complete");
  EXPECT_EQ(r.passed[0].json()["enrichment"]["user"], kUser42);
  // The read and the write-back were both skipped.
  EXPECT_EQ(harness.context().recording_metrics().counter_value("enrich_redis_errors_total"), 2);
  EXPECT_TRUE(harness.context().logged("skipping the redis layer"));
}

TEST_F(EnrichTest, HttpFindsWhatPostgresDoesNotAndItsNotFoundIsCached) {
  UserService service([](const std::string& id) { return id == "partner-7" ? 200 : 404; });
  PluginHarness harness(shared_.plugin(), "enrich", "enrich");
  auto s = stage(harness, {{"http", {{"url_template", service.url()}}}});
  const auto batch = [] {
    return testing::events_from_json({order_created("e1", "partner-7", {}), order_created("e2", "ghost-1", {}),
                                      order_created("e3", "user-00042", {})});
  };
  ProcessResult r = run_processor(*s, batch());
  ASSERT_EQ(r.passed.size(), 3u);
  EXPECT_EQ(r.passed[0].json()["enrichment"]["user"],
            Json::parse(R"({"user_id":"partner-7","name":"Partner User","email":"p@example.com","country":"FR",
                            "tier":"gold","signup_date":"2023-03-03"})"));
  EXPECT_EQ(r.passed[0].json()["enrichment"]["status"], "complete");
  EXPECT_EQ(r.passed[1].json()["enrichment"]["missing"], Json({"user:ghost-1"}));
  EXPECT_EQ(r.passed[2].json()["enrichment"]["user"], kUser42);
  EXPECT_EQ(service.requests(), 2);  // user-00042 came from PostgreSQL
  EXPECT_EQ(lookups(harness, "user", "http", "hit"), 1);
  EXPECT_EQ(lookups(harness, "user", "http", "miss"), 1);

  run_processor(*s, batch());
  EXPECT_EQ(service.requests(), 2);  // both answers are cached
}

TEST_F(EnrichTest, FailingHttpOpensTheBreakerAndThenNoRequestReachesTheService) {
  UserService service([](const std::string&) { return 503; });
  PluginHarness harness(shared_.plugin(), "enrich", "enrich");
  auto s = stage(harness, {{"http",
                            {{"url_template", service.url()},
                             {"retries", 0},
                             {"circuit_breaker", {{"failure_threshold", 3}, {"open_duration", "1h"}}}}}});
  std::vector<Json> events;
  for (int i = 0; i < 5; ++i) events.push_back(order_created("e" + std::to_string(i), "ghost-" + std::to_string(i), {}));
  ProcessResult r = run_processor(*s, testing::events_from_json(events));
  ASSERT_EQ(r.passed.size(), 5u);  // missing, never failed
  for (const auto& e : r.passed) EXPECT_EQ(e.json()["enrichment"]["status"], "partial");
  EXPECT_EQ(service.requests(), 3);
  const auto& metrics = harness.context().recording_metrics();
  EXPECT_EQ(metrics.counter_value("enrich_http_failures_total", {{"reason", "error"}}), 3);
  EXPECT_EQ(metrics.counter_value("enrich_http_failures_total", {{"reason", "circuit_open"}}), 2);
  EXPECT_EQ(metrics.counter_value("enrich_http_requests_total"), 3);
  EXPECT_EQ(metrics.find_gauge("enrich_http_breaker_state"), 2.0);
  EXPECT_TRUE(harness.context().logged("circuit breaker closed -> open"));

  // Failures are not cached as missing, but the open breaker keeps the
  // service alone.
  run_processor(*s, testing::events_from_json(events));
  EXPECT_EQ(service.requests(), 3);
  EXPECT_EQ(metrics.counter_value("enrich_http_failures_total", {{"reason", "circuit_open"}}), 7);
}

TEST_F(EnrichTest, AnHttpServiceThatIsDownOpensTheBreaker) {
  UserService service([](const std::string&) { return 200; });
  const std::string url = service.url();
  service.stop();
  PluginHarness harness(shared_.plugin(), "enrich", "enrich");
  auto s = stage(harness, {{"http",
                            {{"url_template", url},
                             {"retries", 1},
                             {"retry_backoff", "1ms"},
                             {"circuit_breaker", {{"failure_threshold", 4}}}}}});
  std::vector<Json> events;
  for (int i = 0; i < 4; ++i) events.push_back(order_created("e" + std::to_string(i), "ghost-" + std::to_string(i), {}));
  ProcessResult r = run_processor(*s, testing::events_from_json(events));
  EXPECT_EQ(r.passed.size(), 4u);
  const auto& metrics = harness.context().recording_metrics();
  // Two lookups of two attempts each open it; the other two are refused.
  EXPECT_EQ(metrics.counter_value("enrich_http_requests_total"), 4);
  EXPECT_EQ(metrics.counter_value("enrich_http_failures_total", {{"reason", "error"}}), 2);
  EXPECT_EQ(metrics.counter_value("enrich_http_failures_total", {{"reason", "circuit_open"}}), 2);
  EXPECT_EQ(metrics.find_gauge("enrich_http_breaker_state"), 2.0);
}

}  // namespace
}  // namespace streamline::plugins::enrich
