// The `null` plugin: its options, its factory and its export.

#include <memory>
#include <string>

#include <streamline/plugin.hpp>

#include "null.hpp"

namespace streamline::plugins::null_sink {
namespace {

class NullPlugin final : public Plugin {
 public:
  PluginKind kind() const noexcept override { return PluginKind::kSink; }

  std::string description() const override {
    return "Discards every event and counts it; for benchmarks and tests.";
  }

  const ConfigSpec& spec() const override { return spec_; }

  std::unique_ptr<Stage> create(const Config& /*config*/, Context& context) const override {
    Counter& discarded = context.metrics().counter("null_discarded_events_total", "Events the null sink discarded.");
    return std::make_unique<NullSink>(&discarded);
  }

 private:
  ConfigSpec spec_;
};

}  // namespace
}  // namespace streamline::plugins::null_sink

STREAMLINE_PLUGIN(streamline::plugins::null_sink::NullPlugin, "null", "1.0.0")
