// Fraud scoring throughput: the fraud stage (features, one XGBoost call per
// batch, rules, verdict written into the event) over generated, enriched
// orders, per batch size; the model's XGBoost call alone; and the features
// alone. Prints orders/s; never asserts on time.
//
//   fraud_scoring [--events N] [--threads T]
//
// N is the length of the generated stream (about a quarter are new orders).

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <streamline/testing/fake_context.hpp>

#include "plugins/fraud/fraud.hpp"
#include "plugins/fraud/training/labelled_orders.hpp"

namespace {

namespace fraud = streamline::plugins::fraud;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point began) { return std::chrono::duration<double>(Clock::now() - began).count(); }

}  // namespace

int main(int argc, char** argv) {
  fraud::training::StreamSettings settings{/*seed=*/99, /*events=*/200'000, /*fraud_ratio=*/0.03};
  int threads = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    if (flag == "--events") settings.events = std::strtoull(argv[i + 1], nullptr, 10);
    else if (flag == "--threads") threads = std::atoi(argv[i + 1]);
  }
  const std::string model_path = std::string(PROJECT_SOURCE_DIR) + "/plugins/fraud/model/fraud-model.json";

  std::vector<streamline::Json> orders;
  fraud::training::for_each_enriched_order(
      settings, [&](const streamline::Json& event, const streamline::orders::Truth&) { orders.push_back(event); });
  std::printf("fraud scoring: %zu enriched orders, model %s, %d XGBoost thread(s)\n", orders.size(),
              model_path.c_str(), threads);

  std::printf("%-8s %16s %18s %18s\n", "batch", "stage orders/s", "XGBoost rows/s", "features orders/s");
  for (std::size_t batch_size : {1, 16, 128, 1024}) {
    // The stage, from a fresh velocity window, on fresh copies of the orders.
    streamline::testing::FakeContext context("fraud", "fraud");
    fraud::FraudOptions options;
    options.model_path = model_path;
    options.threads = threads;
    fraud::FraudStage stage(std::move(options), context);
    stage.start();
    std::vector<streamline::Batch> batches;
    for (std::size_t i = 0; i < orders.size(); i += batch_size) {
      std::vector<streamline::Event> events;
      for (std::size_t j = i; j < std::min(orders.size(), i + batch_size); ++j)
        events.push_back(streamline::Event::from_json(orders[j]));
      batches.emplace_back(std::move(events));
    }
    const auto stage_began = Clock::now();
    for (auto& batch : batches) stage.process(batch);
    const double stage_seconds = seconds_since(stage_began);

    // The features alone (once per batch size: the figure does not depend on it).
    fraud::FeatureExtractor extractor;
    std::vector<float> rows;
    rows.reserve(orders.size() * fraud::kFeatureCount);
    const auto features_began = Clock::now();
    for (const auto& order : orders) {
      const auto features = extractor.extract(order);
      rows.insert(rows.end(), features.values.begin(), features.values.end());
    }
    const double features_seconds = seconds_since(features_began);

    // The model alone, on the same rows.
    const fraud::FraudModel model = fraud::FraudModel::load(model_path, threads);
    const std::size_t row_values = batch_size * fraud::kFeatureCount;
    const auto model_began = Clock::now();
    for (std::size_t i = 0; i < rows.size(); i += row_values)
      model.predict(std::span<const float>(rows).subspan(i, std::min(row_values, rows.size() - i)));
    const double model_seconds = seconds_since(model_began);

    const auto n = static_cast<double>(orders.size());
    std::printf("%-8zu %16.0f %18.0f %18.0f\n", batch_size, n / stage_seconds, n / model_seconds, n / features_seconds);
  }
  return 0;
}
