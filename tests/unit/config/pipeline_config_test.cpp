#include "engine/config/pipeline_config.hpp"

#include <map>

#include <gtest/gtest.h>

namespace streamline::engine {
namespace {

using std::chrono::milliseconds;

EnvLookup fake_env(std::map<std::string, std::string> values = {}) {
  return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

std::vector<std::string> summary(const Diagnostics& diags) {
  std::vector<std::string> out;
  for (const auto& d : diags) {
    std::string line = std::to_string(d.location.line) + ":" + std::to_string(d.location.column) +
                       " " + d.code + " " + d.path + ": " + d.message;
    if (!d.hint.empty()) line += " | " + d.hint;
    out.push_back(line);
  }
  return out;
}

struct Parsed {
  std::optional<PipelineConfig> config;
  Diagnostics diags;
};

Parsed parse(const std::string& text, const EnvLookup& env = fake_env()) {
  Parsed p;
  p.config = parse_pipeline_config(text, "pipelines/demo.yaml", env, p.diags);
  return p;
}

constexpr const char* kPipeline = R"(pipeline:
  name: orders
  queue_capacity: 4
  dead_letter: dead
  drain_timeout: 5s
  admin: { port: 9100 }
resources:
  db: { plugin: postgres, config: { dsn: "${PG_DSN:-postgres://localhost}" } }
stages:
  src:
    plugin: generate
    config: { count: 100 }
  router:
    plugin: route
    inputs: src
    batch: { max_events: 64, max_wait: 5ms }
    concurrency: 2
    retry: { max_attempts: 3, initial_backoff: 1s, max_backoff: 1m }
    config:
      routes:
        - { name: big, when: "amount > 100" }
  big: { plugin: file-sink, inputs: [router.big, router], config: { path: out/big.jsonl } }
  dead: { plugin: file-sink, inputs: [router.error], config: { path: out/dead.jsonl } }
)";

TEST(PipelineConfig, ReadsAWholePipeline) {
  const auto p = parse(kPipeline);
  ASSERT_TRUE(p.config);
  EXPECT_TRUE(p.diags.empty()) << ::testing::PrintToString(summary(p.diags));
  const PipelineConfig& c = *p.config;
  EXPECT_EQ(c.file, "pipelines/demo.yaml");
  EXPECT_EQ(c.settings.name, "orders");
  EXPECT_EQ(c.settings.queue_capacity, 4u);
  EXPECT_EQ(c.settings.dead_letter, "dead");
  EXPECT_EQ(c.settings.drain_timeout, milliseconds(5000));
  EXPECT_EQ(c.settings.admin_address, "127.0.0.1");
  EXPECT_EQ(c.settings.admin_port, 9100);

  ASSERT_EQ(c.resources.size(), 1u);
  EXPECT_EQ(c.resources[0].name, "db");
  EXPECT_EQ(c.resources[0].plugin, "postgres");
  EXPECT_EQ(c.resources[0].config["dsn"].Scalar(), "postgres://localhost");
  EXPECT_EQ(c.resources[0].location.line, 8);
  EXPECT_EQ(c.resources[0].plugin_location.line, 8);
  EXPECT_EQ(c.resources[0].plugin_location.column, 17);

  ASSERT_EQ(c.stages.size(), 4u);
  EXPECT_EQ(c.stages[0].name, "src");
  EXPECT_EQ(c.stages[1].name, "router");
  EXPECT_EQ(c.stages[2].name, "big");
  EXPECT_EQ(c.stages[3].name, "dead");
}

TEST(PipelineConfig, ReadsStageSettings) {
  const auto p = parse(kPipeline);
  ASSERT_TRUE(p.config);
  const StageConfig& router = p.config->stages[1];
  EXPECT_EQ(router.plugin, "route");
  EXPECT_EQ(router.location.line, 13);
  EXPECT_EQ(router.location.column, 3);
  EXPECT_EQ(router.plugin_location.line, 14);
  EXPECT_EQ(router.plugin_location.column, 13);
  EXPECT_EQ(router.batch.max_events, 64u);
  EXPECT_EQ(router.batch.max_wait, milliseconds(5));
  EXPECT_EQ(router.concurrency, 2);
  EXPECT_EQ(router.retry.max_attempts, 3);
  EXPECT_EQ(router.retry.initial_backoff, milliseconds(1000));
  EXPECT_EQ(router.retry.max_backoff, milliseconds(60000));
  EXPECT_EQ(router.config["routes"][0]["when"].Scalar(), "amount > 100");
}

TEST(PipelineConfig, AbsentSettingsTakeTheirDefaults) {
  const auto p = parse("stages:\n  src: { plugin: generate }\n");
  ASSERT_TRUE(p.config);
  EXPECT_TRUE(p.diags.empty());
  const auto& s = p.config->settings;
  EXPECT_EQ(s.name, "demo");  // the file name without extension
  EXPECT_EQ(s.queue_capacity, 8u);
  EXPECT_EQ(s.dead_letter, "");
  EXPECT_EQ(s.drain_timeout, milliseconds(30000));
  EXPECT_EQ(s.admin_port, 0);
  const StageConfig& src = p.config->stages.at(0);
  EXPECT_EQ(src.batch.max_events, 1024u);
  EXPECT_EQ(src.batch.max_wait, milliseconds(0));
  EXPECT_EQ(src.concurrency, 1);
  EXPECT_EQ(src.retry.max_attempts, 0);
  EXPECT_EQ(src.retry.initial_backoff, milliseconds(100));
  EXPECT_EQ(src.retry.max_backoff, milliseconds(10000));
  EXPECT_TRUE(src.inputs.empty());
  EXPECT_TRUE(src.config.IsNull());  // no config: block
}

TEST(PipelineConfig, InputsAreParsedIntoStageAndOutput) {
  const auto p = parse(kPipeline);
  ASSERT_TRUE(p.config);
  const auto& router_inputs = p.config->stages[1].inputs;  // `inputs: src`, a single string
  ASSERT_EQ(router_inputs.size(), 1u);
  EXPECT_EQ(router_inputs[0].stage, "src");
  EXPECT_EQ(router_inputs[0].output, "");
  EXPECT_EQ(router_inputs[0].text, "src");
  EXPECT_EQ(router_inputs[0].location.line, 15);
  EXPECT_EQ(router_inputs[0].location.column, 13);

  const auto& big_inputs = p.config->stages[2].inputs;
  ASSERT_EQ(big_inputs.size(), 2u);
  EXPECT_EQ(big_inputs[0].stage, "router");
  EXPECT_EQ(big_inputs[0].output, "big");
  EXPECT_EQ(big_inputs[0].text, "router.big");
  EXPECT_EQ(big_inputs[0].location.column, 38);
  EXPECT_EQ(big_inputs[1].stage, "router");
  EXPECT_EQ(big_inputs[1].output, "");
  EXPECT_EQ(p.config->stages[3].inputs.at(0).output, "error");
}

TEST(PipelineConfig, BadInputsAreReported) {
  const auto p = parse(
      "stages:\n"
      "  a: { plugin: x, inputs: [b., .c, { x: 1 }, ok] }\n"
      "  b: { plugin: x, inputs: { a: 1 } }\n");
  ASSERT_TRUE(p.config);
  EXPECT_EQ(summary(p.diags),
            (std::vector<std::string>{
                "2:28 invalid-input stages.a.inputs.0: 'b.' is not a valid input | write stage, "
                "stage.output or stage.error",
                "2:32 invalid-input stages.a.inputs.1: '.c' is not a valid input | write stage, "
                "stage.output or stage.error",
                "2:36 wrong-type stages.a.inputs.2: expected a stage name, got a map | write "
                "stage, stage.output or stage.error",
                "3:19 wrong-type stages.b.inputs: expected a list of inputs, got a map | write "
                "inputs: [stage, stage.output]",
            }));
  ASSERT_EQ(p.config->stages[0].inputs.size(), 1u);
  EXPECT_EQ(p.config->stages[0].inputs[0].text, "ok");
}

TEST(PipelineConfig, YamlSyntaxErrorPointsAtYamlCppsMark) {
  const auto p = parse("stages:\n  src: { plugin: generate\n  sink: {}\n");
  EXPECT_FALSE(p.config);
  ASSERT_EQ(p.diags.size(), 1u);
  EXPECT_EQ(p.diags[0].code, "yaml-syntax");
  EXPECT_EQ(p.diags[0].message, "invalid YAML: end of map flow not found");
  EXPECT_EQ(p.diags[0].location.file, "pipelines/demo.yaml");
  EXPECT_EQ(p.diags[0].location.line, 3);  // where yaml-cpp noticed
  EXPECT_EQ(p.diags[0].location.column, 7);
  EXPECT_EQ(p.diags[0].hint, "a '{' before this point is not closed with '}'");
}

TEST(PipelineConfig, TabIndentationIsASyntaxError) {
  const auto p = parse("stages:\n\tsrc: { plugin: generate }\n");
  EXPECT_FALSE(p.config);
  EXPECT_EQ(summary(p.diags), std::vector<std::string>{
                                  "2:5 yaml-syntax : invalid YAML: illegal map value | YAML does "
                                  "not allow tabs for indentation; use spaces"});
}

TEST(PipelineConfig, EmptyFileIsAnError) {
  for (const char* text : {"", "# only a comment\n", "~\n"}) {
    const auto p = parse(text);
    EXPECT_FALSE(p.config);
    EXPECT_EQ(summary(p.diags), std::vector<std::string>{
                                    "1:1 no-stages : the file is empty | a pipeline needs at least "
                                    "`stages:`"});
  }
}

TEST(PipelineConfig, TopLevelMustBeAMap) {
  const auto p = parse("- a\n- b\n");
  EXPECT_FALSE(p.config);
  EXPECT_EQ(summary(p.diags), std::vector<std::string>{
                                  "1:1 wrong-type : expected a map with pipeline:, resources: and "
                                  "stages:, got a list"});
}

TEST(PipelineConfig, SeveralDocumentsAreAnError) {
  const auto p = parse("stages: {}\n---\nstages: {}\n");
  ASSERT_TRUE(p.config);
  EXPECT_EQ(summary(p.diags), std::vector<std::string>{
                                  "3:1 yaml-syntax : the file holds 2 YAML documents; a pipeline "
                                  "is one | remove the '---' separators, or split the file"});
}

TEST(PipelineConfig, UnknownKeysGetDidYouMeanAtEveryLevel) {
  const auto p = parse(
      "pipline: { name: x }\n"
      "pipeline: { queue_capacty: 3 }\n"
      "stages:\n"
      "  src: { plugin: generate, concurency: 2, bath: { max_event: 3 } }\n"
      "  snk: { plugin: generate, retry: { tries: 3 } }\n");
  ASSERT_TRUE(p.config);
  EXPECT_EQ(summary(p.diags),
            (std::vector<std::string>{
                "1:1 unknown-key pipline: unknown key 'pipline' | did you mean 'pipeline'?",
                "2:13 unknown-key pipeline.queue_capacty: unknown key 'queue_capacty' | did you "
                "mean 'queue_capacity'?",
                "4:28 unknown-key stages.src.concurency: unknown key 'concurency' | did you mean "
                "'concurrency'?",
                "4:43 unknown-key stages.src.bath: unknown key 'bath' | did you mean 'batch'?",
                "5:37 unknown-key stages.snk.retry.tries: unknown key 'tries' | valid keys: "
                "max_attempts, initial_backoff, max_backoff",
            }));
}

TEST(PipelineConfig, EngineSettingsAreTypeAndRangeChecked) {
  const auto p = parse(
      "pipeline: { queue_capacity: 0, drain_timeout: soon }\n"
      "stages:\n"
      "  src: { plugin: generate, concurrency: 0, batch: { max_events: many } }\n"
      "  b: { retry: { initial_backoff: 1m, max_backoff: 1s } }\n");
  ASSERT_TRUE(p.config);
  EXPECT_EQ(summary(p.diags),
            (std::vector<std::string>{
                "1:29 out-of-range pipeline.queue_capacity: must be at least 1, got 0",
                "1:47 wrong-type pipeline.drain_timeout: expected a duration such as 250ms, 2s, "
                "1m, 1h, or milliseconds, got 'soon'",
                "3:41 out-of-range stages.src.concurrency: must be at least 1, got 0",
                "3:65 wrong-type stages.src.batch.max_events: expected integer, got 'many'",
                "4:3 missing-option stages.b.plugin: missing required key 'plugin' | plugin: "
                "Plugin name, or the path of its .so file.",
                "4:34 out-of-range stages.b.retry.initial_backoff: initial_backoff (1m) is longer "
                "than max_backoff (1s) | make initial_backoff at most max_backoff",
            }));
  // Invalid values keep their defaults; the file is refused anyway.
  EXPECT_EQ(p.config->settings.queue_capacity, 8u);
  EXPECT_EQ(p.config->stages[0].concurrency, 1);
}

TEST(PipelineConfig, DuplicateStageNamesBothLines) {
  const auto p = parse(
      "stages:\n"
      "  src: { plugin: generate }\n"
      "  sink: { plugin: file-sink, inputs: [src] }\n"
      "  src: { plugin: kafka-source }\n");
  ASSERT_TRUE(p.config);
  EXPECT_EQ(summary(p.diags), std::vector<std::string>{
                                  "4:3 duplicate-stage stages.src: stage 'src' is defined twice, "
                                  "on lines 2 and 4 | stage names must be unique; rename one of "
                                  "them"});
  ASSERT_EQ(p.config->stages.size(), 2u);  // the first one is kept
  EXPECT_EQ(p.config->stages[0].plugin, "generate");
}

TEST(PipelineConfig, DuplicateKeysAnywhereAreReported) {
  const auto p = parse(
      "resources:\n"
      "  db: { plugin: p }\n"
      "  db: { plugin: q }\n"
      "stages:\n"
      "  src:\n"
      "    plugin: generate\n"
      "    config: { count: 1, count: 2 }\n"
      "    plugin: other\n");
  ASSERT_TRUE(p.config);
  EXPECT_EQ(summary(p.diags),
            (std::vector<std::string>{
                "3:3 duplicate-key resources.db: resource 'db' is defined twice, on lines 2 and 3 "
                "| resource names must be unique; rename one of them",
                "7:25 duplicate-key stages.src.config.count: key 'count' appears twice, on lines "
                "7 and 7 | a YAML map cannot repeat a key; remove one of them",
                "8:5 duplicate-key stages.src.plugin: key 'plugin' appears twice, on lines 6 and 8 "
                "| a YAML map cannot repeat a key; remove one of them",
            }));
  EXPECT_EQ(p.config->stages.at(0).plugin, "generate");
}

TEST(PipelineConfig, StageNamesCannotHoldDots) {
  const auto p = parse("stages:\n  my.src: { plugin: generate }\n");
  ASSERT_TRUE(p.config);
  EXPECT_EQ(summary(p.diags), std::vector<std::string>{
                                  "2:3 invalid-name stages.my.src: stage name 'my.src' may only "
                                  "use letters, digits, '_' and '-' | '.' separates a stage from "
                                  "its output in inputs"});
}

TEST(PipelineConfig, AStageWrittenAsAPluginNameGetsAHint) {
  const auto p = parse("stages:\n  src: generate\n");
  ASSERT_TRUE(p.config);
  EXPECT_EQ(summary(p.diags), std::vector<std::string>{
                                  "2:3 wrong-type stages.src: expected a stage (a map with plugin: "
                                  "and config:), got 'generate' | write `src: { plugin: generate "
                                  "}`"});
  ASSERT_EQ(p.config->stages.size(), 1u);  // kept, so inputs naming it still resolve
  EXPECT_EQ(p.config->stages[0].plugin, "");
}

TEST(PipelineConfig, StagesMustBeAMap) {
  const auto p = parse("stages:\n  - src\n  - sink\n");
  ASSERT_TRUE(p.config);
  EXPECT_EQ(summary(p.diags), std::vector<std::string>{
                                  "1:1 wrong-type stages: expected a map of stage name to stage, "
                                  "got a list | write each stage as `name: { plugin: ... }`"});
  EXPECT_TRUE(p.config->stages.empty());
}

TEST(PipelineConfig, InterpolatesEveryValue) {
  const auto p = parse(
      "stages:\n"
      "  src: { plugin: \"${SRC_PLUGIN}\", config: { count: \"${N}\", topic: \"${T:-orders}\" } }\n",
      fake_env({{"SRC_PLUGIN", "generate"}, {"N", "7"}}));
  ASSERT_TRUE(p.config);
  EXPECT_TRUE(p.diags.empty()) << ::testing::PrintToString(summary(p.diags));
  const StageConfig& src = p.config->stages.at(0);
  EXPECT_EQ(src.plugin, "generate");
  EXPECT_EQ(src.config["count"].Scalar(), "7");
  EXPECT_EQ(src.config["topic"].Scalar(), "orders");
  EXPECT_EQ(p.config->environment_values.size(), 3u);
}

TEST(PipelineConfig, UnsetVariableIsReportedWithItsLocationAndPath) {
  const auto p = parse("resources:\n  pg:\n    plugin: postgres\n    config:\n      dsn: ${PG_DSN}\n");
  ASSERT_TRUE(p.config);
  EXPECT_EQ(summary(p.diags), std::vector<std::string>{
                                  "5:12 env-unset resources.pg.config.dsn: environment variable "
                                  "'PG_DSN' is not set and has no default | set it or write "
                                  "${PG_DSN:-value}"});
}

TEST(PipelineConfig, RecordsTheLocationOfEveryPath) {
  const auto p = parse(kPipeline);
  ASSERT_TRUE(p.config);
  const auto& c = *p.config;
  auto at = [&](const std::string& path) {
    const auto l = c.location_of(path);
    return std::to_string(l.line) + ":" + std::to_string(l.column);
  };
  EXPECT_EQ(at("stages.router.config.routes.0.when"), "21:30");  // a scalar: its value
  EXPECT_EQ(at("stages.router.config.routes.0"), "21:11");       // a list item: the item
  EXPECT_EQ(at("stages.router.config.routes"), "20:7");          // a list: its key
  EXPECT_EQ(at("stages.router"), "13:3");                        // a map: its key
  EXPECT_EQ(at("stages.big.inputs.1"), "22:50");
  EXPECT_EQ(at("pipeline.dead_letter"), "4:16");
  EXPECT_EQ(at("stages"), "9:1");
  EXPECT_EQ(c.location_of("stages.router.config.routes.0.when").file, "pipelines/demo.yaml");
}

TEST(PipelineConfig, LocationOfFallsBackToTheNearestParent) {
  const auto p = parse(kPipeline);
  ASSERT_TRUE(p.config);
  const auto l = p.config->location_of("stages.router.config.routes.0.unset.deeper");
  EXPECT_EQ(l.line, 21);
  EXPECT_EQ(l.column, 11);
  const auto none = p.config->location_of("nothing.here");
  EXPECT_EQ(none.file, "pipelines/demo.yaml");
  EXPECT_EQ(none.line, 0);
  EXPECT_EQ(none.column, 0);
}

TEST(LoadPipelineConfig, MissingFileIsReported) {
  Diagnostics diags;
  const auto config = load_pipeline_config("/nonexistent/dir/p.yaml", fake_env(), diags);
  EXPECT_FALSE(config);
  EXPECT_EQ(summary(diags), std::vector<std::string>{
                                "0:0 file-unreadable : cannot read '/nonexistent/dir/p.yaml': No "
                                "such file or directory"});
}

TEST(LoadPipelineConfig, ReadsAFile) {
  Diagnostics diags;
  const std::string file = std::string(TESTS_SOURCE_DIR) + "/validate/valid.yaml";
  const auto config = load_pipeline_config(file, fake_env({{"FIXTURE_LABEL", "x"}}), diags);
  ASSERT_TRUE(config);
  EXPECT_TRUE(diags.empty()) << ::testing::PrintToString(summary(diags));
  EXPECT_EQ(config->file, file);
  EXPECT_FALSE(config->stages.empty());
}

}  // namespace
}  // namespace streamline::engine
