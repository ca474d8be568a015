#include "validate.hpp"

#include <string>
#include <utility>

#include <streamline/event.hpp>

namespace streamline::plugins::validate {

ValidateStage::ValidateStage(ValidateOptions options, Metrics& metrics)
    : options_(std::move(options)),
      failed_(metrics.counter("validate_failed_total", "Events failed for breaking a rule or not being a JSON object")) {
  failed_by_rule_.reserve(options_.rules.size());
  for (std::size_t i = 0; i < options_.rules.size(); ++i) {
    failed_by_rule_.push_back(&metrics.counter("validate_rule_failed_total", "Events failed by each rule",
                                               {{"rule", std::to_string(i)}, {"path", options_.rules[i].path.text}}));
  }
}

void ValidateStage::process(Batch& batch) {
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const Json* document = nullptr;
    try {
      document = &batch[i].json();
    } catch (const PayloadError& e) {
      batch.fail(i, e.what());
      failed_.inc();
      continue;
    }
    if (!document->is_object()) {
      if (options_.reject_non_object) {
        batch.fail(i, "payload is not a JSON object");
        failed_.inc();
      } else {
        batch.pass(i);
      }
      continue;
    }
    batch.pass(i);
    for (std::size_t r = 0; r < options_.rules.size(); ++r) {
      if (auto reason = options_.rules[r].check(*document)) {
        batch.fail(i, std::move(*reason));
        failed_.inc();
        failed_by_rule_[r]->inc();
        break;
      }
    }
  }
}

}  // namespace streamline::plugins::validate
