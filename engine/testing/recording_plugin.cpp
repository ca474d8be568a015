#include "engine/testing/recording_plugin.hpp"

#include <exception>

#include <streamline/errors.hpp>

#include "engine/runtime/backoff.hpp"

namespace streamline::engine {
namespace {

class RecordingProcessor final : public Processor {
 public:
  RecordingProcessor(std::unique_ptr<Stage> inner, Processor& processor, const ProbeTarget& target,
                     CaseRecorder& recorder)
      : inner_(std::move(inner)), processor_(processor), target_(target), recorder_(recorder) {}

  void start() override { inner_->start(); }
  void drain(Clock::time_point deadline) override { inner_->drain(deadline); }
  void stop() noexcept override { inner_->stop(); }

  void process(Batch& batch) override {
    const std::string label = "plugin '" + target_.plugin_name + "'";
    try {
      processor_.process(batch);
    } catch (const TransientError& e) {
      // The worker retries the batch; when the allowance is used up it fails it.
      ++transient_attempts_;
      if (Backoff(target_.retry).exhausted(transient_attempts_)) {
        fail_all(batch, label + " failed after " + std::to_string(transient_attempts_) + " attempts: " + e.what());
        transient_attempts_ = 0;
      }
      throw;
    } catch (const PayloadError& e) {
      transient_attempts_ = 0;
      // The worker fails the events that are not JSON with the parser's
      // message and gives the others to the stage again (recorded then).
      bool any_bad = false;
      for (const auto& event : batch) {
        try {
          (void)event.json();
        } catch (const PayloadError& bad) {
          any_bad = true;
          recorder_.error(OutcomeRecord{target_.stage, bad.what(), record_event(event)});
        }
      }
      if (!any_bad) fail_all(batch, label + " threw: " + e.what());
      throw;
    } catch (const std::exception& e) {
      transient_attempts_ = 0;
      fail_all(batch, label + " threw: " + e.what());
      throw;
    } catch (...) {
      transient_attempts_ = 0;
      fail_all(batch, label + " threw a non-standard exception");
      throw;
    }
    transient_attempts_ = 0;
    record(batch);
  }

 private:
  void fail_all(const Batch& batch, const std::string& error) {
    for (const auto& event : batch) recorder_.error(OutcomeRecord{target_.stage, error, record_event(event)});
  }

  void record(const Batch& batch) {
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const Outcome& outcome = batch.outcome(i);
      switch (outcome.disposition) {
        case Disposition::kPass:
          recorder_.output(target_.stage, record_event(batch[i]));
          break;
        case Disposition::kSend: {
          const std::size_t k = outcome.output;
          const std::string name = k < target_.outputs.size() ? target_.outputs[k] : std::to_string(k);
          recorder_.output(target_.stage + "." + name, record_event(batch[i]));
          if (k >= target_.output_has_readers.size() || !target_.output_has_readers[k])
            recorder_.drop(OutcomeRecord{target_.stage, "no reader for output " + name, record_event(batch[i])});
          break;
        }
        case Disposition::kDrop:
          recorder_.drop(OutcomeRecord{target_.stage, outcome.reason, record_event(batch[i])});
          break;
        case Disposition::kFail:
          recorder_.error(OutcomeRecord{target_.stage, outcome.reason, record_event(batch[i])});
          break;
      }
    }
  }

  std::unique_ptr<Stage> inner_;
  Processor& processor_;
  const ProbeTarget& target_;
  CaseRecorder& recorder_;
  int transient_attempts_ = 0;
};

}  // namespace

std::unique_ptr<Stage> RecordingPlugin::create(const Config& config, Context& context) const {
  auto stage = inner_.create(config, context);
  auto* processor = dynamic_cast<Processor*>(stage.get());
  // Sources are never wrapped; anything else the runner reports as it would.
  if (!processor) return stage;
  return std::make_unique<RecordingProcessor>(std::move(stage), *processor, target_, recorder_);
}

}  // namespace streamline::engine
