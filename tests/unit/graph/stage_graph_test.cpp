#include "engine/graph/stage_graph.hpp"

#include <gtest/gtest.h>

#include "graph_test_support.hpp"

namespace streamline::engine {
namespace {

using namespace testing;

bool same(const GraphEdge& a, const GraphEdge& b) {
  return a.from == b.from && a.output == b.output && a.to == b.to && a.input == b.input;
}

TEST(StageGraph, ResolvesDefaultNamedAndErrorOutputs) {
  Diagnostics diags;
  const auto graph = build_stage_graph(
      make_stages({{"src", kSource, {}},
                   {"router", kProcessor, {"src"}, std::vector<std::string>{"big", "small"}},
                   {"big", kSink, {"router.big"}},
                   {"small", kSink, {"router.small", "router"}},
                   {"dead", kSink, {"router.error"}}}),
      "", diags);
  EXPECT_TRUE(diags.empty()) << ::testing::PrintToString(summary(diags));
  ASSERT_EQ(graph.edges.size(), 5u);
  EXPECT_TRUE(same(graph.edges[0], {0, kDefaultOutput, 1, 0}));
  EXPECT_TRUE(same(graph.edges[1], {1, 0, 2, 0}));
  EXPECT_TRUE(same(graph.edges[2], {1, 1, 3, 0}));
  EXPECT_TRUE(same(graph.edges[3], {1, kDefaultOutput, 3, 1}));
  EXPECT_TRUE(same(graph.edges[4], {1, kErrorOutput, 4, 0}));
  EXPECT_EQ(graph.index_of("small"), 3u);
  EXPECT_EQ(graph.index_of("nope"), std::nullopt);
}

TEST(StageGraph, UnknownInputSuggestsAStage) {
  Diagnostics diags;
  const auto graph = build_stage_graph(
      make_stages({{"source", kSource, {}}, {"sink", kSink, {"sourse", "elsewhere"}}}), "", diags);
  EXPECT_EQ(summary(diags),
            (std::vector<std::string>{
                "2:20 unknown-input stages.sink.inputs.0: stage 'sink' reads from 'sourse', which "
                "is not a stage | did you mean 'source'?",
                "2:30 unknown-input stages.sink.inputs.1: stage 'sink' reads from 'elsewhere', "
                "which is not a stage | stages: source, sink",
            }));
  EXPECT_TRUE(graph.edges.empty());
}

TEST(StageGraph, UnknownOutputListsTheStagesOutputs) {
  Diagnostics diags;
  build_stage_graph(
      make_stages({{"src", kSource, {}},
                   {"router", kProcessor, {"src"}, std::vector<std::string>{"big", "small"}},
                   {"a", kSink, {"router.bigg"}},
                   {"b", kSink, {"router.large"}},
                   {"c", kSink, {"src.big"}}}),
      "", diags);
  EXPECT_EQ(summary(diags),
            (std::vector<std::string>{
                "3:20 unknown-output stages.a.inputs.0: stage 'router' has no output 'bigg' | did "
                "you mean 'big'? outputs of 'router': big, small, error",
                "4:20 unknown-output stages.b.inputs.0: stage 'router' has no output 'large' | "
                "outputs of 'router': big, small, error",
                "5:20 unknown-output stages.c.inputs.0: stage 'src' has no output 'big' | outputs "
                "of 'src': error",
            }));
}

TEST(StageGraph, OutputsOfAnUnresolvedStageAreNotChecked) {
  Diagnostics diags;
  const auto graph = build_stage_graph(
      make_stages({{"src", std::nullopt, {}, std::nullopt}, {"sink", kSink, {"src.one", "src.two"}}}),
      "", diags);
  EXPECT_TRUE(diags.empty()) << ::testing::PrintToString(summary(diags));  // not "twice" either
  ASSERT_EQ(graph.edges.size(), 2u);
  EXPECT_EQ(graph.edges[0].output, kUnresolvedOutput);
  EXPECT_EQ(graph.edges[1].output, kUnresolvedOutput);
}

TEST(StageGraph, SameInputTwiceIsAnError) {
  Diagnostics diags;
  const auto graph = build_stage_graph(
      make_stages({{"src", kSource, {}}, {"sink", kSink, {"src", "src.error", "src"}}}), "", diags);
  EXPECT_EQ(summary(diags), std::vector<std::string>{
                                "2:40 duplicate-input stages.sink.inputs.2: stage 'sink' lists "
                                "input 'src' twice | every event would arrive twice; remove one"});
  EXPECT_EQ(graph.edges.size(), 2u);
}

TEST(StageGraph, SourceWithInputsIsAnError) {
  Diagnostics diags;
  const auto graph = build_stage_graph(
      make_stages({{"a", kSource, {}}, {"b", kSource, {"a"}}, {"sink", kSink, {"a", "b"}}}), "",
      diags);
  EXPECT_EQ(summary(diags), std::vector<std::string>{
                                "2:20 source-has-inputs stages.b.inputs.0: source stage 'b' cannot "
                                "have inputs | a source reads from outside the pipeline; remove "
                                "its inputs:"});
  EXPECT_EQ(graph.edges.size(), 2u);  // the source's inputs make no edges
}

TEST(StageGraph, NonSourceWithoutInputsIsAnError) {
  Diagnostics diags;
  build_stage_graph(make_stages({{"src", kSource, {}}, {"proc", kProcessor, {}}, {"sink", kSink, {}}}),
                    "", diags);
  EXPECT_EQ(summary(diags),
            (std::vector<std::string>{
                "2:3 no-inputs stages.proc: stage 'proc' has no inputs | add inputs: [<stage>] "
                "naming the stage it reads from",
                "3:3 no-inputs stages.sink: stage 'sink' has no inputs | add inputs: [<stage>] "
                "naming the stage it reads from",
            }));
}

TEST(StageGraph, DeadLetterAndUnresolvedStagesNeedNoInputs) {
  Diagnostics diags;
  build_stage_graph(
      make_stages({{"src", kSource, {}}, {"dead", kSink, {}}, {"unknown", std::nullopt, {}}}),
      "dead", diags);
  EXPECT_TRUE(diags.empty()) << ::testing::PrintToString(summary(diags));
}

}  // namespace
}  // namespace streamline::engine
