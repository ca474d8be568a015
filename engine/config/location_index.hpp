#pragma once
// Where each config path is in the file, so a problem found long after
// parsing (by a plugin's own check, by the graph) still points at a line.

#include <map>
#include <string>

#include <yaml-cpp/yaml.h>

#include "engine/config/diagnostic.hpp"

namespace streamline::engine {

// Every path of the document. A scalar's path points at its value; a map, a
// list or an empty value at its key, because a block map's own mark is its
// first child's, a line too far. List items point at the item. When a key is
// repeated, the first one is indexed, as yaml-cpp's lookups find the first.
std::map<std::string, SourceLocation> index_locations(const YAML::Node& root,
                                                      const std::string& file);

}  // namespace streamline::engine
