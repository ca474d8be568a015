#include "order_lifecycle.hpp"

namespace streamline::plugins::pg_sink {

std::optional<LifecycleStep> lifecycle_step(std::string_view event_type) noexcept {
  if (event_type == "ORDER_CREATED") return LifecycleStep{"CREATED", 1};
  if (event_type == "ORDER_PAID") return LifecycleStep{"PAID", 2};
  if (event_type == "ORDER_SHIPPED") return LifecycleStep{"SHIPPED", 3};
  if (event_type == "ORDER_DELIVERED") return LifecycleStep{"DELIVERED", 4};
  if (event_type == "ORDER_CANCELLED") return LifecycleStep{"CANCELLED", 5};
  return std::nullopt;
}

std::optional<LifecycleStep> status_step(std::string_view status) noexcept {
  for (const char* type : {"ORDER_CREATED", "ORDER_PAID", "ORDER_SHIPPED", "ORDER_DELIVERED", "ORDER_CANCELLED"}) {
    const auto step = lifecycle_step(type);
    if (step->status == status) return step;
  }
  return std::nullopt;
}

bool is_allowed_transition(const std::optional<LifecycleStep>& current, const LifecycleStep& next) noexcept {
  // An order starts with CREATED: its row needs the user and the amount.
  if (!current) return next.sequence == 1;
  if (current->sequence >= next.sequence) return false;
  if (next.status == "CANCELLED") return current->status == "CREATED" || current->status == "PAID";
  return true;
}

std::string invalid_transition_reason(const std::optional<LifecycleStep>& current, const LifecycleStep& next,
                                      std::string_view order_id) {
  return "invalid transition " + std::string(current ? current->status : "none") + " -> " +
         std::string(next.status) + " for order " + std::string(order_id);
}

}  // namespace streamline::plugins::pg_sink
