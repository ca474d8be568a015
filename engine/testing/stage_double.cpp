#include "engine/testing/stage_double.hpp"

#include <algorithm>

namespace streamline::engine {
namespace {

class StageDouble final : public Sink {
 public:
  StageDouble(const DoubleSpec& spec, const std::vector<std::string>& outputs, CaseRecorder& recorder)
      : spec_(spec), outputs_(outputs), recorder_(recorder) {}

  void process(Batch& batch) override {
    for (std::size_t i = 0; i < batch.size(); ++i) {
      Event& event = batch[i];
      RecordedEvent seen = record_event(event);
      const DoubleRule& rule = rule_for(seen);
      recorder_.effect(spec_.stage, std::move(seen));
      apply(rule, batch, i);
    }
  }

 private:
  const DoubleRule& rule_for(const RecordedEvent& event) const {
    for (const auto& rule : spec_.rules)
      if (rule.when && !match_json(*rule.when, event.payload)) return rule;
    return spec_.otherwise;
  }

  void apply(const DoubleRule& rule, Batch& batch, std::size_t i) {
    if (rule.merge && (rule.action == DoubleRule::Action::kPass || rule.action == DoubleRule::Action::kSend) &&
        batch[i].has_valid_json())
      batch[i].mutable_json().merge_patch(*rule.merge);
    switch (rule.action) {
      case DoubleRule::Action::kPass:
        batch.pass(i);
        break;
      case DoubleRule::Action::kDrop:
        batch.drop(i, rule.argument);
        break;
      case DoubleRule::Action::kFail:
        batch.fail(i, rule.argument);
        break;
      case DoubleRule::Action::kSend: {
        // The output exists: the test file was checked against the plan.
        const auto at = std::find(outputs_.begin(), outputs_.end(), rule.argument);
        batch.send(i, static_cast<std::uint16_t>(at - outputs_.begin()));
        break;
      }
    }
  }

  const DoubleSpec& spec_;
  const std::vector<std::string>& outputs_;
  CaseRecorder& recorder_;
};

}  // namespace

std::unique_ptr<Stage> StageDoublePlugin::create(const Config&, Context&) const {
  return std::make_unique<StageDouble>(spec_, outputs_, recorder_);
}

}  // namespace streamline::engine
