#pragma once
// YAML forbids a key twice in one map, but yaml-cpp keeps both entries and
// its lookups silently see only the first. Report every repeat, naming both
// lines: a repeated stage is almost always a copy-paste that forgot a rename.

#include <string>

#include <yaml-cpp/yaml.h>

#include "engine/config/diagnostic.hpp"

namespace streamline::engine {

void check_duplicate_keys(const YAML::Node& root, const std::string& file, Diagnostics& diags);

}  // namespace streamline::engine
