// A minimal valid plugin; built twice (normal and with another ABI version).
#include <streamline/streamline.hpp>

#ifndef FIXTURE_NAME
#define FIXTURE_NAME "good"
#endif

namespace {

class Passthrough final : public streamline::Processor {
 public:
  void process(streamline::Batch&) override {}
};

class GoodPlugin final : public streamline::Plugin {
 public:
  streamline::PluginKind kind() const noexcept override { return streamline::PluginKind::kProcessor; }
  std::string description() const override { return "Passes every event on (loader test fixture)."; }
  const streamline::ConfigSpec& spec() const override { return spec_; }
  std::unique_ptr<streamline::Stage> create(const streamline::Config&, streamline::Context&) const override {
    return std::make_unique<Passthrough>();
  }

 private:
  streamline::ConfigSpec spec_;
};

}  // namespace

STREAMLINE_PLUGIN(GoodPlugin, FIXTURE_NAME, "1.2.3")
