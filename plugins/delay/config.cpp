// The `delay` plugin: its options, its factory and its export.

#include <memory>
#include <string>

#include <streamline/plugin.hpp>

#include "delay.hpp"

namespace streamline::plugins::delay {
namespace {

ConfigSpec make_spec() {
  ConfigSpec spec;
  spec.add(Option::duration("duration").required().min(0).example("50ms").doc(
      "How long to hold each batch (or each event, with per_event)."));
  spec.add(Option::boolean("per_event").default_value(false).doc(
      "Hold `duration` per event of the batch instead of once per batch."));
  return spec;
}

class DelayPlugin final : public Plugin {
 public:
  PluginKind kind() const noexcept override { return PluginKind::kProcessor; }

  std::string description() const override {
    return "Holds each batch (or event) for a fixed time, waking early on stop; for tests.";
  }

  const ConfigSpec& spec() const override { return spec_; }

  std::unique_ptr<Stage> create(const Config& config, Context& context) const override {
    DelayOptions options;
    options.duration = config.duration("duration");
    options.per_event = config.get<bool>("per_event");
    return std::make_unique<DelayStage>(options, context.stop_token());
  }

 private:
  ConfigSpec spec_ = make_spec();
};

}  // namespace
}  // namespace streamline::plugins::delay

STREAMLINE_PLUGIN(streamline::plugins::delay::DelayPlugin, "delay", "1.0.0")
