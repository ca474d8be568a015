#pragma once
// FraudModel: a trained XGBoost model, loaded from its file, that scores
// rows of OrderFeatures values.
//
// Loading checks that the model reads the columns this build computes: the
// same number, and the same names when the file stores names (the training
// tool always stores them). A mismatch fails with both lists, so a model from
// another feature set is never served silently.
//
// Errors: FraudModelError naming the file for a model that cannot be loaded;
// XGBoostError for a failed prediction.
// Threading: predict() may be called from one thread at a time (XGBoost keeps
// the result buffer per booster); one stage instance owns one model.

#include <cstddef>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <vector>

#include "xgboost_handles.hpp"

namespace streamline::plugins::fraud {

class FraudModelError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class FraudModel {
 public:
  // Loads an XGBoost model file (JSON, UBJSON or the binary format, by
  // extension) that predicts with `threads` threads.
  static FraudModel load(const std::filesystem::path& path, int threads = 1);

  // Probabilities of fraud for `rows` rows of kFeatureCount values each
  // (row-major; NaN = missing), in one XGBoost call.
  std::vector<float> predict(std::span<const float> values) const;

  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  FraudModel(std::filesystem::path path, BoosterPtr booster) : path_(std::move(path)), booster_(std::move(booster)) {}

  std::filesystem::path path_;
  BoosterPtr booster_;
};

}  // namespace streamline::plugins::fraud
