#pragma once
// Labelled orders for training and judging the fraud model: the order
// generator's stream (OrderStream) regenerated from a seed, each new order
// enriched as the enrich stage would (reference_enrichment) and turned into
// features by the plugin's own FeatureExtractor, with the generator's truth
// (is the order planted fraud) as the label.
//
// Like the pipeline sees them: duplicates are left out (redis-dedup drops
// them before fraud), and of the malformed events only those that are valid
// orders of an unknown user or product are kept. Velocity is computed in
// stream order over every kept ORDER_CREATED, with the default 1h window.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include <streamline/json.hpp>

#include "order_stream.hpp"
#include "order_features.hpp"

namespace streamline::plugins::fraud::training {

struct StreamSettings {
  std::uint64_t seed = 1;
  std::size_t events = 200'000;  // events of the stream read (all types)
  double fraud_ratio = 0.03;     // share of new orders that are fraud
};

// The stream's options for these settings (users, products, ratios).
orders::OrderStreamOptions stream_options(const StreamSettings& settings);

// Calls `visit(event, truth)` for each kept ORDER_CREATED, in stream order,
// the event's JSON carrying its "enrichment".
void for_each_enriched_order(const StreamSettings& settings,
                             const std::function<void(const streamline::Json&, const orders::Truth&)>& visit);

struct LabelledOrders {
  std::vector<float> features;  // rows x kFeatureCount, row-major
  std::vector<float> labels;    // 1 planted fraud, 0 not
  std::vector<orders::FraudPattern> patterns;
  std::size_t incomplete = 0;  // orders left out: required inputs missing (unknown user)

  std::size_t rows() const noexcept { return labels.size(); }
  std::size_t frauds() const noexcept;
};

LabelledOrders labelled_orders(const StreamSettings& settings);

}  // namespace streamline::plugins::fraud::training
