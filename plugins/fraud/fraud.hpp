#pragma once
// FraudStage: scores new orders for fraud and adds the verdict to each.
//
// Per batch: the events of the configured types (ORDER_CREATED by default)
// get their features computed (FeatureExtractor, velocity in batch order);
// the complete ones are scored by the model in ONE XGBoost call; rules are
// evaluated; and each gets
//   "fraud": {"score": 0.93 | null, "decision": "approve"|"review"|"block",
//             "reasons": [...], "model": "<model file name>" | "unavailable"}
// Every event passes on (a route stage acts on the decision); events of
// other types pass untouched; an event that is not JSON fails with the
// parser's message.
//
// Without a score (model not loaded, required inputs missing, XGBoost
// failed) an order goes to review with the reason: never approved silently.
//
// Model: loaded in start() from options.model_path. When it cannot be
// loaded, start() throws a FraudModelError naming the file if
// require_model; otherwise it logs the error and the stage reviews every
// order (metric fraud_model_loaded 0).
//
// Metrics: fraud_decisions_total{decision}, fraud_rule_hits_total{rule},
// fraud_unscored_total{reason}, fraud_model_loaded, fraud_score (histogram),
// fraud_scoring_seconds (histogram, one observation per XGBoost call),
// fraud_velocity_users.
//
// Threading: one instance is called from one thread; the velocity window is
// per instance, so the plugin refuses `concurrency` > 1 (each instance would
// see only part of a user's orders).

#include <array>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <streamline/context.hpp>
#include <streamline/stage.hpp>

#include "fraud_decision.hpp"
#include "fraud_model.hpp"
#include "fraud_rules.hpp"
#include "order_features.hpp"

namespace streamline::plugins::fraud {

struct FraudOptions {
  std::filesystem::path model_path;
  bool require_model = true;
  int threads = 1;
  std::vector<std::string> event_types{"ORDER_CREATED"};
  std::chrono::milliseconds velocity_window = FeatureExtractor::kDefaultVelocityWindow;
  std::size_t velocity_max_users = VelocityWindow::kDefaultMaxUsers;
  RuleSettings rules;
  DecisionSettings decision;
};

class FraudStage final : public Processor {
 public:
  FraudStage(FraudOptions options, Context& context);

  // Loads the model (see above).
  void start() override;
  void process(Batch& batch) override;
  void stop() noexcept override;

  bool model_loaded() const noexcept { return model_.has_value(); }

 private:
  bool selected(const Json& event) const;
  void count(const Verdict& verdict, const std::vector<Rule>& hits, const std::vector<std::string>& unscored);

  FraudOptions options_;
  Context& context_;
  FeatureExtractor extractor_;
  std::optional<FraudModel> model_;
  std::string model_name_;  // the model file's name, for the verdict
  std::array<Counter*, 3> decisions_;  // by Decision
  std::array<Counter*, 4> rule_hits_;  // by Rule
  Counter& unscored_unavailable_;
  Counter& unscored_missing_;
  Gauge& model_loaded_;
  Gauge& velocity_users_;
  Histogram& scores_;
  Histogram& scoring_seconds_;
};

}  // namespace streamline::plugins::fraud
