#pragma once
// Measures of a fraud model on labelled orders.

#include <cstddef>
#include <span>

namespace streamline::plugins::fraud::training {

// Area under the ROC curve: the chance that a random fraud scores above a
// random non-fraud (ties count half). NaN without both classes.
double roc_auc(std::span<const float> scores, std::span<const float> labels);

// Orders by truth and by "score >= threshold".
struct Confusion {
  std::size_t true_positives = 0;
  std::size_t false_positives = 0;
  std::size_t true_negatives = 0;
  std::size_t false_negatives = 0;

  double precision() const noexcept;
  double recall() const noexcept;
};

Confusion confusion_at(std::span<const float> scores, std::span<const float> labels, double threshold);

}  // namespace streamline::plugins::fraud::training
