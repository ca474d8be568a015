// `engine graph FILE [--format dot|mermaid] [--plugin-dir DIR]...`
//
// Prints the stage graph of a pipeline file, from the checked plan (the same
// checks as `engine validate`: an invalid file prints its diagnostics to
// stderr and exits 1). Exit 2 on a usage error.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "engine/cli/command.hpp"
#include "engine/cli/command_line.hpp"
#include "engine/config/diagnostic_format.hpp"
#include "engine/config/pipeline_config.hpp"
#include "engine/loader/plugin_loader.hpp"
#include "engine/plan/graph_render.hpp"
#include "engine/plan/plan.hpp"

namespace streamline::engine {
namespace {

constexpr const char* kUsage = R"(usage: engine graph FILE [options]

Prints the stage graph of the pipeline in FILE: stages with their plugins,
edges labelled with the output they read (named outputs, "error"), and the
implicit edges to the dead-letter stage dashed. The file is checked as by
`engine validate` first; nothing is connected to.

options:
  --format FORMAT      dot (default; Graphviz: `| dot -Tsvg > graph.svg`) or mermaid
  --plugin-dir DIR     look for plugins in DIR first (repeatable); also STREAMLINE_PLUGIN_PATH
  -h, --help           this text
)";

int usage_error(const std::string& message) { return report_usage_error("graph", message, kUsage); }

std::optional<GraphFormat> parse_graph_format(const std::string& name) {
  if (name == "dot") return GraphFormat::kDot;
  if (name == "mermaid") return GraphFormat::kMermaid;
  return std::nullopt;
}

}  // namespace

int run_graph_command(const Args& args) {
  std::string problem;
  const auto line = read_command_line(args, {"--format", "--plugin-dir"}, problem);
  if (!line) return usage_error(problem);
  if (line->help) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  std::vector<std::string> dirs;
  GraphFormat format = GraphFormat::kDot;
  for (const auto& [name, value] : line->options) {
    if (name == "--format") {
      const auto f = parse_graph_format(value);
      if (!f) return usage_error("unknown format '" + value + "' (use dot or mermaid)");
      format = *f;
    } else {
      dirs.push_back(value);
    }
  }
  if (line->positional.empty()) return usage_error("missing pipeline FILE");
  if (line->positional.size() > 1)
    return usage_error("one pipeline file at a time (got '" + line->positional[0] + "' and '" + line->positional[1] + "')");
  const std::string& file = line->positional.front();

  Diagnostics diags;
  const auto config = load_pipeline_config(file, process_environment(), diags);
  PluginRegistry plugins;
  std::optional<Plan> plan;
  if (config) {
    const char* env = std::getenv("STREAMLINE_PLUGIN_PATH");
    plugins.load_directories(PluginRegistry::search_path(dirs, env ? env : ""));
    plan = make_plan(*config, plugins, diags);
  }
  if (!plan || has_errors(diags)) {
    // As `engine validate` prints them: in file order.
    std::stable_sort(diags.begin(), diags.end(), [](const Diagnostic& a, const Diagnostic& b) {
      if (a.location.line != b.location.line) return a.location.line < b.location.line;
      return a.location.column < b.location.column;
    });
    std::fputs(format_text({FileDiagnostics{file, diags}}).c_str(), stderr);
    return 1;
  }
  std::fputs(render_graph(*plan, format).c_str(), stdout);
  return 0;
}

}  // namespace streamline::engine
