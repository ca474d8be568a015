#include "fail.hpp"

#include <stdexcept>
#include <utility>

#include <streamline/errors.hpp>
#include <streamline/event.hpp>

namespace streamline::plugins::fail {

FailStage::FailStage(FailOptions options) : options_(std::move(options)) {}

void FailStage::process(Batch& batch) {
  if (options_.transient_failures > 0) {
    if (transient_thrown_ < options_.transient_failures) {
      ++transient_thrown_;
      throw TransientError(options_.error.text());
    }
    return;
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (options_.when) {
      bool matched = false;
      try {
        matched = options_.when->matches(batch[i].json());
      } catch (const PayloadError& e) {
        batch.fail(i, e.what());
        continue;
      }
      if (!matched) continue;
    }
    if (options_.every != 0 && ++selected_ % options_.every != 0) continue;
    if (options_.throw_exception) throw std::runtime_error(options_.error.text());
    if (!options_.error.has_fields()) {
      batch.fail(i, options_.error.text());
      continue;
    }
    std::string error;
    try {
      error = options_.error.render(batch[i].json());
    } catch (const PayloadError& e) {
      error = e.what();
    }
    batch.fail(i, std::move(error));
  }
}

}  // namespace streamline::plugins::fail
