#pragma once
// TestInputPlugin: the source of a test case. It emits the case's payloads
// as a source would read them (raw text, parsed lazily by the stages), one
// partition, offsets from 0, then reports itself exhausted, so the pipeline
// drains and the run ends once every event is done.

#include <string>
#include <vector>

#include <streamline/plugin.hpp>

namespace streamline::engine {

class TestInputPlugin final : public Plugin {
 public:
  TestInputPlugin(std::string topic, std::vector<std::string> payloads)
      : topic_(std::move(topic)), payloads_(std::move(payloads)) {}

  PluginKind kind() const noexcept override { return PluginKind::kSource; }
  std::string description() const override { return "the events of a test case"; }
  const ConfigSpec& spec() const override { return spec_; }
  std::unique_ptr<Stage> create(const Config& config, Context& context) const override;

 private:
  std::string topic_;
  std::vector<std::string> payloads_;
  ConfigSpec spec_;
};

}  // namespace streamline::engine
