#pragma once
// The order the runtime starts stages in reverse and stops them in: every
// stage after all the stages it reads from.

#include <cstddef>
#include <vector>

#include "engine/graph/stage_graph.hpp"

namespace streamline::engine {

// Stage indexes; among stages free to go next, file order decides, so the
// order is stable across runs. For a graph with cycles the stages on and
// after a cycle are missing (find_cycles reports them).
std::vector<std::size_t> topological_order(const StageGraph& graph);

}  // namespace streamline::engine
