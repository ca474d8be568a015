#pragma once
// StageGraph: the stages of a pipeline and who reads from whom.
//
// Built from the stages' `inputs:` once their plugins are known (a stage's
// kind and its named outputs come from its plugin). Building resolves every
// input reference and reports the problems of single inputs; graph_checks.hpp
// checks the graph as a whole.
//
// The graph does not need every plugin: a stage whose plugin could not be
// resolved has no kind and no outputs, and the checks that need them skip it,
// so the other stages are still checked in the same pass.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <streamline/plugin.hpp>

#include "engine/config/diagnostic.hpp"
#include "engine/config/pipeline_config.hpp"

namespace streamline::engine {

// Which output of a stage an edge reads: one of these, or 0..n-1 for the
// plugin's named outputs, as Batch::send indexes them.
inline constexpr int kDefaultOutput = -1;
inline constexpr int kErrorOutput = -2;
// A named output of a stage whose outputs are unknown (its plugin did not
// resolve). Never present in a graph without errors.
inline constexpr int kUnresolvedOutput = -3;

struct GraphStage {
  std::string name;
  std::optional<PluginKind> kind;                   // nullopt: plugin not resolved
  std::optional<std::vector<std::string>> outputs;  // named outputs; nullopt: not known
  std::vector<InputRef> inputs;
  SourceLocation location;  // of the stage's key
};

struct GraphEdge {
  std::size_t from;  // the stage read from
  int output;        // which of its outputs
  std::size_t to;    // the reading stage
  std::size_t input; // index of the reference in stages[to].inputs
};

struct StageGraph {
  std::vector<GraphStage> stages;  // in file order
  std::vector<GraphEdge> edges;    // in file order of the reading stage's inputs

  std::optional<std::size_t> index_of(std::string_view name) const;
};

// Resolves every stage's inputs into edges. Reports unknown stages and
// outputs (with did-you-mean), inputs listed twice, sources with inputs and
// other stages without.
StageGraph build_stage_graph(std::vector<GraphStage> stages, const std::string& dead_letter,
                             Diagnostics& diags);

// "stages.<name>.inputs.<index>"
std::string input_path(const std::string& stage, std::size_t index);

}  // namespace streamline::engine
