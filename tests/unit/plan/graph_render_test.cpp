// `engine graph`'s renderers: the exact DOT and Mermaid text of a small
// pipeline with a named output, an error input and a dead-letter stage.
#include "engine/plan/graph_render.hpp"

#include <gtest/gtest.h>

#include "engine/plan/plan_edges.hpp"

namespace streamline::engine {
namespace {

class GraphRenderTest : public ::testing::Test {
 protected:
  void SetUp() override { plugins_.load_directories({PLUGIN_DIR}); }

  Plan plan(const std::string& yaml) {
    config_ = parse_pipeline_config(yaml, "pipelines/shop.yaml", [](const std::string&) { return std::nullopt; },
                                    diags_);
    std::optional<Plan> p;
    if (config_) p = make_plan(*config_, plugins_, diags_);
    if (!p) {
      ADD_FAILURE() << "the test pipeline does not plan: " << (diags_.empty() ? "" : diags_.front().message);
      return Plan{};
    }
    return std::move(*p);
  }

  PluginRegistry plugins_;
  std::optional<PipelineConfig> config_;
  Diagnostics diags_;
};

constexpr const char* kShop = R"(pipeline:
  name: shop
  dead_letter: dead
stages:
  src: { plugin: generate }
  router:
    plugin: route
    inputs: [src]
    config: { routes: [ { name: big, when: "amount > 100" } ] }
  big: { plugin: file-sink, inputs: [router.big], config: { path: big.jsonl } }
  rest: { plugin: "null", inputs: [router] }
  rejects: { plugin: file-sink, inputs: [big.error], config: { path: rejects.jsonl } }
  dead: { plugin: file-sink, config: { path: dead.jsonl } }
)";

TEST_F(GraphRenderTest, DotDrawsStagesEdgesAndDashedDeadLetterEdges) {
  EXPECT_EQ(render_dot(plan(kShop)), R"(digraph "shop" {
  rankdir=LR;
  node [shape=box];
  "src" [label="src\ngenerate", shape=invhouse];
  "router" [label="router\nroute"];
  "big" [label="big\nfile-sink", shape=house];
  "rest" [label="rest\nnull", shape=house];
  "rejects" [label="rejects\nfile-sink", shape=house];
  "dead" [label="dead\nfile-sink", shape=house];
  "src" -> "router";
  "src" -> "dead" [label="dead_letter", style=dashed];
  "router" -> "rest";
  "router" -> "big" [label="big"];
  "router" -> "dead" [label="dead_letter", style=dashed];
  "big" -> "rejects" [label="error"];
  "rest" -> "dead" [label="dead_letter", style=dashed];
  "rejects" -> "dead" [label="dead_letter", style=dashed];
}
)");
}

TEST_F(GraphRenderTest, MermaidDrawsTheSameGraph) {
  EXPECT_EQ(render_mermaid(plan(kShop)), R"(flowchart LR
  s0(["src<br/>generate"])
  s1["router<br/>route"]
  s2[("big<br/>file-sink")]
  s3[("rest<br/>null")]
  s4[("rejects<br/>file-sink")]
  s5[("dead<br/>file-sink")]
  s0 --> s1
  s0 -.->|"dead_letter"| s5
  s1 --> s3
  s1 -->|"big"| s2
  s1 -.->|"dead_letter"| s5
  s2 -->|"error"| s4
  s3 -.->|"dead_letter"| s5
  s4 -.->|"dead_letter"| s5
)");
}

TEST_F(GraphRenderTest, WithoutAPipelineNameTheGraphIsNamedAfterTheFileAndQuotesAreEscaped) {
  const Plan p = plan(R"(stages:
  src: { plugin: generate }
  out: { plugin: "null", inputs: [src] }
)");
  const std::string by_file = "digraph \"shop\" {\n";
  EXPECT_EQ(render_dot(p).substr(0, by_file.size()), by_file);
  Plan named = plan(R"(pipeline: { name: 'say "hi" <now>' }
stages:
  src: { plugin: generate }
  out: { plugin: "null", inputs: [src] }
)");
  const std::string escaped = R"(digraph "say \"hi\" <now>" {)" "\n";
  EXPECT_EQ(render_dot(named).substr(0, escaped.size()), escaped);
}

TEST_F(GraphRenderTest, StageInputsNameTheOutputsTheyReadAndTheDeadLetterFeeds) {
  const Plan p = plan(kShop);
  const auto inputs = stage_inputs(p);
  ASSERT_EQ(inputs.size(), 6u);
  EXPECT_EQ(inputs[*p.index_of("router")], std::vector<std::string>({"src"}));
  EXPECT_EQ(inputs[*p.index_of("big")], std::vector<std::string>({"router.big"}));
  EXPECT_EQ(inputs[*p.index_of("rejects")], std::vector<std::string>({"big.error"}));
  EXPECT_EQ(inputs[*p.index_of("dead")],
            std::vector<std::string>({"src.error (dead_letter)", "router.error (dead_letter)",
                                      "rest.error (dead_letter)", "rejects.error (dead_letter)"}));
}

}  // namespace
}  // namespace streamline::engine
