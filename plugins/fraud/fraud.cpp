#include "fraud.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include <spdlog/logger.h>

namespace streamline::plugins::fraud {
namespace {

const std::vector<double> kScoreBuckets{0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99};
const std::vector<double> kScoringBuckets{0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5};

// Six decimals are all a reviewer reads, and keep the event's JSON short.
double rounded(float score) { return std::round(static_cast<double>(score) * 1e6) / 1e6; }

// An order selected for scoring, until its verdict is written.
struct Pending {
  std::size_t index = 0;  // in the batch
  OrderFeatures features;
  std::vector<Rule> hits;
  std::optional<std::size_t> row;  // in the scoring matrix, when scored
};

}  // namespace

FraudStage::FraudStage(FraudOptions options, Context& context)
    : options_(std::move(options)),
      context_(context),
      extractor_(options_.velocity_window, options_.velocity_max_users),
      unscored_unavailable_(context.metrics().counter("fraud_unscored_total", "Orders the model could not score, by reason",
                                                      {{"reason", "model_unavailable"}})),
      unscored_missing_(context.metrics().counter("fraud_unscored_total", "Orders the model could not score, by reason",
                                                  {{"reason", "missing_features"}})),
      model_loaded_(context.metrics().gauge("fraud_model_loaded", "1 when the fraud model is loaded, else 0")),
      velocity_users_(context.metrics().gauge("fraud_velocity_users", "Users tracked by the velocity window")),
      scores_(context.metrics().histogram("fraud_score", "Fraud scores given by the model", kScoreBuckets)),
      scoring_seconds_(context.metrics().histogram("fraud_scoring_seconds",
                                                   "Time of one XGBoost call scoring a batch, in seconds",
                                                   kScoringBuckets)) {
  for (Decision d : {Decision::kApprove, Decision::kReview, Decision::kBlock})
    decisions_[static_cast<std::size_t>(d)] =
        &context.metrics().counter("fraud_decisions_total", "Fraud decisions, by decision", {{"decision", to_string(d)}});
  for (Rule r : kAllRules)
    rule_hits_[static_cast<std::size_t>(r)] =
        &context.metrics().counter("fraud_rule_hits_total", "Fraud rule hits, by rule", {{"rule", to_string(r)}});
}

void FraudStage::start() {
  model_.reset();
  model_loaded_.set(0);
  try {
    model_.emplace(FraudModel::load(options_.model_path, options_.threads));
  } catch (const std::exception& e) {
    if (options_.require_model) throw;
    context_.logger().error("{}; every order goes to review (reason {}) until the model loads", e.what(),
                            kModelUnavailable);
    return;
  }
  model_name_ = options_.model_path.filename().string();
  model_loaded_.set(1);
  context_.logger().info("loaded fraud model '{}' ({} features)", options_.model_path.string(), kFeatureCount);
}

void FraudStage::stop() noexcept {
  model_.reset();
  model_loaded_.set(0);
}

bool FraudStage::selected(const Json& event) const {
  if (!event.is_object()) return false;
  const auto type = event.find("event_type");
  if (type == event.end() || !type->is_string()) return false;
  const auto& name = type->get_ref<const std::string&>();
  return std::find(options_.event_types.begin(), options_.event_types.end(), name) != options_.event_types.end();
}

void FraudStage::process(Batch& batch) {
  std::vector<Pending> pending;
  std::vector<float> matrix;  // complete rows, row-major, for one XGBoost call
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const Json* event = nullptr;
    try {
      event = &batch[i].json();
    } catch (const PayloadError& e) {
      batch.fail(i, e.what());
      continue;
    }
    if (!selected(*event)) continue;
    Pending order{i, extractor_.extract(*event), {}, std::nullopt};
    order.hits = evaluate_rules(order.features, options_.rules);
    if (model_ && order.features.complete()) {
      order.row = matrix.size() / kFeatureCount;
      matrix.insert(matrix.end(), order.features.values.begin(), order.features.values.end());
    }
    pending.push_back(std::move(order));
  }
  velocity_users_.set(static_cast<double>(extractor_.velocity().users()));

  std::vector<float> scores;
  if (!matrix.empty()) {
    const auto began = std::chrono::steady_clock::now();
    try {
      scores = model_->predict(matrix);
    } catch (const XGBoostError& e) {
      // The orders go to review; the batch itself is fine.
      context_.logger().error("{}; {} orders go to review", e.what(), matrix.size() / kFeatureCount);
    }
    scoring_seconds_.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count());
  }

  for (Pending& order : pending) {
    std::optional<double> score;
    std::vector<std::string> unscored;
    if (order.row && !scores.empty()) {
      score = rounded(scores[*order.row]);
      scores_.observe(*score);
    } else {
      // Not loaded, or XGBoost failed on this batch (a complete row unscored).
      if (!model_ || order.features.complete()) unscored.emplace_back(kModelUnavailable);
      if (!order.features.complete()) unscored.push_back(missing_features_reason(order.features.missing));
    }
    const Verdict verdict = decide(score, order.hits, unscored, options_.decision);
    Json fraud = Json::object();
    fraud.get_ref<Json::object_t&>().reserve(4);
    fraud["score"] = verdict.score ? Json(*verdict.score) : Json(nullptr);
    fraud["decision"] = to_string(verdict.decision);
    fraud["reasons"] = verdict.reasons;
    fraud["model"] = model_ ? model_name_ : std::string("unavailable");
    batch[order.index].mutable_json()["fraud"] = std::move(fraud);
    count(verdict, order.hits, unscored);
  }
}

void FraudStage::count(const Verdict& verdict, const std::vector<Rule>& hits,
                       const std::vector<std::string>& unscored) {
  decisions_[static_cast<std::size_t>(verdict.decision)]->inc();
  for (Rule rule : hits) rule_hits_[static_cast<std::size_t>(rule)]->inc();
  for (const auto& reason : unscored) {
    if (reason == kModelUnavailable) unscored_unavailable_.inc();
    else unscored_missing_.inc();
  }
}

}  // namespace streamline::plugins::fraud
