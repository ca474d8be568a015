#pragma once
// Plugin: the factory a shared object exports, and the macro that exports it.
//
// A plugin shared object holds exactly one Plugin. The engine:
//  1. reads the plain-data PluginDescriptor (ABI version, build tag, name,
//     version) and refuses a mismatch before running any plugin code;
//  2. calls the descriptor's `make` once to get the factory;
//  3. checks each stage's YAML against spec(), then calls validate() with the
//     parsed Config (no I/O: `engine validate` runs this in CI);
//  4. calls create() for each instance, then the Stage lifecycle.
// Exceptions thrown from plugin code are caught by the engine and reported
// with the plugin's name and path; they never crash the engine.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <boost/dll/alias.hpp>

#include "streamline/abi.hpp"
#include "streamline/config.hpp"
#include "streamline/config_spec.hpp"
#include "streamline/context.hpp"
#include "streamline/stage.hpp"

namespace streamline {

enum class PluginKind { kSource, kProcessor, kSink, kResource };

inline const char* to_string(PluginKind kind) noexcept {
  switch (kind) {
    case PluginKind::kSource: return "source";
    case PluginKind::kProcessor: return "processor";
    case PluginKind::kSink: return "sink";
    case PluginKind::kResource: return "resource";
  }
  return "unknown";
}

class Plugin {
 public:
  virtual ~Plugin() = default;

  virtual PluginKind kind() const noexcept = 0;
  // One line for `engine plugins`; the reference page's first paragraph.
  virtual std::string description() const = 0;
  virtual const ConfigSpec& spec() const = 0;

  // Semantic checks beyond the spec (an expression that does not parse, two
  // options that exclude each other). No I/O.
  virtual void validate(const Config& /*config*/, ConfigIssues& /*issues*/) const {}

  // Named outputs besides the default one, for this configuration
  // (`inputs: [route.paid]` reads output "paid"). Batch::send(i, k) sends to
  // the k-th name of this list.
  virtual std::vector<std::string> outputs(const Config& /*config*/) const { return {}; }

  // Whether a stage of this plugin may run `concurrency: N > 1` instances.
  virtual bool allows_concurrency() const noexcept { return kind() != PluginKind::kSource; }

  // A stage instance (kind source, processor or sink).
  virtual std::unique_ptr<Stage> create(const Config& config, Context& context) const {
    (void)config;
    (void)context;
    return nullptr;
  }
  // A shared resource (kind resource).
  virtual std::shared_ptr<Resource> create_resource(const Config& config, Context& context) const {
    (void)config;
    (void)context;
    return nullptr;
  }
};

// Plain data, read by the loader before anything else. The first two fields
// never move, so any engine can read and refuse any plugin.
struct PluginDescriptor {
  std::int32_t abi_version;
  const char* build_tag;
  const char* name;
  const char* version;
  std::unique_ptr<Plugin> (*make)();
};

inline constexpr const char* kDescriptorSymbol = "streamline_plugin_descriptor";

}  // namespace streamline

// Exports a plugin. Use once per shared object, at namespace scope:
//   STREAMLINE_PLUGIN(RoutePlugin, "route", "1.0.0")
#define STREAMLINE_PLUGIN(PluginType, plugin_name, plugin_version)                     \
  namespace streamline_export {                                                        \
  inline std::unique_ptr<::streamline::Plugin> make_plugin() {                         \
    return std::make_unique<PluginType>();                                             \
  }                                                                                    \
  const ::streamline::PluginDescriptor descriptor{                                     \
      ::streamline::kAbiVersion, ::streamline::kBuildTag, plugin_name, plugin_version, \
      &make_plugin};                                                                   \
  }                                                                                    \
  BOOST_DLL_ALIAS(streamline_export::descriptor, streamline_plugin_descriptor)
