#pragma once
// ValidateStage: fails the events whose JSON breaks a field rule.
//
// Per event, in this order; the first problem found is the event's error:
//   - a payload that is not JSON fails with the parser's message
//     ("payload is not valid JSON: ...", as Event::json() reports it);
//   - a payload that is JSON but no object fails with "payload is not a JSON
//     object" (reject_non_object, the default), or passes unchecked;
//   - the rules, in order: the first the event breaks fails it with that
//     rule's reason (field_rule.hpp lists them).
// Events that keep every rule pass untouched: their text is never rewritten.
//
// Metrics: validate_failed_total (every event this stage failed) and
// validate_rule_failed_total{rule="<index>", path="<rule path>"} (those a
// rule failed; bounded by the number of rules).
//
// Rules are compiled once (rule_compiler.hpp); process() only walks them.

#include <vector>

#include <streamline/batch.hpp>
#include <streamline/metrics.hpp>
#include <streamline/stage.hpp>

#include "field_rule.hpp"

namespace streamline::plugins::validate {

struct ValidateOptions {
  std::vector<FieldRule> rules;
  bool reject_non_object = true;
};

class ValidateStage final : public Processor {
 public:
  ValidateStage(ValidateOptions options, Metrics& metrics);
  void process(Batch& batch) override;

 private:
  ValidateOptions options_;
  Counter& failed_;
  std::vector<Counter*> failed_by_rule_;  // parallel to options_.rules
};

}  // namespace streamline::plugins::validate
