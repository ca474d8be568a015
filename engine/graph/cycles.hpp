#pragma once
// Cycles in the stage graph, each as the chain a user can follow in the file.

#include <cstddef>
#include <vector>

#include "engine/graph/stage_graph.hpp"

namespace streamline::engine {

// One cycle per group of stages that read from each other (strongly
// connected component): the shortest loop through the group's first stage in
// file order, as edges in data-flow order. cycle.front().from ==
// cycle.back().to; a stage reading itself is a cycle of one edge.
std::vector<std::vector<GraphEdge>> find_cycles(const StageGraph& graph);

}  // namespace streamline::engine
