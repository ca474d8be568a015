// Fraud rules and the decision that combines them with the model's score.

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "plugins/fraud/fraud_decision.hpp"
#include "plugins/fraud/fraud_rules.hpp"

namespace streamline::plugins::fraud {
namespace {

using Strings = std::vector<std::string>;
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// An ordinary order: no rule fires.
OrderFeatures ordinary() {
  OrderFeatures f;
  f[Feature::kTotalAmount] = 120;
  f[Feature::kItemCount] = 2;
  f[Feature::kMaxItemPrice] = 80;
  f[Feature::kMaxElectronicsPrice] = 0;
  f[Feature::kElectronicsShare] = 0;
  f[Feature::kAccountAgeDays] = 400;
  f[Feature::kShippingAbroad] = 0;
  f[Feature::kIpAbroad] = 0;
  f[Feature::kShippingIpDiffer] = 0;
  f[Feature::kVelocity] = 0;
  return f;
}

Strings names(const std::vector<Rule>& rules) {
  Strings out;
  for (Rule r : rules) out.emplace_back(to_string(r));
  return out;
}

TEST(FraudRules, AnOrdinaryOrderFiresNone) {
  EXPECT_EQ(names(evaluate_rules(ordinary(), RuleSettings{})), Strings{});
}

TEST(FraudRules, EachRuleFiresAtItsThreshold) {
  const RuleSettings settings;  // 5000, 3, 45 days, 250
  OrderFeatures f = ordinary();
  f[Feature::kTotalAmount] = 4999.99f;
  EXPECT_EQ(names(evaluate_rules(f, settings)), Strings{});
  f[Feature::kTotalAmount] = 5000;
  EXPECT_EQ(names(evaluate_rules(f, settings)), Strings{"high_amount"});

  f = ordinary();
  f[Feature::kVelocity] = 2;
  EXPECT_EQ(names(evaluate_rules(f, settings)), Strings{});
  f[Feature::kVelocity] = 3;
  EXPECT_EQ(names(evaluate_rules(f, settings)), Strings{"velocity"});

  f = ordinary();
  f[Feature::kShippingAbroad] = 1;
  f[Feature::kIpAbroad] = 1;
  EXPECT_EQ(names(evaluate_rules(f, settings)), Strings{});  // shipped where the IP is: two countries only
  f[Feature::kShippingIpDiffer] = 1;
  EXPECT_EQ(names(evaluate_rules(f, settings)), Strings{"country_mismatch"});

  f = ordinary();
  f[Feature::kAccountAgeDays] = 45;
  f[Feature::kMaxElectronicsPrice] = 249;
  EXPECT_EQ(names(evaluate_rules(f, settings)), Strings{});
  f[Feature::kMaxElectronicsPrice] = 250;
  EXPECT_EQ(names(evaluate_rules(f, settings)), Strings{"new_account_electronics"});
  f[Feature::kAccountAgeDays] = 45.5f;
  EXPECT_EQ(names(evaluate_rules(f, settings)), Strings{});
}

TEST(FraudRules, HitsComeInRuleOrderAndOnlyWhenEnabled) {
  OrderFeatures f = ordinary();
  f[Feature::kTotalAmount] = 9000;
  f[Feature::kVelocity] = 7;
  f[Feature::kShippingAbroad] = f[Feature::kIpAbroad] = f[Feature::kShippingIpDiffer] = 1;
  f[Feature::kAccountAgeDays] = 3;
  f[Feature::kMaxElectronicsPrice] = 999;
  RuleSettings settings;
  EXPECT_EQ(names(evaluate_rules(f, settings)),
            (Strings{"high_amount", "velocity", "country_mismatch", "new_account_electronics"}));
  settings.enabled = {Rule::kNewAccountElectronics, Rule::kHighAmount};
  EXPECT_EQ(names(evaluate_rules(f, settings)), (Strings{"high_amount", "new_account_electronics"}));
  settings.enabled = {};
  EXPECT_EQ(names(evaluate_rules(f, settings)), Strings{});
}

TEST(FraudRules, MissingInputsFireNothing) {
  OrderFeatures f;
  f.values.fill(kNaN);
  EXPECT_EQ(names(evaluate_rules(f, RuleSettings{})), Strings{});
}

TEST(FraudRules, NamesRoundTrip) {
  for (Rule rule : kAllRules) EXPECT_EQ(rule_named(to_string(rule)), rule);
  EXPECT_EQ(rule_named("bogus"), std::nullopt);
}

TEST(FraudDecision, ScoresBelowReviewApprove) {
  const Verdict v = decide(0.2, {}, {}, DecisionSettings{});
  EXPECT_EQ(v.decision, Decision::kApprove);
  EXPECT_EQ(v.reasons, Strings{});
  EXPECT_EQ(v.score, 0.2);
}

TEST(FraudDecision, ThresholdsSendToReviewAndBlock) {
  const DecisionSettings settings;  // 0.5, 0.9
  EXPECT_EQ(decide(0.5, {}, {}, settings).decision, Decision::kReview);
  EXPECT_EQ(decide(0.5, {}, {}, settings).reasons, Strings{"model_score"});
  EXPECT_EQ(decide(0.89, {}, {}, settings).decision, Decision::kReview);
  EXPECT_EQ(decide(0.9, {}, {}, settings).decision, Decision::kBlock);
  EXPECT_EQ(decide(0.9, {}, {}, settings).reasons, Strings{"model_score"});
}

TEST(FraudDecision, ARuleHitForcesAtLeastReview) {
  const Verdict low = decide(0.1, {Rule::kHighAmount}, {}, DecisionSettings{});
  EXPECT_EQ(low.decision, Decision::kReview);
  EXPECT_EQ(low.reasons, Strings{"high_amount"});
  const Verdict high = decide(0.95, {Rule::kVelocity, Rule::kCountryMismatch}, {}, DecisionSettings{});
  EXPECT_EQ(high.decision, Decision::kBlock);
  EXPECT_EQ(high.reasons, (Strings{"velocity", "country_mismatch", "model_score"}));
}

TEST(FraudDecision, BlockRulesBlockWhateverTheScore) {
  DecisionSettings settings;
  settings.block_rules = {Rule::kHighAmount};
  EXPECT_EQ(decide(0.01, {Rule::kHighAmount}, {}, settings).decision, Decision::kBlock);
  EXPECT_EQ(decide(0.01, {Rule::kVelocity}, {}, settings).decision, Decision::kReview);
  EXPECT_EQ(decide(std::nullopt, {Rule::kHighAmount}, {"model_unavailable"}, settings).decision, Decision::kBlock);
}

TEST(FraudDecision, WithoutAScoreNeverApproves) {
  const Verdict unavailable = decide(std::nullopt, {}, {"model_unavailable"}, DecisionSettings{});
  EXPECT_EQ(unavailable.decision, Decision::kReview);
  EXPECT_EQ(unavailable.score, std::nullopt);
  EXPECT_EQ(unavailable.reasons, Strings{"model_unavailable"});

  const Verdict missing =
      decide(std::nullopt, {Rule::kHighAmount}, {missing_features_reason({"user", "timestamp"})}, DecisionSettings{});
  EXPECT_EQ(missing.decision, Decision::kReview);
  EXPECT_EQ(missing.reasons, (Strings{"high_amount", "missing_features:user,timestamp"}));

  // No reason given: still not approved, and said why.
  EXPECT_EQ(decide(std::nullopt, {}, {}, DecisionSettings{}).reasons, Strings{"model_unavailable"});
}

TEST(FraudDecision, DecisionNames) {
  EXPECT_STREQ(to_string(Decision::kApprove), "approve");
  EXPECT_STREQ(to_string(Decision::kReview), "review");
  EXPECT_STREQ(to_string(Decision::kBlock), "block");
}

}  // namespace
}  // namespace streamline::plugins::fraud
