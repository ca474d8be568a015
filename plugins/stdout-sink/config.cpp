// The `stdout-sink` plugin: its options, its factory and its export.

#include <cstdio>
#include <memory>
#include <string>

#include <streamline/plugin.hpp>

#include "stdout_sink.hpp"

namespace streamline::plugins::stdout_sink {
namespace {

ConfigSpec make_spec() {
  ConfigSpec spec;
  spec.add(Option::boolean("flush").default_value(true).doc(
      "Flush standard output after every batch, so lines appear as events pass."));
  return spec;
}

class StdoutSinkPlugin final : public Plugin {
 public:
  PluginKind kind() const noexcept override { return PluginKind::kSink; }

  std::string description() const override {
    return "Writes each event's JSON as one line to standard output (JSON Lines).";
  }

  const ConfigSpec& spec() const override { return spec_; }

  std::unique_ptr<Stage> create(const Config& config, Context& /*context*/) const override {
    return std::make_unique<StdoutSink>(stdout, config.get<bool>("flush"));
  }

 private:
  ConfigSpec spec_ = make_spec();
};

}  // namespace
}  // namespace streamline::plugins::stdout_sink

STREAMLINE_PLUGIN(streamline::plugins::stdout_sink::StdoutSinkPlugin, "stdout-sink", "1.0.0")
