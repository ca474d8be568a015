#include "fraud_decision.hpp"

#include <algorithm>

namespace streamline::plugins::fraud {

const char* to_string(Decision decision) noexcept {
  switch (decision) {
    case Decision::kApprove: return "approve";
    case Decision::kReview: return "review";
    case Decision::kBlock: return "block";
  }
  return "review";
}

Verdict decide(std::optional<double> score, const std::vector<Rule>& hits, const std::vector<std::string>& unscored,
               const DecisionSettings& settings) {
  Verdict verdict;
  verdict.score = score;
  Decision decision = Decision::kApprove;
  for (Rule rule : hits) {
    verdict.reasons.emplace_back(to_string(rule));
    const bool blocks =
        std::find(settings.block_rules.begin(), settings.block_rules.end(), rule) != settings.block_rules.end();
    decision = std::max(decision, blocks ? Decision::kBlock : Decision::kReview);
  }
  if (score) {
    if (*score >= settings.review_threshold) {
      verdict.reasons.emplace_back(kModelScore);
      decision = std::max(decision, Decision::kReview);
    }
    if (*score >= settings.block_threshold) decision = Decision::kBlock;
  } else {
    if (unscored.empty()) verdict.reasons.emplace_back(kModelUnavailable);
    verdict.reasons.insert(verdict.reasons.end(), unscored.begin(), unscored.end());
    decision = std::max(decision, Decision::kReview);
  }
  verdict.decision = decision;
  return verdict;
}

std::string missing_features_reason(const std::vector<std::string>& missing) {
  std::string reason = "missing_features:";
  for (std::size_t i = 0; i < missing.size(); ++i) reason += (i ? "," : "") + missing[i];
  return reason;
}

}  // namespace streamline::plugins::fraud
