#include "engine/graph/topological_order.hpp"

#include <gtest/gtest.h>

#include "graph_test_support.hpp"

namespace streamline::engine {
namespace {

using namespace testing;

std::vector<std::string> order_of(const std::vector<StageSpec>& specs) {
  Diagnostics diags;
  const auto graph = build_stage_graph(make_stages(specs), "", diags);
  std::vector<std::string> names;
  for (std::size_t i : topological_order(graph)) names.push_back(graph.stages[i].name);
  return names;
}

TEST(TopologicalOrder, EveryStageComesAfterWhatItReads) {
  EXPECT_EQ(order_of({{"sink", kSink, {"b", "a"}},
                      {"b", kProcessor, {"a"}},
                      {"a", kProcessor, {"src"}},
                      {"src", kSource, {}}}),
            (std::vector<std::string>{"src", "a", "b", "sink"}));
}

TEST(TopologicalOrder, FileOrderBreaksTies) {
  EXPECT_EQ(order_of({{"s2", kSink, {"src"}},
                      {"s1", kSink, {"src"}},
                      {"other", kSource, {}},
                      {"src", kSource, {}},
                      {"s3", kSink, {"other"}}}),
            (std::vector<std::string>{"other", "src", "s2", "s1", "s3"}));
}

TEST(TopologicalOrder, StagesOnACycleAreLeftOut) {
  EXPECT_EQ(order_of({{"src", kSource, {}},
                      {"a", kProcessor, {"src", "b"}},
                      {"b", kProcessor, {"a"}},
                      {"ok", kSink, {"src"}}}),
            (std::vector<std::string>{"src", "ok"}));
}

}  // namespace
}  // namespace streamline::engine
