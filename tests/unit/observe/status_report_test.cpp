// The admin endpoints' documents: /status JSON, /readyz answers, the
// engine's own metrics, and the server serving them.
#include "engine/observe/status_report.hpp"

#include <gtest/gtest.h>
#include <httplib.h>
#include <spdlog/sinks/null_sink.h>

#include <streamline/abi.hpp>

#include "engine/observe/admin_server.hpp"
#include "engine/observe/engine_metrics.hpp"
#include "engine/observe/readiness.hpp"
#include "engine/observe/resource_health.hpp"
#include "engine/runtime/stage_metrics.hpp"

namespace streamline::engine {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

PipelineView two_stages() {
  return {"shop", "pipelines/shop.yaml",
          {{"src", "generate", PluginKind::kSource, {}}, {"router", "route", PluginKind::kProcessor, {"src"}}}};
}

class StatusTest : public ::testing::Test {
 protected:
  MetricsRegistry metrics_;
  PipelineView view_ = two_stages();
  CurrentPipeline pipeline_{two_stages()};
  PhaseTracker phase_;
  RetryWatch retries_{metrics_, 5s};
  StageMetrics src_{metrics_, "src", "generate"};
  StageMetrics router_{metrics_, "router", "route"};
  const Clock::time_point t0_ = Clock::now();
};

TEST_F(StatusTest, StatusListsEveryStageWithItsCountsStateAndRates) {
  StatusReport status(pipeline_, phase_, metrics_, retries_, t0_);
  phase_.set(PipelinePhase::kRunning);
  src_.events_in.inc(10);
  src_.events_out.inc(10);
  router_.events_in.inc(10);
  router_.events_out.inc(6);
  router_.dropped("unmatched").inc(3);
  router_.events_failed.inc(1);
  router_.queue_depth.set(2);
  EXPECT_EQ(status.json(t0_ + 2s),
            R"({"pipeline":"shop","file":"pipelines/shop.yaml","state":"running","uptime_seconds":2.0,)"
            R"("last_reload":null,"stages":[)"
            R"({"name":"src","plugin":"generate","kind":"source","inputs":[],"state":"running",)"
            R"("events":{"in":10,"out":10,"dropped":0,"failed":0},"retries":0,"queue_depth":0,)"
            R"("rates":{"in_per_second":5.0,"out_per_second":5.0}},)"
            R"({"name":"router","plugin":"route","kind":"processor","inputs":["src"],"state":"running",)"
            R"("events":{"in":10,"out":6,"dropped":3,"failed":1},"retries":0,"queue_depth":2,)"
            R"("rates":{"in_per_second":5.0,"out_per_second":3.0}}]})");
  // Rates are over the time since the previous report.
  router_.events_in.inc(4);
  const auto doc = status.json(t0_ + 4s);
  EXPECT_NE(doc.find(R"("rates":{"in_per_second":2.0,"out_per_second":0.0}}]})"), std::string::npos) << doc;
}

TEST_F(StatusTest, AStageWhoseRetriesRoseIsRetryingForTheWindow) {
  StatusReport status(pipeline_, phase_, metrics_, retries_, t0_);
  phase_.set(PipelinePhase::kRunning);
  router_.batch_retries.inc(1);
  EXPECT_EQ(retries_.retrying(view_, t0_ + 1s), std::vector<bool>({false, true}));
  EXPECT_NE(status.json(t0_ + 2s).find(R"("name":"router","plugin":"route","kind":"processor","inputs":["src"],)"
                                       R"("state":"retrying")"),
            std::string::npos);
  EXPECT_EQ(retries_.retrying(view_, t0_ + 5s), std::vector<bool>({false, true}));
  EXPECT_EQ(retries_.retrying(view_, t0_ + 6s), std::vector<bool>({false, false}));
  router_.batch_retries.inc(1);
  EXPECT_EQ(retries_.retrying(view_, t0_ + 7s), std::vector<bool>({false, true}));
}

TEST_F(StatusTest, ReadyOnlyWhileRunningAndNoStageRetries) {
  ResourceHealth resources(metrics_, std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>()));
  Readiness readiness(pipeline_, phase_, retries_, resources);
  auto check = [&] {
    const ReadinessResult r = readiness.check();
    return std::to_string(r.ready) + " " + r.json;
  };
  EXPECT_EQ(check(), R"(0 {"ready":false,"reason":"the pipeline is starting: not every stage has started"})");
  phase_.set(PipelinePhase::kRunning);
  EXPECT_EQ(check(), R"(1 {"ready":true})");
  router_.batch_retries.inc(1);
  EXPECT_EQ(check(),
            R"(0 {"ready":false,"reason":"stage 'router' (plugin 'route') is retrying transient errors","stage":"router"})");
  phase_.set(PipelinePhase::kDraining);
  EXPECT_EQ(check(), R"(0 {"ready":false,"reason":"the pipeline is draining"})");
  phase_.set(PipelinePhase::kStopped);
  EXPECT_EQ(check(), R"(0 {"ready":false,"reason":"the pipeline has stopped"})");
}

TEST(EngineMetrics, BuildInfoUptimeAndLoadFailures) {
  MetricsRegistry metrics;
  const auto t0 = Clock::now();
  EngineMetrics engine(metrics, t0);
  EXPECT_NE(metrics.render_prometheus().find("# TYPE streamline_plugin_load_failures_total counter\n"), std::string::npos)
      << "declared before any failure";
  engine.count_plugin_load_failure("/opt/plugins/fraud.so");
  engine.count_plugin_load_failure("/opt/plugins/fraud.so");
  engine.count_plugin_load_failure("/other/route.so");
  engine.refresh(t0 + 1500ms);
  EXPECT_EQ(metrics.value("streamline_build_info", {{"version", STREAMLINE_VERSION}, {"abi", std::to_string(kAbiVersion)}}),
            1.0);
  EXPECT_EQ(metrics.value("streamline_uptime_seconds"), 1.5);
  EXPECT_EQ(metrics.value("streamline_plugin_load_failures_total", {{"plugin", "fraud"}}), 2.0);
  EXPECT_EQ(metrics.value("streamline_plugin_load_failures_total", {{"plugin", "route"}}), 1.0);
}

TEST(AdminServer, ServesEachEndpointAndAnswers500WhenOneThrows) {
  bool ready = false;
  AdminServer server("127.0.0.1", 0,
                     AdminEndpoints{[] { return std::string("up 1\n"); },
                                    [&] { return ReadinessResult{ready, ready ? "{\"ready\":true}" : "{\"ready\":false}"}; },
                                    []() -> std::string { throw std::runtime_error("no status"); },
                                    [] { return AdminAnswer{422, R"({"result":"invalid"})"}; }});
  ASSERT_GT(server.port(), 0);
  EXPECT_EQ(server.url(), "http://127.0.0.1:" + std::to_string(server.port()));
  httplib::Client client("127.0.0.1", server.port());
  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_EQ(metrics->body, "up 1\n");
  EXPECT_EQ(metrics->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->body, "ok\n");
  auto not_ready = client.Get("/readyz");
  ASSERT_TRUE(not_ready);
  EXPECT_EQ(not_ready->status, 503);
  EXPECT_EQ(not_ready->body, "{\"ready\":false}\n");
  ready = true;
  auto is_ready = client.Get("/readyz");
  ASSERT_TRUE(is_ready);
  EXPECT_EQ(is_ready->status, 200);
  auto status = client.Get("/status");
  ASSERT_TRUE(status);
  EXPECT_EQ(status->status, 500);
  EXPECT_EQ(status->body, "internal error: no status\n");
  auto missing = client.Get("/nope");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  auto reload = client.Post("/reload");
  ASSERT_TRUE(reload);
  EXPECT_EQ(reload->status, 422);
  EXPECT_EQ(reload->body, "{\"result\":\"invalid\"}\n");
  EXPECT_EQ(reload->get_header_value("Content-Type"), "application/json");
}

TEST(AdminServer, PostReloadWithoutAReloaderIs404) {
  AdminServer server("127.0.0.1", 0, AdminEndpoints{});
  httplib::Client client("127.0.0.1", server.port());
  auto reload = client.Post("/reload");
  ASSERT_TRUE(reload);
  EXPECT_EQ(reload->status, 404);
  EXPECT_EQ(reload->body, "{\"error\":\"this engine does not reload\"}\n");
}

TEST(AdminServer, APortInUseIsAnError) {
  AdminServer first("127.0.0.1", 0, {});
  EXPECT_THROW(AdminServer("127.0.0.1", first.port(), {}), std::runtime_error);
}

}  // namespace
}  // namespace streamline::engine
