#pragma once
// Checking a stage's or resource's `config:` block with its plugin: the
// plugin's spec (types, defaults, ranges, unknown keys), then the plugin's
// own semantic check, then its named outputs for this configuration.

#include <optional>
#include <string>
#include <vector>

#include <streamline/config.hpp>

#include "engine/config/diagnostic.hpp"
#include "engine/config/pipeline_config.hpp"
#include "engine/loader/plugin_loader.hpp"

namespace streamline::engine {

struct CheckedPluginConfig {
  std::optional<Config> config;                     // nullopt when any check failed
  std::optional<std::vector<std::string>> outputs;  // nullopt when not known
};

// `owner_path` is "stages.<name>" or "resources.<name>"; `block` its
// `config:` node (null when absent). A plugin's issue at "routes.2.when" is
// reported at stages.<name>.config.routes.2.when, located at that key or its
// nearest parent in the file.
CheckedPluginConfig check_plugin_config(const LoadedPlugin& plugin, const PipelineConfig& pipeline,
                                        const std::string& owner_path, const YAML::Node& block,
                                        Diagnostics& diags);

}  // namespace streamline::engine
