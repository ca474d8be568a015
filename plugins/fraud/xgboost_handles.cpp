#include "xgboost_handles.hpp"

#include <cmath>
#include <limits>

namespace streamline::plugins::fraud {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\r')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::string last_xgboost_error() {
  const char* raw = XGBGetLastError();
  std::string_view text = raw != nullptr ? raw : "";
  // "[18:15:54] ./src/common/io.cc:102: Opening m.json failed: ...\nStack trace: ..."
  if (const auto stack = text.find("Stack trace:"); stack != std::string_view::npos) text = text.substr(0, stack);
  if (const auto line_end = text.find('\n'); line_end != std::string_view::npos) text = text.substr(0, line_end);
  if (!text.empty() && text.front() == '[') {
    if (const auto close = text.find("] "); close != std::string_view::npos) text.remove_prefix(close + 2);
  }
  // The source location: "<file>:<line>: ".
  if (const auto colon = text.find(": "); colon != std::string_view::npos) {
    const std::string_view location = text.substr(0, colon);
    const auto line_colon = location.rfind(':');
    const bool is_location = line_colon != std::string_view::npos && location.find(' ') == std::string_view::npos &&
                             line_colon + 1 < location.size() &&
                             location.find_first_not_of("0123456789", line_colon + 1) == std::string_view::npos;
    if (is_location) text.remove_prefix(colon + 2);
  }
  text = trim(text);
  return text.empty() ? std::string("unknown XGBoost error") : std::string(text);
}

void check(int status, std::string_view what) {
  if (status != 0) throw XGBoostError(std::string(what) + ": " + last_xgboost_error());
}

BoosterPtr make_booster(const DMatrixHandle* matrices, bst_ulong count) {
  BoosterHandle handle = nullptr;
  check(XGBoosterCreate(matrices, count, &handle), "creating an XGBoost booster");
  return BoosterPtr(handle);
}

DMatrixPtr make_dense_matrix(const float* values, bst_ulong rows, bst_ulong columns, int threads) {
  DMatrixHandle handle = nullptr;
  check(XGDMatrixCreateFromMat_omp(values, rows, columns, std::numeric_limits<float>::quiet_NaN(), &handle, threads),
        "creating an XGBoost matrix");
  return DMatrixPtr(handle);
}

}  // namespace streamline::plugins::fraud
