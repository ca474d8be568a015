#pragma once
// Fraud rules: explicit checks on an order's features, each a reason of its
// own in the verdict. They catch what must never depend on a model alone
// (a very large amount) and explain a decision in words a reviewer reads.
//
//   high_amount              - total_amount >= high_amount_threshold
//   velocity                 - velocity (the user's orders within the
//                              window before this one) >= velocity_threshold
//   country_mismatch         - shipping, IP and home country all differ
//   new_account_electronics  - account_age_days <= new_account_days and an
//                              electronics item priced >= new_account_min_price
//
// A rule whose inputs are missing (NaN) does not fire.

#include <optional>
#include <string_view>
#include <vector>

#include "order_features.hpp"

namespace streamline::plugins::fraud {

enum class Rule { kHighAmount, kVelocity, kCountryMismatch, kNewAccountElectronics };

inline constexpr Rule kAllRules[] = {Rule::kHighAmount, Rule::kVelocity, Rule::kCountryMismatch,
                                     Rule::kNewAccountElectronics};

const char* to_string(Rule rule) noexcept;  // "high_amount", ...
std::optional<Rule> rule_named(std::string_view name) noexcept;

struct RuleSettings {
  std::vector<Rule> enabled{std::begin(kAllRules), std::end(kAllRules)};
  double high_amount_threshold = 5000.0;
  double velocity_threshold = 3;
  double new_account_days = 45;
  double new_account_min_price = 250.0;
};

// The enabled rules that fire for `features`, in Rule order.
std::vector<Rule> evaluate_rules(const OrderFeatures& features, const RuleSettings& settings);

}  // namespace streamline::plugins::fraud
