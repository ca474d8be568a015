#include "roc_auc.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <vector>

namespace streamline::plugins::fraud::training {

double roc_auc(std::span<const float> scores, std::span<const float> labels) {
  // Mann-Whitney U: the positives' rank sum, ranks averaged over ties.
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
  double positive_rank_sum = 0;
  std::size_t positives = 0;
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j < order.size() && scores[order[j]] == scores[order[i]]) ++j;
    const double average_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
    for (std::size_t k = i; k < j; ++k) {
      if (labels[order[k]] > 0.5f) {
        positive_rank_sum += average_rank;
        ++positives;
      }
    }
    i = j;
  }
  const std::size_t negatives = scores.size() - positives;
  if (positives == 0 || negatives == 0) return std::numeric_limits<double>::quiet_NaN();
  const double p = static_cast<double>(positives);
  return (positive_rank_sum - p * (p + 1) / 2.0) / (p * static_cast<double>(negatives));
}

double Confusion::precision() const noexcept {
  const std::size_t flagged = true_positives + false_positives;
  return flagged ? static_cast<double>(true_positives) / static_cast<double>(flagged) : 0.0;
}

double Confusion::recall() const noexcept {
  const std::size_t frauds = true_positives + false_negatives;
  return frauds ? static_cast<double>(true_positives) / static_cast<double>(frauds) : 0.0;
}

Confusion confusion_at(std::span<const float> scores, std::span<const float> labels, double threshold) {
  Confusion c;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    const bool fraud = labels[i] > 0.5f;
    const bool flagged = scores[i] >= threshold;
    if (fraud && flagged) ++c.true_positives;
    else if (fraud) ++c.false_negatives;
    else if (flagged) ++c.false_positives;
    else ++c.true_negatives;
  }
  return c;
}

}  // namespace streamline::plugins::fraud::training
