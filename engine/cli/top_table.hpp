#pragma once
// The table `engine top` prints from an admin /status document:
//
//   pipeline observed: running, up 1m 12s (observed.yaml)
//   STAGE   PLUGIN    STATE    IN/S  OUT/S  QUEUE  FAILED  DROPPED
//   orders  generate  running  20.0   20.0      0       0        0
//
// Stages in the order /status lists them (the plan's, sources first); rates
// are the ones /status gives (events per second since its previous answer).
// Names left-aligned, numbers right-aligned, columns as wide as their widest
// cell. Throws nlohmann::json::exception when the document is not a /status.

#include <string>

#include <nlohmann/json.hpp>

namespace streamline::engine {

std::string render_top_table(const nlohmann::json& status);

}  // namespace streamline::engine
