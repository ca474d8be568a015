// spec-fixture-source: a finite source of `count` small events.
#include <streamline/streamline.hpp>

namespace {

using namespace streamline;

class CountingSource final : public Source {
 public:
  explicit CountingSource(std::int64_t count) : count_(count) {}

  PollStatus poll(Batch& out, std::size_t max_events, std::chrono::milliseconds) override {
    while (next_ < count_ && out.size() < max_events) {
      Event& e = out.add(Event::from_json(Json{{"n", next_}}));
      e.origin = Origin{"spec-fixture", 0, next_};
      ++next_;
    }
    return next_ < count_ ? PollStatus::kReady : PollStatus::kExhausted;
  }

 private:
  std::int64_t count_;
  std::int64_t next_ = 0;
};

class SourcePlugin final : public Plugin {
 public:
  SourcePlugin() {
    spec_.add(Option::integer("count").default_value(10).min(0).doc("Events to emit."));
  }
  PluginKind kind() const noexcept override { return PluginKind::kSource; }
  std::string description() const override { return "Test source emitting `count` events."; }
  const ConfigSpec& spec() const override { return spec_; }
  std::unique_ptr<Stage> create(const Config& config, Context&) const override {
    return std::make_unique<CountingSource>(config.get<std::int64_t>("count"));
  }

 private:
  ConfigSpec spec_;
};

}  // namespace

STREAMLINE_PLUGIN(SourcePlugin, "spec-fixture-source", "1.0.0")
