#include "engine/graph/stage_graph.hpp"

#include <set>
#include <utility>

#include "engine/config/diagnostic_codes.hpp"
#include "engine/config/did_you_mean.hpp"

namespace streamline::engine {

namespace {

std::vector<std::string> stage_names(const std::vector<GraphStage>& stages) {
  std::vector<std::string> names;
  names.reserve(stages.size());
  for (const auto& s : stages) names.push_back(s.name);
  return names;
}

class GraphBuilder {
 public:
  GraphBuilder(std::vector<GraphStage> stages, const std::string& dead_letter, Diagnostics& diags)
      : dead_letter_(dead_letter), diags_(diags) {
    graph_.stages = std::move(stages);
    names_ = stage_names(graph_.stages);
  }

  StageGraph build() && {
    for (std::size_t i = 0; i < graph_.stages.size(); ++i) resolve_inputs(i);
    return std::move(graph_);
  }

 private:
  void resolve_inputs(std::size_t reader) {
    const GraphStage& stage = graph_.stages[reader];
    if (stage.kind == PluginKind::kSource) {
      if (!stage.inputs.empty())
        report(codes::kSourceHasInputs, "source stage '" + stage.name + "' cannot have inputs",
               input_path(stage.name, 0), stage.inputs.front().location,
               "a source reads from outside the pipeline; remove its inputs:");
      return;
    }
    if (stage.inputs.empty()) {
      // The dead-letter stage is fed by the failures of every stage.
      if (stage.kind && stage.name != dead_letter_)
        report(codes::kNoInputs, "stage '" + stage.name + "' has no inputs", "stages." + stage.name,
               stage.location, "add inputs: [<stage>] naming the stage it reads from");
      return;
    }
    // By output name as written: outputs of an unresolved stage have no index.
    std::set<std::pair<std::size_t, std::string>> seen;
    for (std::size_t k = 0; k < stage.inputs.size(); ++k) {
      auto edge = resolve(reader, k);
      if (!edge) continue;
      const InputRef& ref = stage.inputs[k];
      if (!seen.emplace(edge->from, ref.output).second) {
        report(codes::kDuplicateInput,
               "stage '" + stage.name + "' lists input '" + ref.text + "' twice",
               input_path(stage.name, k), ref.location,
               "every event would arrive twice; remove one");
        continue;
      }
      graph_.edges.push_back(*edge);
    }
  }

  std::optional<GraphEdge> resolve(std::size_t reader, std::size_t k) {
    const GraphStage& stage = graph_.stages[reader];
    const InputRef& ref = stage.inputs[k];
    const auto from = graph_.index_of(ref.stage);
    if (!from) {
      std::string hint = did_you_mean(ref.stage, names_);
      if (hint.empty()) hint = "stages: " + join(names_);
      report(codes::kUnknownInput,
             "stage '" + stage.name + "' reads from '" + ref.stage + "', which is not a stage",
             input_path(stage.name, k), ref.location, std::move(hint));
      return std::nullopt;
    }
    const auto output = resolve_output(graph_.stages[*from], ref, input_path(stage.name, k));
    if (!output) return std::nullopt;
    return GraphEdge{*from, *output, reader, k};
  }

  std::optional<int> resolve_output(const GraphStage& upstream, const InputRef& ref,
                                    const std::string& path) {
    if (ref.output.empty()) return kDefaultOutput;
    if (ref.output == "error") return kErrorOutput;
    if (!upstream.outputs) return kUnresolvedOutput;
    const auto& outputs = *upstream.outputs;
    for (std::size_t i = 0; i < outputs.size(); ++i)
      if (outputs[i] == ref.output) return static_cast<int>(i);

    std::vector<std::string> all = outputs;
    all.push_back("error");
    std::string hint = did_you_mean(ref.output, all);
    if (!hint.empty()) hint += " ";
    hint += "outputs of '" + upstream.name + "': " + join(all);
    report(codes::kUnknownOutput,
           "stage '" + upstream.name + "' has no output '" + ref.output + "'", path, ref.location,
           std::move(hint));
    return std::nullopt;
  }

  void report(const char* code, std::string message, std::string path, SourceLocation where,
              std::string hint) {
    diags_.push_back({Severity::kError, code, std::move(message), std::move(path),
                      std::move(where), std::move(hint)});
  }

  StageGraph graph_;
  std::vector<std::string> names_;
  const std::string& dead_letter_;
  Diagnostics& diags_;
};

}  // namespace

std::optional<std::size_t> StageGraph::index_of(std::string_view name) const {
  for (std::size_t i = 0; i < stages.size(); ++i)
    if (stages[i].name == name) return i;
  return std::nullopt;
}

StageGraph build_stage_graph(std::vector<GraphStage> stages, const std::string& dead_letter,
                             Diagnostics& diags) {
  return GraphBuilder(std::move(stages), dead_letter, diags).build();
}

std::string input_path(const std::string& stage, std::size_t index) {
  return "stages." + stage + ".inputs." + std::to_string(index);
}

}  // namespace streamline::engine
