#pragma once
// Finding the plugin a stage or resource names, or saying why it is not there.

#include <string>

#include "engine/config/diagnostic.hpp"
#include "engine/loader/plugin_loader.hpp"

namespace streamline::engine {

enum class PluginRole { kStage, kResource };

struct PluginReference {
  std::string name;  // as written: a plugin name or a path to a .so
  PluginRole role;
  std::string path;  // config path of the `plugin:` key ("stages.src.plugin")
  SourceLocation location;
};

// The plugin, or nullptr after reporting why: no such plugin (with
// did-you-mean, or the loader's reason when a file of that name was refused),
// or a plugin of the wrong kind for the role (a stage cannot use a resource
// plugin, nor a resource a stage plugin). An empty name was reported when
// the file was read and is skipped silently.
const LoadedPlugin* resolve_plugin(PluginRegistry& registry, const PluginReference& reference,
                                   Diagnostics& diags);

}  // namespace streamline::engine
