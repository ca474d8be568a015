#pragma once
// InertResourcePlugin: stands in for every `resources:` entry in a test, so
// tests never connect to a service. A stage that needs a real connection is
// replaced by a double (stage_double.hpp) instead.

#include <memory>

#include <streamline/plugin.hpp>

namespace streamline::engine {

class InertResourcePlugin final : public Plugin {
 public:
  PluginKind kind() const noexcept override { return PluginKind::kResource; }
  std::string description() const override { return "a resource that connects to nothing"; }
  const ConfigSpec& spec() const override { return spec_; }
  std::shared_ptr<Resource> create_resource(const Config&, Context&) const override {
    return std::make_shared<Resource>();
  }

 private:
  ConfigSpec spec_;
};

}  // namespace streamline::engine
