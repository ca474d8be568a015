#pragma once
// CircuitOpenError: a call was refused because its circuit breaker is open.
//
// It derives from TransientError on purpose: the service is unavailable for
// now, and a stage that lets it escape process() gets the engine's batch
// retry with backoff, which is the right answer for a required dependency.
// A stage that can do without the call (an optional lookup) catches it and
// degrades instead. retry()'s default predicate does not retry it: an open
// breaker stays open far longer than a short in-batch backoff.

#include <chrono>
#include <string>

#include "streamline/errors.hpp"

namespace streamline {

class CircuitOpenError : public TransientError {
 public:
  // retry_after: how long the breaker stays open; zero when it is half-open
  // and its trial calls are all taken.
  explicit CircuitOpenError(std::chrono::milliseconds retry_after)
      : TransientError(retry_after.count() > 0
                           ? "circuit breaker is open; calls are refused for another " +
                                 std::to_string(retry_after.count()) + "ms"
                           : std::string("circuit breaker is half-open; its trial calls are taken")),
        retry_after_(retry_after) {}

  // How long the breaker stays open before it lets a trial call through.
  std::chrono::milliseconds retry_after() const noexcept { return retry_after_; }

 private:
  std::chrono::milliseconds retry_after_;
};

}  // namespace streamline
