#pragma once
// Fingerprints: canonical JSON of everything that makes a stage what it is.
// Hot reload keeps a running stage whose fingerprint did not change and
// drains and replaces one whose did.

#include <string>

#include <streamline/config.hpp>

#include "engine/config/pipeline_config.hpp"
#include "engine/loader/plugin_loader.hpp"

namespace streamline::engine {

// Plugin name, version and file (replaced on disk: a new fingerprint),
// resolved config (defaults filled, so writing a default out changes
// nothing), inputs as written, batch, concurrency, retry.
std::string stage_fingerprint(const StageConfig& stage, const LoadedPlugin& plugin,
                              const Config& config);

// Plugin name, version and file, and resolved config.
std::string resource_fingerprint(const LoadedPlugin& plugin, const Config& config);

}  // namespace streamline::engine
