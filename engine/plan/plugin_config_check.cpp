#include "engine/plan/plugin_config_check.hpp"

#include <algorithm>

#include "engine/config/config_path.hpp"
#include "engine/config/spec_checker.hpp"
#include "engine/plan/plugin_call_guard.hpp"

namespace streamline::engine {

namespace {

std::size_t count_errors(const Diagnostics& diags) {
  return static_cast<std::size_t>(std::count_if(
      diags.begin(), diags.end(), [](const Diagnostic& d) { return d.severity == Severity::kError; }));
}

// A plugin's outputs are names users type after a '.'; "error" is the error output.
std::string problem_with_outputs(const std::vector<std::string>& outputs) {
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const std::string& name = outputs[i];
    if (name.empty()) return "it declares an output with an empty name";
    if (name == "error") return "it declares an output named 'error', which is reserved";
    if (std::find(outputs.begin(), outputs.begin() + static_cast<std::ptrdiff_t>(i), name) !=
        outputs.begin() + static_cast<std::ptrdiff_t>(i))
      return "it declares the output '" + name + "' twice";
  }
  return {};
}

}  // namespace

CheckedPluginConfig check_plugin_config(const LoadedPlugin& plugin, const PipelineConfig& pipeline,
                                        const std::string& owner_path, const YAML::Node& block,
                                        Diagnostics& diags) {
  const std::string config_path = join_path(owner_path, "config");
  const SourceLocation config_location = pipeline.location_of(config_path);
  const PluginCallSite spec_site{plugin, "spec()", join_path(owner_path, "plugin"),
                                 pipeline.location_of(join_path(owner_path, "plugin"))};
  const PluginCallSite config_site{plugin, "validate()", config_path, config_location};

  nlohmann::json values;
  const std::size_t errors_before = count_errors(diags);
  const bool spec_ok = guarded_plugin_call(spec_site, diags, [&] {
    const SpecCheckContext context{pipeline.file, &pipeline.environment_values};
    values = check_config(block, plugin.factory().spec(), config_path, config_location, context, diags);
  });
  if (!spec_ok || count_errors(diags) != errors_before) return {};

  Config config(std::move(values));
  ConfigIssues issues;
  if (!guarded_plugin_call(config_site, diags,
                           [&] { plugin.factory().validate(config, issues); }))
    return {};
  for (const auto& issue : issues.all()) {
    const std::string path = join_path(config_path, issue.path);
    diags.push_back({Severity::kError, codes::kInvalidConfig, issue.message, path,
                     pipeline.location_of(path), issue.hint});
  }
  if (!issues.empty()) return {};

  std::vector<std::string> outputs;
  PluginCallSite outputs_site = config_site;
  outputs_site.function = "outputs()";
  if (!guarded_plugin_call(outputs_site, diags, [&] { outputs = plugin.factory().outputs(config); }))
    return {};
  if (const std::string problem = problem_with_outputs(outputs); !problem.empty()) {
    diags.push_back({Severity::kError, codes::kPluginError,
                     plugin.describe() + " has invalid outputs: " + problem, config_path,
                     config_location, "this is a bug in the plugin, not in the file; tell its authors"});
    return {};
  }
  return {std::move(config), std::move(outputs)};
}

}  // namespace streamline::engine
