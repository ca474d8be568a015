#include "engine/runtime/stage_context.hpp"

#include <utility>

namespace streamline::engine {

StageContext::StageContext(std::string stage, std::string plugin, std::shared_ptr<spdlog::logger> logger,
                           Metrics& registry, const ResourceMap& resources, std::stop_token stop,
                           Acknowledgements* acknowledgements)
    : stage_(std::move(stage)),
      plugin_(std::move(plugin)),
      instance_(plugin_ + "/" + stage_),
      logger_(std::move(logger)),
      metrics_(registry, Labels{{"stage", stage_}, {"plugin", plugin_}}),
      resources_(resources),
      stop_(std::move(stop)),
      acknowledgements_(acknowledgements) {}

std::shared_ptr<Resource> StageContext::resource(std::string_view name) {
  auto it = resources_.find(name);
  return it == resources_.end() ? nullptr : it->second;
}

}  // namespace streamline::engine
