#include "engine/plan/plugin_resolution.hpp"

#include "engine/config/diagnostic_codes.hpp"
#include "engine/config/did_you_mean.hpp"

namespace streamline::engine {

namespace {

std::string missing_plugin_hint(const PluginRegistry& registry, const std::string& name) {
  if (const LoadError* refused = registry.load_error_for(name))
    return "a plugin file was found but refused: " + refused->message;
  std::vector<std::string> names;
  for (const LoadedPlugin* plugin : registry.all()) names.push_back(plugin->name());
  if (std::string hint = did_you_mean(name, names); !hint.empty()) return hint;
  if (names.empty())
    return "no plugins were found; pass --plugin-dir or set STREAMLINE_PLUGIN_PATH";
  return "available plugins: " + join(names);
}

}  // namespace

const LoadedPlugin* resolve_plugin(PluginRegistry& registry, const PluginReference& reference,
                                   Diagnostics& diags) {
  if (reference.name.empty()) return nullptr;
  auto report = [&](const char* code, std::string message, std::string hint) {
    diags.push_back({Severity::kError, code, std::move(message), reference.path,
                     reference.location, std::move(hint)});
  };

  const LoadedPlugin* plugin = registry.find(reference.name);
  if (plugin == nullptr) {
    report(codes::kUnknownPlugin, "unknown plugin '" + reference.name + "'",
           missing_plugin_hint(registry, reference.name));
    return nullptr;
  }
  const PluginKind kind = plugin->factory().kind();
  if (reference.role == PluginRole::kStage && kind == PluginKind::kResource) {
    report(codes::kWrongKind,
           "plugin '" + plugin->name() + "' is a resource plugin and cannot run as a stage",
           "declare it under resources: and name the resource in a stage's config");
    return nullptr;
  }
  if (reference.role == PluginRole::kResource && kind != PluginKind::kResource) {
    report(codes::kWrongKind,
           "plugin '" + plugin->name() + "' is a " + to_string(kind) +
               " plugin and cannot be a resource",
           "declare it under stages:");
    return nullptr;
  }
  return plugin;
}

}  // namespace streamline::engine
