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

std::vector<StoredPosition> StageContext::positions_after(const Batch& batch) {
  if (!acks_) return {};
  std::vector<AckToken> finishing;
  finishing.reserve(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i)
    if (batch.outcome(i).disposition != Disposition::kFail) finishing.push_back(batch[i].ack);
  return acks_->positions_if_done(finishing);
}

}  // namespace streamline::engine
