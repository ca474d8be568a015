#include "engine/cli/validate_command.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>

#include "engine/cli/command_line.hpp"
#include "engine/config/diagnostic_format.hpp"
#include "engine/config/pipeline_config.hpp"
#include "engine/loader/plugin_loader.hpp"
#include "engine/plan/plan.hpp"

namespace streamline::engine {

namespace {

constexpr const char* kUsage = R"(usage: engine validate FILE... [options]

Checks pipeline files without running them: YAML syntax, keys and values,
environment variables, each plugin's options and checks, and the stage graph.
Nothing is connected to. Exit code 0: valid (warnings allowed); 1: errors; 2: usage.

options:
  --format FORMAT      text (default), json, github (workflow annotations) or sarif
  --plugin-dir DIR     look for plugins in DIR first (repeatable); then
                       STREAMLINE_PLUGIN_PATH, then next to the engine
  -h, --help           this text
)";

struct ValidateOptions {
  std::vector<std::string> files;
  std::vector<std::string> plugin_dirs;
  DiagnosticFormat format = DiagnosticFormat::kText;
  bool help = false;
};

// nullopt and a message on a usage error.
std::optional<ValidateOptions> parse_arguments(const Args& args, std::string& problem) {
  const auto line = read_command_line(args, {"--format", "--plugin-dir"}, problem);
  if (!line) return std::nullopt;
  ValidateOptions options;
  options.files = line->positional;
  options.help = line->help;
  for (const auto& [name, value] : line->options) {
    if (name == "--format") {
      const auto format = parse_diagnostic_format(value);
      if (!format) {
        problem = "unknown format '" + value + "' (use text, json, github or sarif)";
        return std::nullopt;
      }
      options.format = *format;
    } else {
      if (!check_plugin_dir(value, problem)) return std::nullopt;
      options.plugin_dirs.push_back(value);
    }
  }
  if (!options.help && options.files.empty()) {
    problem = "no pipeline files given";
    return std::nullopt;
  }
  return options;
}

FileDiagnostics validate_file(const std::string& file, PluginRegistry& plugins,
                              const EnvLookup& env) {
  FileDiagnostics result{file, {}};
  Diagnostics& diags = result.diagnostics;
  if (auto config = load_pipeline_config(file, env, diags)) make_plan(*config, plugins, diags);
  // Checks run in phases; people read files top to bottom.
  std::stable_sort(diags.begin(), diags.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.location.line != b.location.line) return a.location.line < b.location.line;
    return a.location.column < b.location.column;
  });
  return result;
}

}  // namespace

int run_validate_command(const Args& args, const ValidateStreams& streams) {
  std::string problem;
  const auto options = parse_arguments(args, problem);
  if (!options) {
    streams.err << "engine validate: " << problem << "\n\n" << kUsage;
    return 2;
  }
  if (options->help) {
    streams.out << kUsage;
    return 0;
  }

  const std::string env_path = streams.env ? streams.env("STREAMLINE_PLUGIN_PATH").value_or("") : "";
  PluginRegistry plugins;
  plugins.load_directories(PluginRegistry::search_path(options->plugin_dirs, env_path));

  std::vector<FileDiagnostics> results;
  bool any_errors = false;
  for (const auto& file : options->files) {
    results.push_back(validate_file(file, plugins, streams.env));
    any_errors = any_errors || has_errors(results.back().diagnostics);
  }
  streams.out << format_diagnostics(results, options->format);
  streams.out.flush();
  return any_errors ? 1 : 0;
}

int run_validate_command(const Args& args) {
  return run_validate_command(args, ValidateStreams{std::cout, std::cerr, process_environment()});
}

}  // namespace streamline::engine
