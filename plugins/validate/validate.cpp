#include "validate.hpp"

#include <string>
#include <utility>

#include <streamline/event.hpp>

#include "payload_checks.hpp"

namespace streamline::plugins::validate {

ValidateStage::ValidateStage(ValidateOptions options, Metrics& metrics)
    : options_(std::move(options)),
      failed_(metrics.counter("validate_failed_total", "Events failed for breaking a rule or a payload check (size, UTF-8, JSON, object, NUL)")) {
  failed_by_rule_.reserve(options_.rules.size());
  for (std::size_t i = 0; i < options_.rules.size(); ++i) {
    failed_by_rule_.push_back(&metrics.counter("validate_rule_failed_total", "Events failed by each rule",
                                               {{"rule", std::to_string(i)}, {"path", options_.rules[i].path.text}}));
  }
}

std::optional<std::string> ValidateStage::check_payload(const Event& event, const Json*& document) const {
  document = nullptr;
  const std::string& raw = event.raw();
  if (auto reason = check_size(raw.size(), options_.max_event_bytes)) return reason;
  if (auto reason = check_utf8(raw)) return reason;
  try {
    document = &event.json();
  } catch (const PayloadError& e) {
    return e.what();
  }
  if (!document->is_object()) {
    document = nullptr;
    if (options_.reject_non_object) return std::string("payload is not a JSON object");
    return std::nullopt;
  }
  if (options_.reject_nul_characters) {
    if (auto reason = check_nul_characters(*document, raw)) return reason;
  }
  return std::nullopt;
}

void ValidateStage::process(Batch& batch) {
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const Json* document = nullptr;
    if (auto reason = check_payload(batch[i], document)) {
      batch.fail(i, std::move(*reason));
      failed_.inc();
      continue;
    }
    batch.pass(i);
    if (document == nullptr) continue;
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
