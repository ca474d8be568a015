#pragma once
// PluginHarness: a plugin's factory driven the way the engine drives it,
// from a JSON `config:` block, with a FakeContext.
//
//   MyPlugin plugin;
//   PluginHarness harness(plugin, "router");
//   EXPECT_TRUE(harness.validate({{"routes", ...}}).empty());
//   auto stage = harness.create_processor({{"routes", ...}});
//   auto result = run_processor(*stage, events_from_json({...}));
//
// The config goes through resolve_config (defaults, types, durations; see
// config_resolver.hpp) and then the plugin's own validate(), as in
// `engine validate`. create*() refuse an invalid config with
// std::invalid_argument listing every issue as "path: message".
//
// Stages are created with the harness's context, so the harness must outlive
// them (and a plugin loaded from a shared object must outlive both).

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "streamline/config.hpp"
#include "streamline/plugin.hpp"
#include "streamline/stage.hpp"
#include "streamline/testing/config_resolver.hpp"
#include "streamline/testing/fake_context.hpp"

namespace streamline::testing {

// "path: message" per issue, one per line.
inline std::string describe(const ConfigIssues& issues) {
  std::string out;
  for (const auto& issue : issues.all()) {
    if (!out.empty()) out += '\n';
    out += issue.path + ": " + issue.message;
  }
  return out;
}

class PluginHarness {
 public:
  explicit PluginHarness(const Plugin& plugin, std::string stage_name = "test", std::string plugin_name = "test")
      : plugin_(plugin), context_(std::move(stage_name), std::move(plugin_name)) {}

  const Plugin& plugin() const noexcept { return plugin_; }
  FakeContext& context() noexcept { return context_; }

  // The Config the plugin would see; spec problems go to `issues`.
  Config resolve(const nlohmann::json& user, ConfigIssues& issues) const {
    return Config(resolve_config(plugin_.spec(), user, issues));
  }

  // Every problem `engine validate` would report for this block: the spec's,
  // then (when the spec found none) the plugin's own.
  ConfigIssues validate(const nlohmann::json& user) const {
    ConfigIssues issues;
    const Config config = resolve(user, issues);
    if (issues.empty()) plugin_.validate(config, issues);
    return issues;
  }

  // The resolved Config; throws std::invalid_argument when invalid.
  Config config(const nlohmann::json& user) const {
    const ConfigIssues issues = validate(user);
    if (!issues.empty()) throw std::invalid_argument("invalid config:\n" + describe(issues));
    ConfigIssues unused;
    return resolve(user, unused);
  }

  std::vector<std::string> outputs(const nlohmann::json& user) const { return plugin_.outputs(config(user)); }

  std::unique_ptr<Stage> create(const nlohmann::json& user) {
    const Config resolved = config(user);
    std::unique_ptr<Stage> stage = plugin_.create(resolved, context_);
    if (!stage) throw std::logic_error("plugin created no stage");
    return stage;
  }

  std::unique_ptr<Source> create_source(const nlohmann::json& user) { return create_as<Source>(user); }
  std::unique_ptr<Processor> create_processor(const nlohmann::json& user) { return create_as<Processor>(user); }
  std::unique_ptr<Sink> create_sink(const nlohmann::json& user) { return create_as<Sink>(user); }

 private:
  template <typename T>
  std::unique_ptr<T> create_as(const nlohmann::json& user) {
    std::unique_ptr<Stage> stage = create(user);
    T* typed = dynamic_cast<T*>(stage.get());
    if (typed == nullptr) throw std::logic_error("the plugin's stage is not of the requested kind");
    stage.release();
    return std::unique_ptr<T>(typed);
  }

  const Plugin& plugin_;
  FakeContext context_;
};

}  // namespace streamline::testing
