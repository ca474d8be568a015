#include "engine/runtime/stage_context.hpp"

#include <utility>
#include <vector>

#include <streamline/batch.hpp>

namespace streamline::engine {

StageContext::StageContext(std::string stage, std::string plugin, std::shared_ptr<spdlog::logger> logger,
                           Metrics& registry, const ResourceMap& resources, std::stop_token stop,
                           Acknowledgements* acknowledgements, const AckRegistry* acks)
    : stage_(std::move(stage)),
      plugin_(std::move(plugin)),
      instance_(plugin_ + "/" + stage_),
      logger_(std::move(logger)),
      metrics_(registry, Labels{{"stage", stage_}, {"plugin", plugin_}}),
      resources_(resources),
      stop_(std::move(stop)),
      acknowledgements_(acknowledgements),
      acks_(acks) {}

std::shared_ptr<Resource> StageContext::resource(std::string_view name) {
  auto it = resources_.find(name);
  return it == resources_.end() ? nullptr : it->second;
}

namespace {

// Whether an event with this outcome is done once this stage is: dropped, or
// passed, sent or failed to an output nobody reads. An event going on to
// later stages (a cache after the store) is done only when they are done.
bool ends_here(const Outcome& outcome, const StageRoutes* routes) {
  if (!routes) return outcome.disposition != Disposition::kFail;  // no routes known: the stage is the last
  switch (outcome.disposition) {
    case Disposition::kDrop: return true;
    case Disposition::kPass: return routes->default_output.empty();
    case Disposition::kSend:
      return outcome.output >= routes->named_outputs.size() || routes->named_outputs[outcome.output].empty();
    case Disposition::kFail: return routes->error_output.empty();
  }
  return false;
}

}  // namespace

std::vector<StoredPosition> StageContext::positions_after(const Batch& batch) {
  if (!acks_) return {};
  std::vector<AckToken> finishing;
  std::vector<AckToken> passing_on;
  finishing.reserve(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i)
    (ends_here(batch.outcome(i), routes_) ? finishing : passing_on).push_back(batch[i].ack);
  return acks_->positions_if_done(finishing, passing_on);
}

}  // namespace streamline::engine
