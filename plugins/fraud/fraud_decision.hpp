#pragma once
// The verdict on one order: the model's score and the rules' hits combined
// into a decision and the reasons for it.
//
//   score >= block_threshold              -> block
//   score >= review_threshold             -> review, reason "model_score"
//   a rule fired                          -> at least review, reason the rule
//   a rule of block_rules fired           -> block
//   no score (model unavailable, inputs
//   missing)                              -> at least review, reasons
//                                            "model_unavailable" and/or
//                                            "missing_features:<inputs>"
//   otherwise                             -> approve
// Reasons come in that order: rule hits (in rule order), "model_score", the
// reason for the missing score. An order is never approved without a score.

#include <optional>
#include <string>
#include <vector>

#include "fraud_rules.hpp"

namespace streamline::plugins::fraud {

enum class Decision { kApprove, kReview, kBlock };
const char* to_string(Decision decision) noexcept;  // "approve", "review", "block"

struct DecisionSettings {
  double review_threshold = 0.5;
  double block_threshold = 0.9;
  std::vector<Rule> block_rules;  // rules whose hit blocks outright
};

struct Verdict {
  std::optional<double> score;
  Decision decision = Decision::kReview;
  std::vector<std::string> reasons;
};

// `unscored` says why there is no score ("model_unavailable",
// "missing_features:user"); empty when `score` is set.
Verdict decide(std::optional<double> score, const std::vector<Rule>& hits, const std::vector<std::string>& unscored,
               const DecisionSettings& settings);

// "missing_features:user,total_amount"
std::string missing_features_reason(const std::vector<std::string>& missing);

inline constexpr const char* kModelUnavailable = "model_unavailable";
inline constexpr const char* kModelScore = "model_score";

}  // namespace streamline::plugins::fraud
