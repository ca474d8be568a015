#include "engine/graph/graph_checks.hpp"

#include <gtest/gtest.h>

#include "graph_test_support.hpp"

namespace streamline::engine {
namespace {

using namespace testing;

const GraphCheckContext kContext{SourceLocation{"p.yaml", 50, 1}, "", {}};

// Builds and checks; returns every diagnostic of both steps.
Diagnostics check(const std::vector<StageSpec>& specs, const GraphCheckContext& context = kContext) {
  Diagnostics diags;
  const auto graph = build_stage_graph(make_stages(specs), context.dead_letter, diags);
  check_graph(graph, context, diags);
  return diags;
}

TEST(GraphChecks, AValidPipelineHasNoDiagnostics) {
  const auto diags = check({{"src", kSource, {}},
                            {"router", kProcessor, {"src"}, std::vector<std::string>{"big"}},
                            {"big", kSink, {"router.big"}},
                            {"rest", kSink, {"router"}},
                            {"dead", kSink, {"router.error"}}});
  EXPECT_TRUE(diags.empty()) << ::testing::PrintToString(summary(diags));
}

TEST(GraphChecks, NoStages) {
  EXPECT_EQ(summary(check({})), std::vector<std::string>{
                                    "50:1 no-stages stages: the pipeline has no stages | add "
                                    "stages: with at least a source and a sink"});
}

TEST(GraphChecks, NoSource) {
  EXPECT_EQ(summary(check({{"a", kProcessor, {"b"}}, {"b", kSink, {"a"}}})),
            (std::vector<std::string>{
                "50:1 no-source stages: the pipeline has no source stage | every pipeline starts "
                "at a stage whose plugin is a source",
                "1:20 graph-cycle stages.a.inputs.0: stages form a cycle: a -> b -> a | a "
                "pipeline must not loop; remove one of the inputs on this cycle",
            }));
}

TEST(GraphChecks, NoSourceIsNotClaimedWhileAPluginIsUnresolved) {
  const auto diags = check({{"maybe", std::nullopt, {}, std::nullopt}, {"sink", kSink, {"maybe"}}});
  EXPECT_TRUE(diags.empty()) << ::testing::PrintToString(summary(diags));
}

TEST(GraphChecks, CyclePrintsItsChain) {
  const auto diags = check({{"src", kSource, {}},
                            {"a", kProcessor, {"src", "c"}},
                            {"b", kProcessor, {"a"}},
                            {"c", kProcessor, {"b"}},
                            {"sink", kSink, {"c"}}});
  EXPECT_EQ(summary(diags), std::vector<std::string>{
                                "2:30 graph-cycle stages.a.inputs.1: stages form a cycle: a -> b -> "
                                "c -> a | a pipeline must not loop; remove one of the inputs on "
                                "this cycle"});
}

TEST(GraphChecks, StageReadingItselfIsACycle) {
  const auto diags = check({{"src", kSource, {}}, {"echo", kSink, {"src", "echo"}}});
  EXPECT_EQ(summary(diags), std::vector<std::string>{
                                "2:30 graph-cycle stages.echo.inputs.1: stages form a cycle: echo "
                                "-> echo | a pipeline must not loop; remove one of the inputs on "
                                "this cycle"});
}

TEST(GraphChecks, EachCycleIsReportedOnceWithItsShortestChain) {
  // x <-> y and a loop p -> q -> r -> p that also has the shortcut q -> p.
  const auto diags = check({{"src", kSource, {}},
                            {"x", kProcessor, {"src", "y"}},
                            {"y", kProcessor, {"x"}},
                            {"p", kProcessor, {"src", "r", "q"}},
                            {"q", kProcessor, {"p"}},
                            {"r", kSink, {"q"}},
                            {"out", kSink, {"y"}}});
  EXPECT_EQ(summary(diags),
            (std::vector<std::string>{
                "2:30 graph-cycle stages.x.inputs.1: stages form a cycle: x -> y -> x | a pipeline "
                "must not loop; remove one of the inputs on this cycle",
                "4:40 graph-cycle stages.p.inputs.2: stages form a cycle: p -> q -> p | a pipeline "
                "must not loop; remove one of the inputs on this cycle",
            }));
}

TEST(GraphChecks, DanglingProcessorIsAnError) {
  const auto diags = check({{"src", kSource, {}}, {"enrich", kProcessor, {"src"}}});
  EXPECT_EQ(summary(diags), std::vector<std::string>{
                                "2:3 dangling-stage stages.enrich: nothing reads from stage "
                                "'enrich', and it is not a sink | the events it passes would be "
                                "lost; add a stage with inputs: [enrich], or remove it"});
}

TEST(GraphChecks, ReadingOnlyNamedOutputsIsEnough) {
  // A router that drops what no route takes has nothing on its default output.
  const auto diags = check({{"src", kSource, {}},
                            {"router", kProcessor, {"src"}, std::vector<std::string>{"big"}},
                            {"big", kSink, {"router.big"}}});
  EXPECT_TRUE(diags.empty()) << ::testing::PrintToString(summary(diags));
}

TEST(GraphChecks, ReadingOnlyTheErrorOutputIsDangling) {
  const auto diags = check({{"src", kSource, {}},
                            {"enrich", kProcessor, {"src"}},
                            {"dead", kSink, {"enrich.error"}}});
  EXPECT_EQ(summary(diags), std::vector<std::string>{
                                "2:3 dangling-stage stages.enrich: only the error output of stage "
                                "'enrich' is read, and it is not a sink | the events it passes "
                                "would be lost; add a stage with inputs: [enrich], or remove it"});
}

TEST(GraphChecks, SourceNobodyReadsIsDangling) {
  const auto diags = check({{"src", kSource, {}}, {"idle", kSource, {}}, {"sink", kSink, {"src"}}});
  EXPECT_EQ(summary(diags), std::vector<std::string>{
                                "2:3 dangling-stage stages.idle: nothing reads from stage 'idle', "
                                "and it is not a sink | the events it passes would be lost; add a "
                                "stage with inputs: [idle], or remove it"});
}

TEST(GraphChecks, SinksAndUnresolvedStagesAreNeverDangling) {
  const auto diags = check({{"src", kSource, {}},
                            {"db", kSink, {"src"}},
                            {"unknown", std::nullopt, {"src"}, std::nullopt}});
  EXPECT_TRUE(diags.empty()) << ::testing::PrintToString(summary(diags));
}

TEST(GraphChecks, StagesFedOnlyByAnUnfedCycleAreUnreachable) {
  const auto diags = check({{"src", kSource, {}},
                            {"sink", kSink, {"src"}},
                            {"a", kProcessor, {"b"}},
                            {"b", kProcessor, {"a"}},
                            {"after", kSink, {"b"}}});
  EXPECT_EQ(summary(diags),
            (std::vector<std::string>{
                "3:20 graph-cycle stages.a.inputs.0: stages form a cycle: a -> b -> a | a pipeline "
                "must not loop; remove one of the inputs on this cycle",
                "5:3 unreachable stages.after: stage 'after' is not reachable from any source | it "
                "reads only from 'b', which no source feeds",
            }));
}

TEST(GraphChecks, StagesDownstreamOfAStageWithoutInputsAreUnreachable) {
  const auto diags = check({{"src", kSource, {}},
                            {"sink", kSink, {"src"}},
                            {"orphan", kProcessor, {}},
                            {"after", kSink, {"orphan"}}});
  EXPECT_EQ(summary(diags),
            (std::vector<std::string>{
                "3:3 no-inputs stages.orphan: stage 'orphan' has no inputs | add inputs: [<stage>] "
                "naming the stage it reads from",
                "4:3 unreachable stages.after: stage 'after' is not reachable from any source | it "
                "reads only from 'orphan', which no source feeds",
            }));
}

TEST(GraphChecks, DeadLetterMustNameAStage) {
  GraphCheckContext context = kContext;
  context.dead_letter = "ded";
  context.dead_letter_location = SourceLocation{"p.yaml", 40, 16};
  EXPECT_EQ(summary(check({{"src", kSource, {}}, {"dead", kSink, {"src.error"}}, {"ok", kSink, {"src"}}},
                          context)),
            std::vector<std::string>{"40:16 invalid-dead-letter pipeline.dead_letter: dead_letter "
                                     "names 'ded', which is not a stage | did you mean 'dead'?"});
  context.dead_letter = "zzz";
  EXPECT_EQ(summary(check({{"src", kSource, {}}, {"ok", kSink, {"src"}}}, context)),
            std::vector<std::string>{"40:16 invalid-dead-letter pipeline.dead_letter: dead_letter "
                                     "names 'zzz', which is not a stage | stages: src, ok"});
}

TEST(GraphChecks, DeadLetterCannotBeASource) {
  GraphCheckContext context = kContext;
  context.dead_letter = "src";
  context.dead_letter_location = SourceLocation{"p.yaml", 40, 16};
  EXPECT_EQ(summary(check({{"src", kSource, {}}, {"ok", kSink, {"src"}}}, context)),
            std::vector<std::string>{"40:16 invalid-dead-letter pipeline.dead_letter: dead_letter "
                                     "names 'src', which is a source | the dead-letter stage "
                                     "receives failed events: make it a sink"});
}

TEST(GraphChecks, DeadLetterStageWithoutInputsIsFedByFailures) {
  GraphCheckContext context = kContext;
  context.dead_letter = "dead";
  const auto diags = check(
      {{"src", kSource, {}}, {"ok", kSink, {"src"}}, {"dead", kSink, {}}, {"audit", kSink, {"dead"}}},
      context);
  EXPECT_TRUE(diags.empty()) << ::testing::PrintToString(summary(diags));
}

}  // namespace
}  // namespace streamline::engine
