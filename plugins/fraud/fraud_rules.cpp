#include "fraud_rules.hpp"

#include <algorithm>

namespace streamline::plugins::fraud {
namespace {

// NaN compares false: a missing input never fires a rule.
bool fires(Rule rule, const OrderFeatures& f, const RuleSettings& s) {
  switch (rule) {
    case Rule::kHighAmount: return f[Feature::kTotalAmount] >= s.high_amount_threshold;
    case Rule::kVelocity: return f[Feature::kVelocity] >= s.velocity_threshold;
    case Rule::kCountryMismatch:
      return f[Feature::kShippingAbroad] == 1.0f && f[Feature::kIpAbroad] == 1.0f &&
             f[Feature::kShippingIpDiffer] == 1.0f;
    case Rule::kNewAccountElectronics:
      return f[Feature::kAccountAgeDays] <= s.new_account_days &&
             f[Feature::kMaxElectronicsPrice] >= s.new_account_min_price;
  }
  return false;
}

}  // namespace

const char* to_string(Rule rule) noexcept {
  switch (rule) {
    case Rule::kHighAmount: return "high_amount";
    case Rule::kVelocity: return "velocity";
    case Rule::kCountryMismatch: return "country_mismatch";
    case Rule::kNewAccountElectronics: return "new_account_electronics";
  }
  return "unknown";
}

std::optional<Rule> rule_named(std::string_view name) noexcept {
  for (Rule rule : kAllRules)
    if (name == to_string(rule)) return rule;
  return std::nullopt;
}

std::vector<Rule> evaluate_rules(const OrderFeatures& features, const RuleSettings& settings) {
  std::vector<Rule> hits;
  for (Rule rule : kAllRules) {
    const bool enabled = std::find(settings.enabled.begin(), settings.enabled.end(), rule) != settings.enabled.end();
    if (enabled && fires(rule, features, settings)) hits.push_back(rule);
  }
  return hits;
}

}  // namespace streamline::plugins::fraud
