#pragma once
// The engine's own keys in a pipeline file, declared like a plugin's options
// so the same checker reads them (types, defaults, ranges, unknown keys with
// did-you-mean) and the same renderer can document them.

#include <streamline/config_spec.hpp>

namespace streamline::engine {

// The top level: pipeline, resources, stages. `resources` and `stages` are
// maps of user-chosen names, read entry by entry with the specs below.
const ConfigSpec& top_level_spec();
// One entry under `stages:`.
const ConfigSpec& stage_spec();
// One entry under `resources:`.
const ConfigSpec& resource_spec();

}  // namespace streamline::engine
