// spec-fixture-sink: accepts every event (writes nothing).
#include <streamline/streamline.hpp>

namespace {

using namespace streamline;

class AcceptingSink final : public Sink {
 public:
  void process(Batch&) override {}
};

class SinkPlugin final : public Plugin {
 public:
  SinkPlugin() { spec_.add(Option::string("path").required().doc("Where events would go.")); }
  PluginKind kind() const noexcept override { return PluginKind::kSink; }
  std::string description() const override { return "Test sink accepting every event."; }
  const ConfigSpec& spec() const override { return spec_; }
  std::unique_ptr<Stage> create(const Config&, Context&) const override {
    return std::make_unique<AcceptingSink>();
  }

 private:
  ConfigSpec spec_;
};

}  // namespace

STREAMLINE_PLUGIN(SinkPlugin, "spec-fixture-sink", "1.0.0")
