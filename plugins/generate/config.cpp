// The `generate` plugin: its options, its factory and its export.

#include <memory>
#include <string>

#include <streamline/plugin.hpp>

#include "generate.hpp"

namespace streamline::plugins::generate {
namespace {

ConfigSpec make_spec() {
  ConfigSpec spec;
  spec.add(Option::integer("count").default_value(1000).min(0).doc("Events to generate; 0 means endless."));
  spec.add(Option::floating("rate").default_value(0).min(0).doc(
      "Events per second, paced on the steady clock; 0 means as fast as possible."));
  spec.add(Option::integer("seed").default_value(0).min(0).doc(
      "Seed of the generated values: the same seed gives the same events."));
  spec.add(Option::integer("batch_size").default_value(1024).min(1).doc(
      "Most events produced per poll (the stage's batch size may lower it)."));
  spec.add(Option::string("topic").default_value("generate").doc(
      "Topic named in each event's origin (partition 0, offset = sequence number from 0)."));
  return spec;
}

class GeneratePlugin final : public Plugin {
 public:
  PluginKind kind() const noexcept override { return PluginKind::kSource; }

  std::string description() const override {
    return "Generates synthetic order events (finite or endless, optionally rate-limited), "
           "reproducible from a seed.";
  }

  const ConfigSpec& spec() const override { return spec_; }

  void validate(const Config& config, ConfigIssues& issues) const override {
    if (config.get_or<std::string>("topic", "generate").empty())
      issues.error("topic", "topic must not be empty", "name the origin topic, e.g. `generate`");
  }

  std::unique_ptr<Stage> create(const Config& config, Context& context) const override {
    GenerateOptions options;
    options.count = config.get<std::uint64_t>("count");
    options.rate = config.get<double>("rate");
    options.seed = config.get<std::uint64_t>("seed");
    options.batch_size = config.get<std::size_t>("batch_size");
    options.topic = config.get<std::string>("topic");
    return std::make_unique<GenerateSource>(std::move(options), context.stop_token());
  }

 private:
  ConfigSpec spec_ = make_spec();
};

}  // namespace
}  // namespace streamline::plugins::generate

STREAMLINE_PLUGIN(streamline::plugins::generate::GeneratePlugin, "generate", "1.0.0")
