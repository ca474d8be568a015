#pragma once
// FailStage: fails events on purpose, to test the engine's error paths.
//
// Three modes:
//  - fail events: each event selected by `when` (all when absent), thinned to
//    every Nth selected event by `every`, fails with `error` (which may quote
//    the event's fields); others pass.
//    An event whose payload is not JSON (needed for `when`) fails with the
//    parser's message.
//  - throw: the first selected event makes process() throw
//    std::runtime_error(error): the engine's exception path.
//  - transient failures: the first N calls to process() throw
//    streamline::TransientError(error), later calls pass every event: the
//    engine's retry path.
// Counters (`every`, transient failures) are per instance.

#include <cstdint>
#include <optional>
#include <string>

#include <streamline/batch.hpp>
#include <streamline/stage.hpp>

#include "error_template.hpp"
#include "expression/expression.hpp"

namespace streamline::plugins::fail {

struct FailOptions {
  std::optional<expression::Expression> when;  // none: every event
  ErrorTemplate error{"failed by fail stage"};
  std::uint64_t every = 0;                      // 0: each selected event
  bool throw_exception = false;
  std::uint64_t transient_failures = 0;
};

class FailStage final : public Processor {
 public:
  explicit FailStage(FailOptions options);
  void process(Batch& batch) override;

  std::uint64_t transient_failures_thrown() const noexcept { return transient_thrown_; }

 private:
  FailOptions options_;
  std::uint64_t selected_ = 0;  // selected events seen, for `every`
  std::uint64_t transient_thrown_ = 0;
};

}  // namespace streamline::plugins::fail
