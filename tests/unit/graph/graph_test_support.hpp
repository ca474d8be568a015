#pragma once
// Building graphs for tests: stage i sits on line i+1, its k-th input at
// column 20 + 10k, so every diagnostic's location says which item it blames.

#include <optional>
#include <string>
#include <vector>

#include "engine/graph/stage_graph.hpp"

namespace streamline::engine::testing {

struct StageSpec {
  std::string name;
  std::optional<PluginKind> kind;
  std::vector<std::string> inputs;
  std::optional<std::vector<std::string>> outputs = std::vector<std::string>{};
};

inline std::vector<GraphStage> make_stages(const std::vector<StageSpec>& specs) {
  std::vector<GraphStage> stages;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const auto& spec = specs[i];
    const int line = static_cast<int>(i) + 1;
    GraphStage stage{spec.name, spec.kind, spec.outputs, {}, SourceLocation{"p.yaml", line, 3}};
    for (std::size_t k = 0; k < spec.inputs.size(); ++k) {
      const std::string& text = spec.inputs[k];
      const auto dot = text.find('.');
      stage.inputs.push_back(InputRef{text.substr(0, dot),
                                      dot == std::string::npos ? "" : text.substr(dot + 1),
                                      SourceLocation{"p.yaml", line, 20 + 10 * static_cast<int>(k)},
                                      text});
    }
    stages.push_back(std::move(stage));
  }
  return stages;
}

// "line:column code path: message | hint"
inline std::vector<std::string> summary(const Diagnostics& diags) {
  std::vector<std::string> out;
  for (const auto& d : diags) {
    std::string line = std::to_string(d.location.line) + ":" + std::to_string(d.location.column) +
                       " " + d.code + " " + d.path + ": " + d.message;
    if (!d.hint.empty()) line += " | " + d.hint;
    out.push_back(line);
  }
  return out;
}

inline constexpr auto kSource = PluginKind::kSource;
inline constexpr auto kProcessor = PluginKind::kProcessor;
inline constexpr auto kSink = PluginKind::kSink;

}  // namespace streamline::engine::testing
