#include "fraud_model.hpp"

#include <cstdint>
#include <string>
#include <system_error>

#include "order_features.hpp"

namespace streamline::plugins::fraud {
namespace {

std::string joined(const char* const* names, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) out += (i ? ", " : "") + std::string(names[i]);
  return out;
}

// The model must read exactly our columns.
void check_features(BoosterHandle booster, const std::string& where) {
  bst_ulong columns = 0;
  check(XGBoosterGetNumFeature(booster, &columns), where + ": reading its number of features");
  bst_ulong named = 0;
  const char** names = nullptr;
  check(XGBoosterGetStrFeatureInfo(booster, "feature_name", &named, &names), where + ": reading its feature names");
  const std::string ours = joined(kFeatureNames.data(), kFeatureNames.size());
  if (columns != kFeatureCount)
    throw FraudModelError(where + " reads " + std::to_string(columns) + " features; this plugin computes " +
                          std::to_string(kFeatureCount) + " (" + ours +
                          "): retrain the model with train-fraud-model");
  if (named == 0) return;  // a model without names: the count is all we can check
  bool same = named == kFeatureCount;
  for (std::size_t i = 0; same && i < kFeatureCount; ++i) same = std::string_view(names[i]) == kFeatureNames[i];
  if (!same)
    throw FraudModelError(where + " reads the features (" + joined(names, named) + "); this plugin computes (" +
                          ours + "): retrain the model with train-fraud-model");
}

}  // namespace

FraudModel FraudModel::load(const std::filesystem::path& path, int threads) {
  const std::string where = "fraud model '" + path.string() + "'";
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw FraudModelError(where + " cannot be loaded: no such file");
  if (std::filesystem::file_size(path, ec) == 0) throw FraudModelError(where + " cannot be loaded: the file is empty");

  BoosterPtr booster = make_booster();
  try {
    check(XGBoosterLoadModel(booster.get(), path.c_str()), where + " cannot be loaded");
    check(XGBoosterSetParam(booster.get(), "nthread", std::to_string(threads).c_str()), where + ": setting nthread");
  } catch (const XGBoostError& e) {
    throw FraudModelError(e.what());
  }
  check_features(booster.get(), where);
  return FraudModel(path, std::move(booster));
}

std::vector<float> FraudModel::predict(std::span<const float> values) const {
  const std::size_t rows = values.size() / kFeatureCount;
  if (rows == 0) return {};
  // In-place prediction on our buffer: no DMatrix copy. The buffer is
  // described with NumPy's array interface, as XGBoost's C API expects.
  const std::string array = R"({"data":[)" + std::to_string(reinterpret_cast<std::uintptr_t>(values.data())) +
                            R"(,true],"shape":[)" + std::to_string(rows) + "," + std::to_string(kFeatureCount) +
                            R"(],"typestr":"<f4","version":3})";
  static constexpr const char* kConfig =
      R"({"type":0,"training":false,"iteration_begin":0,"iteration_end":0,"strict_shape":false,)"
      R"("missing":NaN,"cache_id":0})";
  const bst_ulong* shape = nullptr;
  bst_ulong dimensions = 0;
  const float* scores = nullptr;
  check(XGBoosterPredictFromDense(booster_.get(), array.c_str(), kConfig, nullptr, &shape, &dimensions, &scores),
        "scoring with fraud model '" + path_.string() + "'");
  if (dimensions < 1 || shape[0] != rows)
    throw XGBoostError("scoring with fraud model '" + path_.string() + "': expected " + std::to_string(rows) +
                       " scores");
  return std::vector<float>(scores, scores + rows);
}

}  // namespace streamline::plugins::fraud
