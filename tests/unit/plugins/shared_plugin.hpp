#pragma once
// SharedPlugin: a built plugin shared object (bin/plugins/<name>.so) loaded
// the way the engine loads it: read the exported descriptor, call its make().
// Plugin tests use it to reach each plugin's factory (spec, validate,
// outputs, create), which lives in config.cpp and is only in the .so.
//
// Keep the SharedPlugin alive longer than anything it created.

#include <memory>
#include <string>

#include <boost/dll/shared_library.hpp>

#include <streamline/plugin.hpp>

namespace streamline::testing {

class SharedPlugin {
 public:
  explicit SharedPlugin(const std::string& name)
      : library_(std::string(PLUGIN_DIR) + "/" + name + ".so"),
        descriptor_(&library_.get_alias<const PluginDescriptor>(kDescriptorSymbol)),
        plugin_(descriptor_->make()) {}

  const PluginDescriptor& descriptor() const noexcept { return *descriptor_; }
  const Plugin& plugin() const noexcept { return *plugin_; }

 private:
  boost::dll::shared_library library_;  // declared first: unloaded last
  const PluginDescriptor* descriptor_;
  std::unique_ptr<Plugin> plugin_;
};

}  // namespace streamline::testing
