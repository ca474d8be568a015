// make_plan over the spec-fixture test plugins (tests/plugins/spec-fixture).
#include "engine/plan/plan.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace streamline::engine {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

EnvLookup no_env() {
  return [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
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

class PlanTest : public ::testing::Test {
 protected:
  void SetUp() override { plugins_.load_directories({TEST_PLUGIN_DIR}); }

  std::optional<Plan> plan(const std::string& yaml) {
    diags_.clear();
    config_ = parse_pipeline_config(yaml, "p.yaml", no_env(), diags_);
    if (!config_) return std::nullopt;
    return make_plan(*config_, plugins_, diags_);
  }

  PluginRegistry plugins_;
  std::optional<PipelineConfig> config_;
  Diagnostics diags_;
};

constexpr const char* kValid = R"(pipeline:
  dead_letter: dead
resources:
  db: { plugin: spec-fixture-resource, config: { dsn: "${DSN:-postgres://localhost}" } }
stages:
  dead: { plugin: spec-fixture-sink, config: { path: dead.jsonl } }
  small: { plugin: spec-fixture-sink, inputs: [work.small, work], config: { path: small.jsonl } }
  big: { plugin: spec-fixture-sink, inputs: [work.big], config: { path: big.jsonl } }
  work:
    plugin: spec-fixture
    inputs: [src]
    concurrency: 3
    config:
      label: orders
      timeout: 2s
      routes:
        - { name: big, when: "amount > 100" }
        - { name: small, when: "amount <= 100" }
  audit: { plugin: spec-fixture-sink, inputs: [work.error, src.error], config: { path: a.jsonl } }
  src: { plugin: spec-fixture-source, config: { count: 5 } }
)";

TEST_F(PlanTest, ValidPipelineBecomesAPlanInTopologicalOrder) {
  const auto p = plan(kValid);
  ASSERT_TRUE(p) << ::testing::PrintToString(summary(diags_));
  EXPECT_TRUE(diags_.empty()) << ::testing::PrintToString(summary(diags_));
  std::vector<std::string> names;
  for (const auto& s : p->stages) names.push_back(s.name);
  // Stages without inputs first, then each after what it reads; file order breaks ties.
  EXPECT_EQ(names, (std::vector<std::string>{"dead", "src", "work", "small", "big", "audit"}));
  EXPECT_EQ(p->index_of("work"), 2u);
  EXPECT_EQ(p->index_of("nope"), std::nullopt);
  EXPECT_EQ(p->dead_letter, 0u);
  EXPECT_EQ(p->file, "p.yaml");
  EXPECT_EQ(p->settings.dead_letter, "dead");
}

TEST_F(PlanTest, StagesCarryPluginKindConfigAndOutputs) {
  const auto p = plan(kValid);
  ASSERT_TRUE(p) << ::testing::PrintToString(summary(diags_));
  const PlannedStage& work = p->stages[*p->index_of("work")];
  ASSERT_NE(work.plugin, nullptr);
  EXPECT_EQ(work.plugin->name(), "spec-fixture");
  EXPECT_EQ(work.kind, PluginKind::kProcessor);
  EXPECT_EQ(work.concurrency, 3);
  EXPECT_EQ(work.outputs, (std::vector<std::string>{"big", "small"}));
  EXPECT_EQ(work.config.get<std::string>("label"), "orders");
  EXPECT_EQ(work.config.get<std::int64_t>("timeout"), 2000);
  EXPECT_EQ(work.config.get<std::string>("mode"), "safe");  // default filled
  EXPECT_EQ(work.config.at("window").get<int>("size"), 10);
  const PlannedStage& src = p->stages[*p->index_of("src")];
  EXPECT_EQ(src.kind, PluginKind::kSource);
  EXPECT_EQ(src.config.get<int>("count"), 5);
}

TEST_F(PlanTest, ReadersAreIndexedByOutput) {
  const auto p = plan(kValid);
  ASSERT_TRUE(p) << ::testing::PrintToString(summary(diags_));
  auto stages_of = [&](const std::vector<Edge>& edges) {
    std::vector<std::string> names;
    for (const auto& e : edges) names.push_back(p->stages[e.stage].name);
    return names;
  };
  const PlannedStage& work = p->stages[*p->index_of("work")];
  EXPECT_EQ(stages_of(work.default_readers), std::vector<std::string>{"small"});
  EXPECT_EQ(stages_of(work.error_readers), std::vector<std::string>{"audit"});
  ASSERT_EQ(work.named_readers.size(), 2u);
  EXPECT_EQ(stages_of(work.named_readers[0]), std::vector<std::string>{"big"});
  EXPECT_EQ(stages_of(work.named_readers[1]), std::vector<std::string>{"small"});
  const PlannedStage& src = p->stages[*p->index_of("src")];
  EXPECT_EQ(stages_of(src.default_readers), std::vector<std::string>{"work"});
  EXPECT_EQ(stages_of(src.error_readers), std::vector<std::string>{"audit"});

  auto upstream = [&](const char* name) { return p->stages[*p->index_of(name)].upstream_count; };
  EXPECT_EQ(upstream("src"), 0u);
  EXPECT_EQ(upstream("dead"), 0u);   // fed by failures only
  EXPECT_EQ(upstream("small"), 1u);  // two outputs of one stage
  EXPECT_EQ(upstream("audit"), 2u);
}

TEST_F(PlanTest, ResourcesArePlanned) {
  const auto p = plan(kValid);
  ASSERT_TRUE(p) << ::testing::PrintToString(summary(diags_));
  ASSERT_EQ(p->resources.size(), 1u);
  EXPECT_EQ(p->resources[0].name, "db");
  EXPECT_EQ(p->resources[0].plugin->name(), "spec-fixture-resource");
  EXPECT_EQ(p->resources[0].config.get<std::string>("dsn"), "postgres://localhost");
  EXPECT_EQ(p->resources[0].config.get<int>("pool_size"), 4);
  EXPECT_EQ(nlohmann::json::parse(p->resources[0].fingerprint),
            (nlohmann::json{{"plugin", "spec-fixture-resource"},
                            {"version", "1.0.0"},
                            {"file", file_stamp(p->resources[0].plugin->path())},
                            {"config", {{"dsn", "postgres://localhost"}, {"pool_size", 4}}}}));
  EXPECT_FALSE(file_stamp(p->resources[0].plugin->path()).empty());
}

TEST_F(PlanTest, FingerprintHoldsEverythingThatMakesTheStage) {
  const auto p = plan(kValid);
  ASSERT_TRUE(p) << ::testing::PrintToString(summary(diags_));
  const PlannedStage& small = p->stages[*p->index_of("small")];
  const auto fingerprint = nlohmann::json::parse(small.fingerprint);
  EXPECT_EQ(fingerprint, (nlohmann::json{
                             {"plugin", "spec-fixture-sink"},
                             {"version", "1.0.0"},
                             {"file", file_stamp(small.plugin->path())},
                             {"config", {{"path", "small.jsonl"}}},
                             {"inputs", {"work.small", "work"}},
                             {"batch", {{"max_events", 1024}, {"max_wait_ms", 0}}},
                             {"concurrency", 1},
                             {"partition_by", "none"},
                             {"retry",
                              {{"max_attempts", 0},
                               {"initial_backoff_ms", 100},
                               {"max_backoff_ms", 10000}}},
                         }));
}

TEST_F(PlanTest, FingerprintIgnoresHowTheConfigIsWrittenButNotWhatItSays) {
  const std::string base =
      "stages:\n  src: { plugin: spec-fixture-source }\n  out: { plugin: spec-fixture-sink, "
      "inputs: [src], config: { path: x } }\n";
  const auto a = plan(base);
  ASSERT_TRUE(a);
  const auto b = plan(
      "# same stages, defaults spelled out\nstages:\n  out:\n    plugin: spec-fixture-sink\n"
      "    inputs: src\n    config:\n      path: x\n    batch: { max_events: 1024 }\n"
      "  src: { plugin: spec-fixture-source, config: { count: 10 } }\n");
  ASSERT_TRUE(b) << ::testing::PrintToString(summary(diags_));
  const auto c = plan(
      "stages:\n  src: { plugin: spec-fixture-source, config: { count: 11 } }\n  out: { plugin: "
      "spec-fixture-sink, inputs: [src], config: { path: x }, concurrency: 2 }\n");
  ASSERT_TRUE(c);
  auto fp = [](const Plan& p, const char* name) { return p.stages[*p.index_of(name)].fingerprint; };
  EXPECT_EQ(fp(*a, "src"), fp(*b, "src"));
  EXPECT_EQ(fp(*a, "out"), fp(*b, "out"));
  EXPECT_NE(fp(*a, "src"), fp(*c, "src"));
  EXPECT_NE(fp(*a, "out"), fp(*c, "out"));
}

TEST_F(PlanTest, UnknownPluginSuggestsAName) {
  EXPECT_FALSE(plan("stages:\n  src: { plugin: spec-fixture-sorce }\n"));
  EXPECT_EQ(summary(diags_), std::vector<std::string>{
                                 "2:18 unknown-plugin stages.src.plugin: unknown plugin "
                                 "'spec-fixture-sorce' | did you mean 'spec-fixture-source'?"});
}

TEST_F(PlanTest, UnknownPluginWithNothingCloseListsThePlugins) {
  EXPECT_FALSE(plan("stages:\n  src: { plugin: kafka-source }\n"));
  ASSERT_EQ(diags_.size(), 1u);
  EXPECT_EQ(diags_[0].code, "unknown-plugin");
  EXPECT_THAT(diags_[0].hint, StartsWith("available plugins: "));
  EXPECT_THAT(diags_[0].hint, HasSubstr("spec-fixture-sink"));
}

TEST_F(PlanTest, UnknownPluginNamesWhyAFileOfThatNameWasRefused) {
  plugins_.load_directories({std::string(TEST_PLUGIN_DIR) + "/loader"});
  EXPECT_FALSE(plan("stages:\n  src: { plugin: abi-mismatch }\n"));
  ASSERT_EQ(diags_.size(), 1u);
  EXPECT_EQ(diags_[0].message, "unknown plugin 'abi-mismatch'");
  EXPECT_THAT(diags_[0].hint, StartsWith("a plugin file was found but refused: "));
  EXPECT_THAT(diags_[0].hint, HasSubstr("was built for SDK ABI 99"));
}

TEST_F(PlanTest, PluginMayBeNamedByPath) {
  const auto p = plan(std::string("stages:\n  src: { plugin: ") + TEST_PLUGIN_DIR +
                      "/spec-fixture-source.so }\n  out: { plugin: spec-fixture-sink, inputs: [src], "
                      "config: { path: x } }\n");
  ASSERT_TRUE(p) << ::testing::PrintToString(summary(diags_));
  EXPECT_EQ(p->stages[0].plugin->name(), "spec-fixture-source");
}

TEST_F(PlanTest, StagesAndResourcesNeedPluginsOfTheirKind) {
  EXPECT_FALSE(plan(
      "resources:\n  r: { plugin: spec-fixture-source }\n"
      "stages:\n  src: { plugin: spec-fixture-source }\n  db: { plugin: spec-fixture-resource, "
      "inputs: [src], config: { dsn: x } }\n"));
  EXPECT_EQ(summary(diags_),
            (std::vector<std::string>{
                "2:16 wrong-kind resources.r.plugin: plugin 'spec-fixture-source' is a source "
                "plugin and cannot be a resource | declare it under stages:",
                "5:17 wrong-kind stages.db.plugin: plugin 'spec-fixture-resource' is a resource "
                "plugin and cannot run as a stage | declare it under resources: and name the "
                "resource in a stage's config",
            }));
}

TEST_F(PlanTest, SpecErrorsPointIntoTheConfigBlock) {
  EXPECT_FALSE(plan(
      "stages:\n"
      "  src: { plugin: spec-fixture-source, config: { count: -1 } }\n"
      "  work:\n"
      "    plugin: spec-fixture\n"
      "    inputs: [src]\n"
      "    config:\n"
      "      limit: lots\n"
      "  out: { plugin: spec-fixture-sink, inputs: [work] }\n"));
  EXPECT_EQ(summary(diags_),
            (std::vector<std::string>{
                "2:56 out-of-range stages.src.config.count: must be at least 0, got -1",
                "7:14 wrong-type stages.work.config.limit: expected integer, got 'lots'",
                "6:5 missing-option stages.work.config.label: missing required key 'label' | "
                "label: Name attached to every event.",
                "8:3 missing-option stages.out.config.path: missing required key 'path' | path: "
                "Where events would go.",
            }));
}

TEST_F(PlanTest, PluginIssuesAreLocatedAtTheirPath) {
  EXPECT_FALSE(plan(
      "stages:\n"
      "  src: { plugin: spec-fixture-source }\n"
      "  work:\n"
      "    plugin: spec-fixture\n"
      "    inputs: [src]\n"
      "    config:\n"
      "      label: x\n"
      "      mode: strict\n"
      "      routes:\n"
      "        - { name: a, when: \"x > 1\" }\n"
      "        - { name: a, when: \"\" }\n"
      "  out: { plugin: spec-fixture-sink, inputs: [work], config: { path: x } }\n"));
  EXPECT_EQ(summary(diags_),
            (std::vector<std::string>{
                "11:19 invalid-config stages.work.config.routes.1.name: route 'a' is declared twice",
                "11:28 invalid-config stages.work.config.routes.1.when: the condition is empty | "
                "write a condition such as amount > 100",
                // `threshold` is not in the file: its nearest parent, the config block.
                "6:5 invalid-config stages.work.config.threshold: strict mode needs a threshold of "
                "at least 0.9",
            }));
}

TEST_F(PlanTest, PluginExceptionsBecomeDiagnosticsNamingThePlugin) {
  EXPECT_FALSE(plan(
      "stages:\n"
      "  src: { plugin: spec-fixture-source }\n"
      "  a: { plugin: spec-fixture-throws, inputs: [src], config: { throw_in: validate } }\n"
      "  b: { plugin: spec-fixture-throws, inputs: [src], config: { throw_in: outputs } }\n"
      "  out: { plugin: spec-fixture-sink, inputs: [a, b], config: { path: x } }\n"));
  const std::string plugin =
      "plugin 'spec-fixture-throws' (" + std::string(TEST_PLUGIN_DIR) + "/spec-fixture-throws.so)";
  EXPECT_EQ(summary(diags_),
            (std::vector<std::string>{
                "3:52 plugin-error stages.a.config: " + plugin +
                    " failed in validate(): asked to throw in validate() | this is a bug in the "
                    "plugin, not in the file; tell its authors",
                "4:52 plugin-error stages.b.config: " + plugin +
                    " failed in outputs(): an exception that is not a std::exception | this is a "
                    "bug in the plugin, not in the file; tell its authors",
            }));
}

TEST_F(PlanTest, ConcurrencyIsRefusedWhereThePluginDoesNotAllowIt) {
  EXPECT_FALSE(plan(
      "stages:\n  src: { plugin: spec-fixture-source, concurrency: 2 }\n"
      "  out: { plugin: spec-fixture-sink, inputs: [src], config: { path: x }, concurrency: 4 }\n"));
  EXPECT_EQ(summary(diags_), std::vector<std::string>{
                                 "2:52 concurrency-not-allowed stages.src.concurrency: plugin "
                                 "'spec-fixture-source' runs one instance per stage; concurrency 2 "
                                 "is not allowed | remove concurrency: or set it to 1"});
}

TEST_F(PlanTest, PartitionByKeyNeedsAnInputAndMoreThanOneInstance) {
  EXPECT_FALSE(plan(
      "stages:\n  src: { plugin: spec-fixture-source, partition_by: key }\n"
      "  a: { plugin: spec-fixture-sink, inputs: [src], config: { path: x }, partition_by: key }\n"
      "  b: { plugin: spec-fixture-sink, inputs: [src], config: { path: y }, partition_by: order }\n"));
  EXPECT_EQ(summary(diags_),
            (std::vector<std::string>{
                "4:85 not-allowed stages.b.partition_by: 'order' is not one of: none, key",
                "2:53 not-allowed stages.src.partition_by: a source has no input to partition; partition_by: key "
                "is not allowed | remove partition_by:",
                "3:85 not-allowed stages.a.partition_by: partition_by: key changes nothing with one instance | "
                "set concurrency: to 2 or more, or remove partition_by:",
            }));
}

TEST_F(PlanTest, PartitionByKeyIsPlanned) {
  const auto p = plan(
      "stages:\n  src: { plugin: spec-fixture-source }\n"
      "  a: { plugin: spec-fixture-sink, inputs: [src], config: { path: x }, concurrency: 2, partition_by: key }\n"
      "  b: { plugin: spec-fixture-sink, inputs: [src], config: { path: y }, concurrency: 2 }\n");
  ASSERT_TRUE(p) << ::testing::PrintToString(summary(diags_));
  EXPECT_TRUE(diags_.empty()) << ::testing::PrintToString(summary(diags_));
  EXPECT_EQ(p->stages.at(*p->index_of("a")).partition_by, Partitioning::kKey);
  EXPECT_EQ(p->stages.at(*p->index_of("b")).partition_by, Partitioning::kNone);
}

TEST_F(PlanTest, GraphUsesThePluginsOutputs) {
  EXPECT_FALSE(plan(
      "stages:\n"
      "  src: { plugin: spec-fixture-source }\n"
      "  work: { plugin: spec-fixture, inputs: [src], config: { label: x, routes: [{ name: big, "
      "when: y }] } }\n"
      "  out: { plugin: spec-fixture-sink, inputs: [work.bigg, work], config: { path: x } }\n"));
  EXPECT_EQ(summary(diags_), std::vector<std::string>{
                                 "4:46 unknown-output stages.out.inputs.0: stage 'work' has no "
                                 "output 'bigg' | did you mean 'big'? outputs of 'work': big, "
                                 "error"});
}

TEST_F(PlanTest, EveryProblemIsReportedInOnePass) {
  EXPECT_FALSE(plan(
      "pipeline: { dead_letter: dlq }\n"
      "stages:\n"
      "  src: { plugin: spec-fixture-source, config: { cnt: 1 } }\n"
      "  work: { plugin: no-such-plugin, inputs: [src] }\n"
      "  out: { plugin: spec-fixture-sink, inputs: [wrok], config: { path: x } }\n"
      "  loop: { plugin: spec-fixture-sink, inputs: [loop], config: { path: y } }\n"));
  std::vector<std::string> codes;
  for (const auto& d : diags_) codes.push_back(d.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"unknown-key", "unknown-plugin", "unknown-input",
                                             "graph-cycle", "invalid-dead-letter"}));
}

TEST_F(PlanTest, ErrorsFromReadingTheFileAlsoPreventAPlan) {
  const auto p = plan(
      "stages:\n  src: { plugin: spec-fixture-source, concurency: 1 }\n"
      "  out: { plugin: spec-fixture-sink, inputs: [src], config: { path: x } }\n");
  EXPECT_FALSE(p);
  EXPECT_EQ(diags_.size(), 1u);
}

TEST_F(PlanTest, WarningsDoNotPreventAPlan) {
  const auto p = plan(
      "resources:\n  db: { plugin: spec-fixture-resource, config: { dsn: hunter2 } }\n"
      "stages:\n  src: { plugin: spec-fixture-source }\n"
      "  out: { plugin: spec-fixture-sink, inputs: [src], config: { path: x } }\n");
  EXPECT_TRUE(p);
  EXPECT_EQ(summary(diags_), std::vector<std::string>{
                                 "2:55 secret-in-file resources.db.config.dsn: secret 'dsn' is "
                                 "written in the file | read it from the environment: write "
                                 "${VARIABLE} and set VARIABLE where the engine runs"});
}

}  // namespace
}  // namespace streamline::engine
