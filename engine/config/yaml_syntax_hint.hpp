#pragma once
// yaml-cpp's syntax errors name what the parser expected, not what the user
// did; for the common mistakes, say what to look for.

#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

namespace streamline::engine {

// A hint for the error `message` at `mark` in `text`, or empty.
std::string yaml_syntax_hint(std::string_view message, std::string_view text, const YAML::Mark& mark);

}  // namespace streamline::engine
