// The shipped model's quality on orders it never saw: generated from
// another seed than its training data, judged by the generator's truth.

#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <streamline/testing/fake_context.hpp>
#include <streamline/testing/stage_harness.hpp>

#include "plugins/fraud/fraud.hpp"
#include "plugins/fraud/fraud_model.hpp"
#include "plugins/fraud/training/labelled_orders.hpp"
#include "plugins/fraud/training/roc_auc.hpp"

namespace streamline::plugins::fraud {
namespace {

namespace fs = std::filesystem;

const fs::path kShippedModel = fs::path(PROJECT_SOURCE_DIR) / "plugins/fraud/model/fraud-model.json";
// Training used seed 20250101 (docs/fraud-model.md); this is another stream.
const training::StreamSettings kHeldOut{/*seed=*/7, /*events=*/50'000, /*fraud_ratio=*/0.03};

void print_confusion(const char* what, const training::Confusion& c) {
  std::printf("  %-22s TP %5zu  FP %5zu  TN %6zu  FN %5zu  precision %.3f  recall %.3f\n", what, c.true_positives,
              c.false_positives, c.true_negatives, c.false_negatives, c.precision(), c.recall());
}

TEST(FraudModelQuality, ShippedModelSeparatesHeldOutFraud) {
  const FraudModel model = FraudModel::load(kShippedModel);
  const training::LabelledOrders data = training::labelled_orders(kHeldOut);
  ASSERT_GT(data.rows(), 10'000u);
  ASSERT_GT(data.frauds(), 200u);

  const std::vector<float> scores = model.predict(data.features);
  ASSERT_EQ(scores.size(), data.rows());
  const double auc = training::roc_auc(scores, data.labels);

  std::printf("held-out orders %zu (fraud %zu, seed %llu): ROC AUC %.4f\n", data.rows(), data.frauds(),
              static_cast<unsigned long long>(kHeldOut.seed), auc);
  print_confusion("score >= 0.5 (review)", training::confusion_at(scores, data.labels, 0.5));
  print_confusion("score >= 0.9 (block)", training::confusion_at(scores, data.labels, 0.9));
  ::testing::Test::RecordProperty("roc_auc", std::to_string(auc));
  EXPECT_GT(auc, 0.9);
}

TEST(FraudModelQuality, StageFlagsHeldOutFraud) {
  // The whole stage (model and rules, default options) over the same
  // stream, in batches of 500 as the pipeline would.
  streamline::testing::FakeContext context("fraud", "fraud");
  FraudOptions options;
  options.model_path = kShippedModel;
  FraudStage stage(std::move(options), context);
  stage.start();

  std::map<std::string, std::map<bool, std::size_t>> decisions;  // decision -> is fraud -> orders
  std::map<std::string, std::size_t> false_alarm_reasons;           // reason -> legitimate orders flagged
  std::vector<Json> batch;
  std::vector<bool> truth;
  auto flush = [&] {
    auto result = streamline::testing::run_processor(stage, streamline::testing::events_from_json(batch));
    for (std::size_t i = 0; i < result.passed.size(); ++i) {
      const Json& verdict = result.passed[i].json()["fraud"];
      ++decisions[verdict["decision"].get<std::string>()][truth[i]];
      if (!truth[i])
        for (const auto& reason : verdict["reasons"]) ++false_alarm_reasons[reason.get<std::string>()];
    }
    batch.clear();
    truth.clear();
  };
  training::for_each_enriched_order(kHeldOut, [&](const streamline::Json& event, const orders::Truth& t) {
    batch.push_back(event);
    truth.push_back(t.is_fraud);
    if (batch.size() == 500) flush();
  });
  flush();

  std::size_t frauds = 0, flagged_frauds = 0, flagged_legit = 0, legit = 0;
  std::printf("stage decisions on held-out orders (seed %llu):\n", static_cast<unsigned long long>(kHeldOut.seed));
  for (const auto& [decision, by_truth] : decisions) {
    const std::size_t f = by_truth.count(true) ? by_truth.at(true) : 0;
    const std::size_t l = by_truth.count(false) ? by_truth.at(false) : 0;
    std::printf("  %-8s fraud %5zu  legitimate %6zu\n", decision.c_str(), f, l);
    frauds += f;
    legit += l;
    if (decision != "approve") {
      flagged_frauds += f;
      flagged_legit += l;
    }
  }
  const double recall = static_cast<double>(flagged_frauds) / static_cast<double>(frauds);
  const double false_alarms = static_cast<double>(flagged_legit) / static_cast<double>(legit);
  std::printf("  review or block: %.1f%% of fraud, %.2f%% of legitimate orders\n", 100 * recall, 100 * false_alarms);
  std::printf("  reasons given to legitimate orders:");
  for (const auto& [reason, count] : false_alarm_reasons) std::printf("  %s %zu", reason.c_str(), count);
  std::printf("\n");
  ::testing::Test::RecordProperty("stage_fraud_recall", std::to_string(recall));
  EXPECT_GT(recall, 0.9);
  EXPECT_LT(false_alarms, 0.05);
}

}  // namespace
}  // namespace streamline::plugins::fraud
