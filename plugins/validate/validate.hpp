#pragma once
// ValidateStage: fails the events whose JSON breaks a field rule.
//
// Per event, in this order; the first problem found is the event's error
// (payload_checks.hpp has the exact reasons of the first checks):
//   - a payload over max_event_bytes fails with its size and the limit;
//   - a payload that is not UTF-8 fails with the first bad byte's offset;
//   - a payload that is not JSON fails with the parser's message
//     ("payload is not valid JSON: ...", as Event::json() reports it; also
//     "payload has a number out of range: ..." for 1e400);
//   - a payload that is JSON but no object fails with "payload is not a JSON
//     object" (reject_non_object, the default), or passes unchecked;
//   - a string or key holding a NUL character (\u0000), which PostgreSQL
//     cannot store, fails (reject_nul_characters, the default);
//   - the rules, in order: the first the event breaks fails it with that
//     rule's reason (field_rule.hpp lists them).
// Events that keep every rule pass untouched: their text is never rewritten.
//
// Metrics: validate_failed_total (every event this stage failed) and
// validate_rule_failed_total{rule="<index>", path="<rule path>"} (those a
// rule failed; bounded by the number of rules).
//
// Rules are compiled once (rule_compiler.hpp); process() only walks them.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <streamline/batch.hpp>
#include <streamline/metrics.hpp>
#include <streamline/stage.hpp>

#include "field_rule.hpp"

namespace streamline::plugins::validate {

inline constexpr std::size_t kDefaultMaxEventBytes = 1024 * 1024;

struct ValidateOptions {
  std::vector<FieldRule> rules;
  bool reject_non_object = true;
  std::size_t max_event_bytes = kDefaultMaxEventBytes;
  bool reject_nul_characters = true;
};

class ValidateStage final : public Processor {
 public:
  ValidateStage(ValidateOptions options, Metrics& metrics);
  void process(Batch& batch) override;

 private:
  // Why the event fails before any rule is checked; nullopt when it goes on
  // to the rules (`document` set) or passes unchecked (`document` null).
  std::optional<std::string> check_payload(const Event& event, const Json*& document) const;

  ValidateOptions options_;
  Counter& failed_;
  std::vector<Counter*> failed_by_rule_;  // parallel to options_.rules
};

}  // namespace streamline::plugins::validate
