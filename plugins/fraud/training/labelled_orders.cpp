#include "labelled_orders.hpp"

#include <algorithm>

#include "reference_enrichment.hpp"

namespace streamline::plugins::fraud::training {
namespace {

bool seen_by_fraud_stage(const orders::GeneratedEvent& event) {
  if (event.truth.event_type != orders::EventType::kCreated) return false;
  switch (event.truth.kind) {
    case orders::EventKind::kValid: return true;
    case orders::EventKind::kDuplicate: return false;
    case orders::EventKind::kMalformed:
      return event.truth.malformation == orders::Malformation::kUnknownUser ||
             event.truth.malformation == orders::Malformation::kUnknownProduct;
  }
  return false;
}

}  // namespace

orders::OrderStreamOptions stream_options(const StreamSettings& settings) {
  orders::OrderStreamOptions options;
  options.fraud_ratio = settings.fraud_ratio;
  return options;
}

void for_each_enriched_order(const StreamSettings& settings,
                             const std::function<void(const streamline::Json&, const orders::Truth&)>& visit) {
  const orders::OrderStreamOptions options = stream_options(settings);
  orders::OrderStream stream(settings.seed, options);
  for (std::size_t i = 0; i < settings.events; ++i) {
    const orders::GeneratedEvent event = stream.next();
    if (!seen_by_fraud_stage(event)) continue;
    streamline::Json document = streamline::Json::parse(event.payload);
    document["enrichment"] = reference_enrichment(document, options.users, options.products);
    visit(document, event.truth);
  }
}

std::size_t LabelledOrders::frauds() const noexcept {
  return static_cast<std::size_t>(std::count(labels.begin(), labels.end(), 1.0f));
}

LabelledOrders labelled_orders(const StreamSettings& settings) {
  LabelledOrders out;
  FeatureExtractor extractor;
  for_each_enriched_order(settings, [&](const streamline::Json& event, const orders::Truth& truth) {
    const OrderFeatures features = extractor.extract(event);
    if (!features.complete()) {
      ++out.incomplete;
      return;
    }
    out.features.insert(out.features.end(), features.values.begin(), features.values.end());
    out.labels.push_back(truth.is_fraud ? 1.0f : 0.0f);
    out.patterns.push_back(truth.fraud_pattern);
  });
  return out;
}

}  // namespace streamline::plugins::fraud::training
