// train-fraud-model: trains the fraud plugin's model on generated orders.
//
//   build/bin/train-fraud-model --events 200000 --seed 20250101
//       --out plugins/fraud/model/fraud-model.json
//
// Regenerates the order generator's stream (labelled: the generator knows
// which orders are planted fraud), enriches and featurises each new order
// exactly as the pipeline does, trains gradient-boosted trees
// (binary:logistic) on the first orders and reports ROC AUC on them and on
// the later, held-out ones. Same options, same model file: the seed fixes the
// data and the trees (one thread by default).

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fraud_model.hpp"
#include "labelled_orders.hpp"
#include "order_features.hpp"
#include "roc_auc.hpp"
#include "xgboost_handles.hpp"

namespace {

namespace fraud = streamline::plugins::fraud;
namespace training = streamline::plugins::fraud::training;
namespace orders = streamline::orders;

struct Arguments {
  training::StreamSettings stream{20250101, 200'000, 0.03};
  std::filesystem::path out = "fraud-model.json";
  int rounds = 150;
  int max_depth = 4;
  double eta = 0.1;
  double holdout = 0.2;
  int threads = 1;
};

constexpr const char* kUsage = R"(usage: train-fraud-model [options]

Trains the fraud plugin's XGBoost model on labelled orders regenerated with
the order generator, and writes the model file (XGBoost JSON).

  --events N        events of the generated stream to read (all types)  [200000]
  --seed S          the stream's seed                                   [20250101]
  --fraud-ratio R   share of new orders that are planted fraud          [0.03]
  --out PATH        model file to write                                 [fraud-model.json]
  --rounds N        boosting rounds (trees)                             [150]
  --max-depth N     depth of each tree                                  [4]
  --eta X           learning rate                                       [0.1]
  --holdout X       share of the orders, the latest, held out           [0.2]
  --threads N       XGBoost threads (1 keeps the model reproducible)    [1]
)";

[[noreturn]] void usage_error(const std::string& message) {
  std::cerr << "train-fraud-model: " << message << "\n\n" << kUsage;
  std::exit(2);
}

template <typename T>
T parse_number(std::string_view flag, const std::string& text) {
  try {
    std::size_t used = 0;
    T value{};
    if constexpr (std::is_floating_point_v<T>) value = static_cast<T>(std::stod(text, &used));
    else value = static_cast<T>(std::stoull(text, &used));
    if (used != text.size()) throw std::invalid_argument(text);
    return value;
  } catch (const std::exception&) {
    usage_error(std::string(flag) + " expects a number, got '" + text + "'");
  }
}

Arguments parse(int argc, char** argv) {
  Arguments args;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      std::cout << kUsage;
      std::exit(0);
    }
    if (i + 1 >= argc) usage_error(std::string(flag) + " needs a value");
    const std::string value = argv[++i];
    if (flag == "--events") args.stream.events = parse_number<std::size_t>(flag, value);
    else if (flag == "--seed") args.stream.seed = parse_number<std::uint64_t>(flag, value);
    else if (flag == "--fraud-ratio") args.stream.fraud_ratio = parse_number<double>(flag, value);
    else if (flag == "--out") args.out = value;
    else if (flag == "--rounds") args.rounds = parse_number<int>(flag, value);
    else if (flag == "--max-depth") args.max_depth = parse_number<int>(flag, value);
    else if (flag == "--eta") args.eta = parse_number<double>(flag, value);
    else if (flag == "--holdout") args.holdout = parse_number<double>(flag, value);
    else if (flag == "--threads") args.threads = parse_number<int>(flag, value);
    else usage_error("unknown option '" + std::string(flag) + "'");
  }
  if (args.stream.fraud_ratio <= 0 || args.stream.fraud_ratio >= 1) usage_error("--fraud-ratio must be in (0, 1)");
  if (args.holdout <= 0 || args.holdout >= 1) usage_error("--holdout must be in (0, 1)");
  if (args.rounds < 1 || args.max_depth < 1 || args.threads < 1)
    usage_error("--rounds, --max-depth and --threads must be at least 1");
  return args;
}

void set(BoosterHandle booster, const char* name, const std::string& value) {
  fraud::check(XGBoosterSetParam(booster, name, value.c_str()), std::string("setting ") + name);
}

fraud::BoosterPtr train(std::span<const float> features, std::span<const float> labels, const Arguments& args) {
  const auto rows = static_cast<bst_ulong>(labels.size());
  fraud::DMatrixPtr matrix = fraud::make_dense_matrix(features.data(), rows, fraud::kFeatureCount, args.threads);
  fraud::check(XGDMatrixSetFloatInfo(matrix.get(), "label", labels.data(), rows), "setting the labels");
  DMatrixHandle handles[] = {matrix.get()};
  fraud::BoosterPtr booster = fraud::make_booster(handles, 1);
  set(booster.get(), "objective", "binary:logistic");
  set(booster.get(), "eval_metric", "auc");
  set(booster.get(), "tree_method", "hist");
  set(booster.get(), "max_depth", std::to_string(args.max_depth));
  set(booster.get(), "eta", std::to_string(args.eta));
  set(booster.get(), "subsample", "0.8");
  set(booster.get(), "colsample_bytree", "0.9");
  set(booster.get(), "min_child_weight", "2");
  set(booster.get(), "seed", std::to_string(args.stream.seed % 2147483647));
  set(booster.get(), "nthread", std::to_string(args.threads));
  // The names go into the model file; the plugin refuses a model whose
  // names are not its own features.
  std::array<const char*, fraud::kFeatureCount> names = fraud::kFeatureNames;  // the C API takes char**
  fraud::check(XGBoosterSetStrFeatureInfo(booster.get(), "feature_name", names.data(), fraud::kFeatureCount),
               "setting the feature names");
  for (int round = 0; round < args.rounds; ++round)
    fraud::check(XGBoosterUpdateOneIter(booster.get(), round, matrix.get()), "training");
  // The model must not keep a reference to the training matrix.
  return booster;
}

void report(const char* name, std::span<const float> scores, std::span<const float> labels,
            std::span<const orders::FraudPattern> patterns) {
  std::size_t frauds = 0;
  for (float label : labels) frauds += label > 0.5f ? 1 : 0;
  std::printf("%-9s orders %7zu  fraud %5zu  ROC AUC %.4f\n", name, labels.size(), frauds,
              training::roc_auc(scores, labels));
  for (double threshold : {0.5, 0.9}) {
    const training::Confusion c = training::confusion_at(scores, labels, threshold);
    std::printf("          score >= %.1f: TP %zu  FP %zu  TN %zu  FN %zu  precision %.3f  recall %.3f\n", threshold,
                c.true_positives, c.false_positives, c.true_negatives, c.false_negatives, c.precision(), c.recall());
  }
  // Recall per planted pattern at the review threshold.
  std::map<orders::FraudPattern, std::pair<std::size_t, std::size_t>> by_pattern;  // caught, all
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] < 0.5f) continue;
    auto& [caught, all] = by_pattern[patterns[i]];
    ++all;
    caught += scores[i] >= 0.5f ? 1 : 0;
  }
  std::printf("          recall at 0.5 by pattern:");
  for (const auto& [pattern, counts] : by_pattern)
    std::printf("  %s %zu/%zu", orders::to_string(pattern), counts.first, counts.second);
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  const Arguments args = parse(argc, argv);
  try {
    std::printf("generating %zu events (seed %llu, fraud ratio %.3f)...\n", args.stream.events,
                static_cast<unsigned long long>(args.stream.seed), args.stream.fraud_ratio);
    const training::LabelledOrders data = training::labelled_orders(args.stream);
    const std::size_t rows = data.rows();
    const auto train_rows = static_cast<std::size_t>(static_cast<double>(rows) * (1.0 - args.holdout));
    if (train_rows == 0 || train_rows == rows) throw std::runtime_error("too few orders; raise --events");
    std::printf("orders %zu (fraud %zu), left out for missing inputs %zu; training on the first %zu\n", rows,
                data.frauds(), data.incomplete, train_rows);

    const std::span<const float> features(data.features);
    const std::span<const float> labels(data.labels);
    const std::span<const orders::FraudPattern> patterns(data.patterns);
    fraud::BoosterPtr booster =
        train(features.first(train_rows * fraud::kFeatureCount), labels.first(train_rows), args);

    if (args.out.has_parent_path()) std::filesystem::create_directories(args.out.parent_path());
    fraud::check(XGBoosterSaveModel(booster.get(), args.out.c_str()), "writing '" + args.out.string() + "'");

    // Judge the file as the plugin will load it.
    const fraud::FraudModel model = fraud::FraudModel::load(args.out, args.threads);
    const std::vector<float> scores = model.predict(features);
    const std::span<const float> all_scores(scores);
    report("train", all_scores.first(train_rows), labels.first(train_rows), patterns.first(train_rows));
    report("held-out", all_scores.subspan(train_rows), labels.subspan(train_rows), patterns.subspan(train_rows));
    std::printf("wrote %s (%ju bytes)\n", args.out.c_str(), static_cast<std::uintmax_t>(std::filesystem::file_size(args.out)));
  } catch (const std::exception& e) {
    std::cerr << "train-fraud-model: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
