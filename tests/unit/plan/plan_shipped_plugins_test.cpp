// make_plan over the plugins we ship (PLUGIN_DIR): the brief's example
// pipeline plans, and their own checks surface with locations.
#include "engine/plan/plan.hpp"

#include <gtest/gtest.h>

namespace streamline::engine {
namespace {

EnvLookup env_with_out_dir() {
  return [](const std::string& name) -> std::optional<std::string> {
    if (name == "OUT") return "out";
    return std::nullopt;
  };
}

class ShippedPluginsPlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    plugins_.load_directories({PLUGIN_DIR});
    for (const char* name : {"generate", "route", "file-sink", "stdout-sink", "null", "fail", "delay"})
      ASSERT_NE(plugins_.find(name), nullptr) << "plugin '" << name << "' missing from " << PLUGIN_DIR;
  }

  std::optional<Plan> plan(const std::string& yaml) {
    config_ = parse_pipeline_config(yaml, "example.yaml", env_with_out_dir(), diags_);
    if (!config_) return std::nullopt;
    return make_plan(*config_, plugins_, diags_);
  }

  PluginRegistry plugins_;
  std::optional<PipelineConfig> config_;
  Diagnostics diags_;
};

TEST_F(ShippedPluginsPlanTest, TheExamplePipelinePlans) {
  const auto p = plan(R"(pipeline:
  name: demo
  queue_capacity: 8
  dead_letter: dead
  drain_timeout: 30s
stages:
  src:
    plugin: generate
    config: { count: 100000, seed: 7 }
  router:
    plugin: route
    inputs: [src]
    config:
      routes:
        - { name: big, when: "amount > 100 && country == \"DE\"" }
        - { name: small, when: "amount <= 100" }
  big:   { plugin: file-sink, inputs: [router.big], config: { path: "${OUT}/big.jsonl" } }
  small: { plugin: file-sink, inputs: [router.small, router], config: { path: out/small.jsonl } }
  dead:  { plugin: file-sink, inputs: [router.error], config: { path: out/dead.jsonl } }
  slow:  { plugin: delay, inputs: [src], config: { duration: 5ms } }
  flaky: { plugin: fail, inputs: [slow], config: { every: 10 } }
  out:   { plugin: stdout-sink, inputs: [flaky] }
  bin:   { plugin: "null", inputs: [flaky.error] }
)");
  ASSERT_TRUE(p);
  EXPECT_TRUE(diags_.empty());
  const PlannedStage& router = p->stages[*p->index_of("router")];
  EXPECT_EQ(router.outputs, (std::vector<std::string>{"big", "small"}));
  EXPECT_EQ(router.named_readers.at(0).size(), 1u);
  EXPECT_EQ(p->stages[*p->index_of("big")].config.get<std::string>("path"), "out/big.jsonl");
  EXPECT_EQ(p->stages[*p->index_of("slow")].config.get<std::int64_t>("duration"), 5);
  EXPECT_EQ(p->stages.front().name, "src");
}

TEST_F(ShippedPluginsPlanTest, ARouteConditionThatDoesNotParseIsLocated) {
  EXPECT_FALSE(plan(
      "stages:\n"
      "  src: { plugin: generate }\n"
      "  router:\n"
      "    plugin: route\n"
      "    inputs: [src]\n"
      "    config:\n"
      "      routes:\n"
      "        - { name: ok, when: \"amount > 1\" }\n"
      "        - { name: bad, when: \"amount >\" }\n"
      "  out: { plugin: stdout-sink, inputs: [router.ok, router.bad, router] }\n"));
  ASSERT_EQ(diags_.size(), 1u);
  EXPECT_EQ(diags_[0].code, "invalid-config");
  EXPECT_EQ(diags_[0].path, "stages.router.config.routes.1.when");
  EXPECT_EQ(diags_[0].location.line, 9);
  EXPECT_EQ(diags_[0].location.column, 30);
}

}  // namespace
}  // namespace streamline::engine
