#pragma once
// yaml-cpp marks are 0-based; our locations are 1-based (as editors count).

#include <string>

#include <yaml-cpp/yaml.h>

#include "engine/config/diagnostic.hpp"

namespace streamline::engine {

inline SourceLocation location_of_mark(const std::string& file, const YAML::Mark& mark) {
  if (mark.is_null() || mark.line < 0) return SourceLocation{file, 0, 0};
  return SourceLocation{file, mark.line + 1, mark.column + 1};
}

}  // namespace streamline::engine
