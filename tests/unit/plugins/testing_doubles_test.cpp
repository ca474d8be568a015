// The SDK's test doubles (sdk/include/streamline/testing/): they are what
// plugin authors test against, so they get tests of their own.

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <streamline/plugin.hpp>
#include <streamline/testing/testing.hpp>

namespace {

using streamline::Batch;
using streamline::Config;
using streamline::ConfigIssues;
using streamline::ConfigSpec;
using streamline::Json;
using streamline::Option;
using streamline::Position;
using namespace streamline::testing;

TEST(FakeContext, NamesTheInstancePluginSlashStage) {
  FakeContext context("router", "route");
  EXPECT_EQ(context.stage_name(), "router");
  EXPECT_EQ(context.instance_name(), "route/router");
  EXPECT_EQ(context.logger().name(), "route/router");
}

TEST(FakeContext, RecordsLogLinesWithTheirLevel) {
  FakeContext context;
  context.logger().info("connected to {}", "db");
  context.logger().warn("slow");
  context.logger().debug("details");
  EXPECT_EQ(context.log_lines(), (std::vector<std::string>{"info: connected to db", "warning: slow", "debug: details"}));
  EXPECT_TRUE(context.logged("connected"));
  EXPECT_FALSE(context.logged("disconnected"));
}

struct FakePool : streamline::Resource {
  bool healthy() const override { return false; }
};

TEST(FakeContext, HandsOutTheResourcesATestAdded) {
  FakeContext context;
  EXPECT_EQ(context.resource("pg"), nullptr);
  auto pool = std::make_shared<FakePool>();
  context.add_resource("pg", pool);
  EXPECT_EQ(context.resource("pg"), pool);
  EXPECT_EQ(context.resource_as<FakePool>("pg"), pool);
  EXPECT_EQ(context.resource("redis"), nullptr);
}

TEST(FakeContext, StopTokenFiresOnRequest) {
  FakeContext context;
  const std::stop_token token = context.stop_token();
  EXPECT_FALSE(token.stop_requested());
  context.request_stop();
  EXPECT_TRUE(token.stop_requested());
  EXPECT_TRUE(context.stop_token().stop_requested());
}

TEST(FakeContext, AcknowledgementsOnlyWhenEnabled) {
  FakeContext context;
  EXPECT_EQ(context.acknowledgements(), nullptr);
  FakeAcknowledgements& acks = context.enable_acknowledgements();
  ASSERT_EQ(context.acknowledgements(), &acks);
  acks.set_committable({{"t", 0, 5}, {"t", 1, 7}});
  EXPECT_EQ(acks.committable(), (std::vector<Position>{{"t", 0, 5}, {"t", 1, 7}}));
  EXPECT_TRUE(acks.committable().empty());  // returned once
  acks.set_committable({{"t", 0, 9}});
  EXPECT_EQ(acks.committable(true), (std::vector<Position>{{"t", 0, 9}, {"t", 1, 7}}));
  acks.release("t", 1);
  EXPECT_EQ(acks.released(), (std::vector<Position>{{"t", 1, 0}}));
  acks.set_in_flight(3);
  EXPECT_EQ(acks.in_flight(), 3u);
}

TEST(RecordingMetrics, ReadsBackByNameAndLabelsInAnyOrder) {
  RecordingMetrics metrics;
  auto& hits = metrics.counter("hits_total", "Cache hits.", {{"cache", "users"}, {"tier", "a"}});
  hits.inc();
  hits.inc(2);
  metrics.counter("hits_total", "Cache hits.", {{"tier", "a"}, {"cache", "users"}}).inc();  // same metric
  metrics.counter("hits_total", "Cache hits.", {{"cache", "products"}}).inc(5);
  EXPECT_EQ(metrics.counter_value("hits_total", {{"tier", "a"}, {"cache", "users"}}), 4.0);
  EXPECT_EQ(metrics.counter_value("hits_total", {{"cache", "products"}}), 5.0);
  EXPECT_EQ(metrics.find_counter("hits_total"), std::nullopt);
  EXPECT_EQ(metrics.counter_value("misses_total"), 0.0);
  EXPECT_EQ(metrics.help("hits_total"), "Cache hits.");
  EXPECT_EQ(metrics.names(),
            (std::vector<std::string>{"hits_total{cache=products}", "hits_total{cache=users,tier=a}"}));
}

TEST(RecordingMetrics, KeepsGaugesAndObservations) {
  RecordingMetrics metrics;
  auto& depth = metrics.gauge("depth", "Queue depth.");
  depth.set(4);
  depth.add(-1);
  EXPECT_EQ(metrics.gauge_value("depth"), 3.0);
  auto& latency = metrics.histogram("latency_seconds", "Latency.", {0.1, 1});
  latency.observe(0.5);
  latency.observe(2);
  EXPECT_EQ(metrics.observations("latency_seconds"), (std::vector<double>{0.5, 2}));
  EXPECT_TRUE(metrics.observations("other").empty());
}

ConfigSpec sample_spec() {
  ConfigSpec spec;
  spec.add(Option::string("name").required());
  spec.add(Option::integer("count").default_value(10).min(1).max(100));
  spec.add(Option::duration("timeout").default_value("2s"));
  spec.add(Option::string("mode").default_value("fast").one_of({"fast", "safe"}));
  spec.add(Option::list("items", Option::object("item", {Option::string("id").required(),
                                                         Option::boolean("on").default_value(true)})));
  spec.add(Option::map("limits", Option::duration("limit")));
  return spec;
}

TEST(ResolveConfig, FillsDefaultsAndConvertsDurations) {
  ConfigIssues issues;
  const Json resolved = resolve_config(
      sample_spec(), {{"name", "x"}, {"items", {{{"id", "a"}}}}, {"limits", {{"read", "1m"}, {"write", 250}}}},
      issues);
  EXPECT_TRUE(issues.empty()) << describe(issues);
  EXPECT_EQ(resolved, Json::parse(R"({"name": "x", "count": 10, "timeout": 2000, "mode": "fast",
                                      "items": [{"id": "a", "on": true}],
                                      "limits": {"read": 60000, "write": 250}})"));
}

TEST(ResolveConfig, ReportsEveryProblemWithItsPath) {
  ConfigIssues issues;
  resolve_config(sample_spec(),
                 {{"count", 0},
                  {"timeout", "soon"},
                  {"mode", "slow"},
                  {"items", {{{"on", "yes"}}}},
                  {"limits", {{"read", true}}},
                  {"extra", 1}},
                 issues);
  EXPECT_EQ(describe(issues),
            "extra: unknown option 'extra'\n"
            "name: missing required option 'name'\n"
            "count: must be at least 1\n"
            "timeout: expected a duration (\"250ms\", \"2s\", \"1m\", \"1h\" or milliseconds), got \"soon\"\n"
            "mode: must be one of: fast, safe\n"
            "items.0.id: missing required option 'id'\n"
            "items.0.on: expected bool, got string\n"
            "limits.read: expected a duration (\"250ms\", \"2s\", \"1m\", \"1h\" or milliseconds), got true");
}

TEST(ResolveConfig, ParsesDurations) {
  EXPECT_EQ(parse_duration_ms(Json(250)), 250);
  EXPECT_EQ(parse_duration_ms(Json("250ms")), 250);
  EXPECT_EQ(parse_duration_ms(Json("2s")), 2000);
  EXPECT_EQ(parse_duration_ms(Json("1m")), 60000);
  EXPECT_EQ(parse_duration_ms(Json("1h")), 3600000);
  EXPECT_EQ(parse_duration_ms(Json("1d")), std::nullopt);
  EXPECT_EQ(parse_duration_ms(Json("ms")), std::nullopt);
  EXPECT_EQ(parse_duration_ms(Json(1.5)), std::nullopt);
}

// A minimal plugin, to check PluginHarness drives a factory like the engine.
class EchoStage : public streamline::Processor {
 public:
  explicit EchoStage(std::string tag) : tag_(std::move(tag)) {}
  void process(Batch& batch) override {
    for (std::size_t i = 0; i < batch.size(); ++i)
      if (batch[i].json().value("drop", false)) batch.drop(i, tag_);
  }

 private:
  std::string tag_;
};

class EchoPlugin : public streamline::Plugin {
 public:
  streamline::PluginKind kind() const noexcept override { return streamline::PluginKind::kProcessor; }
  std::string description() const override { return "echo"; }
  const ConfigSpec& spec() const override { return spec_; }
  void validate(const Config& config, ConfigIssues& issues) const override {
    if (config.get<std::string>("tag") == "bad") issues.error("tag", "tag must not be 'bad'");
  }
  std::vector<std::string> outputs(const Config& config) const override { return {config.get<std::string>("tag")}; }
  std::unique_ptr<streamline::Stage> create(const Config& config, streamline::Context& context) const override {
    context.logger().info("created");
    return std::make_unique<EchoStage>(config.get<std::string>("tag"));
  }

 private:
  ConfigSpec spec_{Option::string("tag").default_value("echo")};
};

TEST(PluginHarness, ValidatesSpecThenPlugin) {
  EchoPlugin plugin;
  PluginHarness harness(plugin);
  EXPECT_TRUE(harness.validate(Json::object()).empty());
  EXPECT_EQ(describe(harness.validate({{"tag", 3}})), "tag: expected string, got number");
  EXPECT_EQ(describe(harness.validate({{"tag", "bad"}})), "tag: tag must not be 'bad'");
  EXPECT_EQ(harness.outputs({{"tag", "t"}}), (std::vector<std::string>{"t"}));
}

TEST(PluginHarness, CreatesStagesOfTheRequestedKind) {
  EchoPlugin plugin;
  PluginHarness harness(plugin, "echoer", "echo");
  auto stage = harness.create_processor({{"tag", "gone"}});
  EXPECT_TRUE(harness.context().logged("info: created"));
  const ProcessResult r = run_processor(*stage, events_from_json({{{"drop", true}}, {{"drop", false}}}));
  EXPECT_EQ(reasons_of(r.dropped), (std::vector<std::string>{"gone"}));
  EXPECT_EQ(r.passed.size(), 1u);
  EXPECT_THROW(harness.create_source(Json::object()), std::logic_error);
}

TEST(PluginHarness, RefusesAnInvalidConfigListingTheIssues) {
  EchoPlugin plugin;
  PluginHarness harness(plugin);
  try {
    harness.create({{"tag", "bad"}, {"x", 1}});
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "invalid config:\nx: unknown option 'x'");  // spec issues first
  }
}

TEST(StageHarness, SortsEventsByOutcomeInBatchOrder) {
  Batch batch(events_from_json({{{"n", 0}}, {{"n", 1}}, {{"n", 2}}, {{"n", 3}}, {{"n", 4}}, {{"n", 5}}}));
  batch.send(1, 2);
  batch.drop(2, "dup");
  batch.fail(3, "bad");
  batch.send(5, 2);
  const ProcessResult r = split_by_outcome(batch);
  EXPECT_EQ(documents_of(r.passed), (std::vector<Json>{{{"n", 0}}, {{"n", 4}}}));
  EXPECT_EQ(documents_of(r.sent_to(2)), (std::vector<Json>{{{"n", 1}}, {{"n", 5}}}));
  EXPECT_TRUE(r.sent_to(0).empty());
  EXPECT_EQ(reasons_of(r.dropped), (std::vector<std::string>{"dup"}));
  EXPECT_EQ(reasons_of(r.failed), (std::vector<std::string>{"bad"}));
  EXPECT_EQ(r.total(), 6u);
  EXPECT_TRUE(batch.empty());
}

}  // namespace
