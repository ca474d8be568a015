#pragma once
// RAII over XGBoost's C API: owned boosters and matrices, and errors as
// exceptions carrying XGBoost's own message.
//
//   BoosterPtr booster = make_booster();
//   check(XGBoosterLoadModel(booster.get(), path), "loading 'm.json'");
//     -> throws XGBoostError("loading 'm.json': Opening m.json failed: No such file or directory")

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include <xgboost/c_api.h>

namespace streamline::plugins::fraud {

class XGBoostError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// XGBoost's last error on this thread, without its time stamp, source
// location and stack trace: "Opening m.json failed: No such file or directory".
std::string last_xgboost_error();

// Throws XGBoostError("<what>: <last error>") when `status` is not 0.
void check(int status, std::string_view what);

struct BoosterDeleter {
  void operator()(BoosterHandle handle) const noexcept { XGBoosterFree(handle); }
};
struct DMatrixDeleter {
  void operator()(DMatrixHandle handle) const noexcept { XGDMatrixFree(handle); }
};
// The handles are void*: unique_ptr<void, D> owns them.
using BoosterPtr = std::unique_ptr<void, BoosterDeleter>;
using DMatrixPtr = std::unique_ptr<void, DMatrixDeleter>;

// An empty booster, or one set up to train on `matrices`.
BoosterPtr make_booster(const DMatrixHandle* matrices = nullptr, bst_ulong count = 0);

// A dense matrix of `rows` x `columns` floats, row-major, NaN for missing.
DMatrixPtr make_dense_matrix(const float* values, bst_ulong rows, bst_ulong columns, int threads);

}  // namespace streamline::plugins::fraud
