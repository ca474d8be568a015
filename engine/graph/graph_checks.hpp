#pragma once
// Checks of the stage graph as a whole, after its inputs were resolved
// (build_stage_graph): the pipeline has stages and a source, no stage reads
// from itself through a loop, every non-sink's default output is read, every
// stage is fed by a source, and the dead-letter stage exists.

#include <string>

#include "engine/config/diagnostic.hpp"
#include "engine/graph/stage_graph.hpp"

namespace streamline::engine {

struct GraphCheckContext {
  SourceLocation stages_location;       // of `stages:`, for problems of the whole pipeline
  std::string dead_letter;              // pipeline.dead_letter; empty when not set
  SourceLocation dead_letter_location;  // of its value
};

void check_graph(const StageGraph& graph, const GraphCheckContext& context, Diagnostics& diags);

}  // namespace streamline::engine
