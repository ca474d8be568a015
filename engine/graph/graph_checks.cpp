#include "engine/graph/graph_checks.hpp"

#include <algorithm>
#include <deque>

#include "engine/config/diagnostic_codes.hpp"
#include "engine/config/did_you_mean.hpp"
#include "engine/graph/cycles.hpp"

namespace streamline::engine {

namespace {

class GraphChecker {
 public:
  GraphChecker(const StageGraph& graph, const GraphCheckContext& context, Diagnostics& diags)
      : graph_(graph), context_(context), diags_(diags), on_cycle_(graph.stages.size(), false) {}

  void run() {
    if (graph_.stages.empty()) {
      report(codes::kNoStages, "the pipeline has no stages", "stages", context_.stages_location,
             "add stages: with at least a source and a sink");
      return;
    }
    const bool has_source = check_has_source();
    check_cycles();
    check_dead_letter();
    check_dangling();
    if (has_source) check_reachable();
  }

 private:
  bool check_has_source() {
    bool possible = false;  // a stage whose plugin did not resolve may be a source
    for (const auto& stage : graph_.stages) {
      if (stage.kind == PluginKind::kSource) return true;
      if (!stage.kind) possible = true;
    }
    if (!possible)
      report(codes::kNoSource, "the pipeline has no source stage", "stages",
             context_.stages_location,
             "every pipeline starts at a stage whose plugin is a source");
    return possible;
  }

  void check_cycles() {
    for (const auto& cycle : find_cycles(graph_)) {
      std::string chain = graph_.stages[cycle.front().from].name;
      for (const auto& edge : cycle) {
        chain += " -> " + graph_.stages[edge.to].name;
        on_cycle_[edge.to] = true;
      }
      // Point at the input that closes the loop, in the chain's first stage.
      const GraphEdge& closing = cycle.back();
      const GraphStage& first = graph_.stages[closing.to];
      report(codes::kGraphCycle, "stages form a cycle: " + chain,
             input_path(first.name, closing.input), first.inputs[closing.input].location,
             "a pipeline must not loop; remove one of the inputs on this cycle");
    }
  }

  void check_dead_letter() {
    if (context_.dead_letter.empty()) return;
    const auto index = graph_.index_of(context_.dead_letter);
    if (!index) {
      std::vector<std::string> names;
      for (const auto& stage : graph_.stages) names.push_back(stage.name);
      std::string hint = did_you_mean(context_.dead_letter, names);
      if (hint.empty()) hint = "stages: " + join(names);
      report(codes::kInvalidDeadLetter,
             "dead_letter names '" + context_.dead_letter + "', which is not a stage",
             "pipeline.dead_letter", context_.dead_letter_location, std::move(hint));
      return;
    }
    if (graph_.stages[*index].kind == PluginKind::kSource)
      report(codes::kInvalidDeadLetter,
             "dead_letter names '" + context_.dead_letter + "', which is a source",
             "pipeline.dead_letter", context_.dead_letter_location,
             "the dead-letter stage receives failed events: make it a sink");
  }

  // A source or processor that no stage reads from (its error output aside)
  // does work whose results go nowhere. Reading only named outputs is
  // enough: a router may drop what no route takes (route's drop_unmatched),
  // and what it does pass with no reader is dropped and counted, not lost
  // silently. Sinks are ends; a stage without a known kind is skipped.
  void check_dangling() {
    for (std::size_t v = 0; v < graph_.stages.size(); ++v) {
      const GraphStage& stage = graph_.stages[v];
      if (stage.kind != PluginKind::kSource && stage.kind != PluginKind::kProcessor) continue;
      bool results_read = false, errors_read = false;
      for (const auto& e : graph_.edges) {
        if (e.from != v) continue;
        if (e.output == kErrorOutput) errors_read = true;
        else results_read = true;
      }
      if (results_read) continue;
      report(codes::kDanglingStage,
             errors_read ? "only the error output of stage '" + stage.name +
                               "' is read, and it is not a sink"
                         : "nothing reads from stage '" + stage.name + "', and it is not a sink",
             "stages." + stage.name, stage.location,
             "the events it passes would be lost; add a stage with inputs: [" + stage.name +
                 "], or remove it");
    }
  }

  void check_reachable() {
    const std::size_t n = graph_.stages.size();
    std::vector<bool> reached(n, false);
    std::deque<std::size_t> queue;
    for (std::size_t v = 0; v < n; ++v) {
      const GraphStage& stage = graph_.stages[v];
      // Roots: sources, stages that may be sources, and the dead-letter stage
      // (fed by the failures of every stage).
      const bool root = stage.kind == PluginKind::kSource ||
                        (!stage.kind && stage.inputs.empty()) ||
                        stage.name == context_.dead_letter;
      if (root) {
        reached[v] = true;
        queue.push_back(v);
      }
    }
    while (!queue.empty()) {
      const std::size_t v = queue.front();
      queue.pop_front();
      for (const auto& e : graph_.edges)
        if (e.from == v && !reached[e.to]) {
          reached[e.to] = true;
          queue.push_back(e.to);
        }
    }
    for (std::size_t v = 0; v < n; ++v) {
      if (reached[v] || on_cycle_[v] || !has_resolved_input(v)) continue;  // reported already
      const GraphStage& stage = graph_.stages[v];
      report(codes::kUnreachable, "stage '" + stage.name + "' is not reachable from any source",
             "stages." + stage.name, stage.location,
             "it reads only from " + upstream_names(v) + ", which no source feeds");
    }
  }

  bool has_resolved_input(std::size_t v) const {
    return std::any_of(graph_.edges.begin(), graph_.edges.end(),
                       [&](const GraphEdge& e) { return e.to == v; });
  }

  std::string upstream_names(std::size_t v) const {
    std::vector<std::string> names;
    for (const auto& e : graph_.edges) {
      const std::string name = "'" + graph_.stages[e.from].name + "'";
      if (e.to == v && std::find(names.begin(), names.end(), name) == names.end())
        names.push_back(name);
    }
    return join(names);
  }

  void report(const char* code, std::string message, std::string path, SourceLocation where,
              std::string hint) {
    diags_.push_back({Severity::kError, code, std::move(message), std::move(path),
                      std::move(where), std::move(hint)});
  }

  const StageGraph& graph_;
  const GraphCheckContext& context_;
  Diagnostics& diags_;
  std::vector<bool> on_cycle_;
};

}  // namespace

void check_graph(const StageGraph& graph, const GraphCheckContext& context, Diagnostics& diags) {
  GraphChecker(graph, context, diags).run();
}

}  // namespace streamline::engine
