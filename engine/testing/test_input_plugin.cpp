#include "engine/testing/test_input_plugin.hpp"

namespace streamline::engine {
namespace {

class TestInputSource final : public Source {
 public:
  TestInputSource(const std::string& topic, const std::vector<std::string>& payloads)
      : topic_(topic), payloads_(payloads) {}

  PollStatus poll(Batch& out, std::size_t max_events, std::chrono::milliseconds) override {
    if (next_ == payloads_.size()) return PollStatus::kExhausted;
    const auto now = Clock::now();
    for (std::size_t added = 0; added < max_events && next_ < payloads_.size(); ++added, ++next_) {
      Event& event = out.add(Event::from_raw(payloads_[next_]));
      event.origin = Origin{topic_, 0, static_cast<std::int64_t>(next_)};
      event.ingested_at = now;
    }
    return PollStatus::kReady;
  }

 private:
  const std::string& topic_;
  const std::vector<std::string>& payloads_;
  std::size_t next_ = 0;
};

}  // namespace

std::unique_ptr<Stage> TestInputPlugin::create(const Config&, Context&) const {
  return std::make_unique<TestInputSource>(topic_, payloads_);
}

}  // namespace streamline::engine
