#pragma once
// The order lifecycle order_states follows: CREATED 1 -> PAID 2 -> SHIPPED 3
// -> DELIVERED 4, and CANCELLED (5, final) only from CREATED or PAID. A
// transition applies only when it moves the order forward (skipping a step
// is forward); anything else is invalid. Pure: the SQL upsert repeats the
// same rule as its guard.

#include <optional>
#include <string>
#include <string_view>

namespace streamline::plugins::pg_sink {

struct LifecycleStep {
  std::string_view status;
  int sequence;
};

// The step an event type moves to; nullopt for event types outside the
// lifecycle (they are stored in order_events and change no state).
std::optional<LifecycleStep> lifecycle_step(std::string_view event_type) noexcept;

// The step of a stored order_states.status; nullopt when unknown.
std::optional<LifecycleStep> status_step(std::string_view status) noexcept;

// Whether an order at `current` (nullopt: unknown order) may move to `next`.
bool is_allowed_transition(const std::optional<LifecycleStep>& current, const LifecycleStep& next) noexcept;

// "invalid transition PAID -> CREATED for order ord-1" ("none" for an
// unknown order).
std::string invalid_transition_reason(const std::optional<LifecycleStep>& current, const LifecycleStep& next,
                                      std::string_view order_id);

}  // namespace streamline::plugins::pg_sink
