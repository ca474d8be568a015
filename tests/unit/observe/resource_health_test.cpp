// The probe of the shared resources: an unreachable service makes /readyz
// unready (naming the resource) even while no event flows, and ready again
// once it answers; each change is logged once and shown as a gauge.
#include "engine/observe/resource_health.hpp"

#include <atomic>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include "engine/observe/readiness.hpp"

namespace streamline::engine {
namespace {

using namespace std::chrono_literals;

class SwitchableResource final : public Resource {
 public:
  bool healthy() const override {
    ++probes;
    if (throws) throw std::runtime_error("probe failed");
    return up;
  }
  std::atomic<bool> up{true};
  std::atomic<bool> throws{false};
  mutable std::atomic<int> probes{0};
};

// Waits (bounded) for the probe thread to see a change: not a timing assertion.
template <typename Condition>
bool eventually(Condition condition) {
  for (int i = 0; i < 500; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return condition();
}

class ResourceHealthTest : public ::testing::Test {
 protected:
  ResourceHealthTest() {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(log_);
    sink->set_pattern("%l %v");
    logger_ = std::make_shared<spdlog::logger>("engine", sink);
  }
  std::optional<double> up(const std::string& name, const std::string& plugin) const {
    return metrics_.value("streamline_resource_up", {{"resource", name}, {"plugin", plugin}});
  }

  std::ostringstream log_;
  std::shared_ptr<spdlog::logger> logger_;
  MetricsRegistry metrics_;
  std::shared_ptr<SwitchableResource> pg_ = std::make_shared<SwitchableResource>();
  std::shared_ptr<SwitchableResource> redis_ = std::make_shared<SwitchableResource>();
};

TEST_F(ResourceHealthTest, AnOutageMakesReadinessNameTheResourceUntilItAnswersAgain) {
  CurrentPipeline pipeline(PipelineView{"orders", "orders.yaml", {{"src", "generate", PluginKind::kSource, {}}}});
  PhaseTracker phase;
  phase.set(PipelinePhase::kRunning);
  RetryWatch retries(metrics_);
  ResourceHealth health(metrics_, logger_, 10ms);
  Readiness readiness(pipeline, phase, retries, health);
  {
    auto probing = health.start({{"pg", "postgres", pg_}, {"redis", "redis", redis_}});
    EXPECT_GE(pg_->probes.load(), 1) << "probed once before start() returns";
    EXPECT_EQ(readiness.check().json, R"({"ready":true})");
    EXPECT_EQ(up("pg", "postgres"), 1.0);

    redis_->up = false;
    ASSERT_TRUE(eventually([&] { return health.first_down().has_value(); }));
    EXPECT_EQ(readiness.check().json,
              R"({"ready":false,"reason":"resource 'redis' (plugin 'redis') does not answer its health probe",)"
              R"("resource":"redis"})");
    EXPECT_EQ(up("redis", "redis"), 0.0);
    EXPECT_EQ(up("pg", "postgres"), 1.0);

    pg_->throws = true;  // a throwing probe is a failed one, and the first resource is named first
    ASSERT_TRUE(eventually([&] { return health.first_down() && health.first_down()->name == "pg"; }));
    EXPECT_FALSE(readiness.check().ready);

    // One at a time: a probe round may be between the two when both come
    // back, and the log below says which answered first.
    pg_->throws = false;
    ASSERT_TRUE(eventually([&] { return health.first_down() && health.first_down()->name == "redis"; }));
    redis_->up = true;
    ASSERT_TRUE(eventually([&] { return !health.first_down(); }));
    EXPECT_EQ(readiness.check().json, R"({"ready":true})");
    EXPECT_EQ(up("redis", "redis"), 1.0);
  }
  // Stopped: the probe let go of the resources.
  EXPECT_EQ(pg_.use_count(), 1);
  const int probes = pg_->probes;
  std::this_thread::sleep_for(30ms);
  EXPECT_EQ(pg_->probes, probes);
  EXPECT_EQ(log_.str(),
            "warning resource 'redis' (plugin 'redis') does not answer its health probe: /readyz reports not ready\n"
            "warning resource 'pg' (plugin 'postgres') does not answer its health probe: /readyz reports not ready\n"
            "info resource 'pg' (plugin 'postgres') answers again\n"
            "info resource 'redis' (plugin 'redis') answers again\n");
}

}  // namespace
}  // namespace streamline::engine
