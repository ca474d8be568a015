#include "route.hpp"

#include <cstdint>
#include <utility>

#include <streamline/event.hpp>

namespace streamline::plugins::route {

RouteStage::RouteStage(RouteOptions options) : options_(std::move(options)) {}

void RouteStage::process(Batch& batch) {
  const auto route_count = static_cast<std::uint16_t>(options_.routes.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const Json* document = nullptr;
    try {
      document = &batch[i].json();
    } catch (const PayloadError& e) {
      batch.fail(i, e.what());
      continue;
    }
    std::uint16_t k = 0;
    while (k < route_count && !options_.routes[k].when.matches(*document)) ++k;
    if (k < route_count) {
      batch.send(i, k);
    } else if (options_.drop_unmatched) {
      batch.drop(i, "unmatched");
    } else {
      batch.pass(i);
    }
  }
}

}  // namespace streamline::plugins::route
