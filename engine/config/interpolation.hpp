#pragma once
// Environment interpolation in pipeline files.
//
//   ${VAR}            the variable's value; an error when it is not set
//   ${VAR:-default}   the value, or `default` when VAR is unset or empty
//   $${               a literal "${"
//
// Applied to every scalar value after YAML parsing, so a value keeps its
// source location and a substituted "5" is still read as the number 5.
// Keys are names, not values, and are never interpolated.

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "engine/config/diagnostic.hpp"

namespace streamline::engine {

// Environment lookup, injectable for tests.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

struct InterpolationError {
  std::string code;  // codes::kEnvUnset or codes::kEnvSyntax
  std::string message;
  std::string hint;
};

struct Interpolated {
  std::string text;
  bool used_environment = false;  // at least one ${...} was expanded
  std::vector<InterpolationError> errors;
};

Interpolated interpolate(std::string_view text, const EnvLookup& env);

// Interpolates every scalar value of `root` in place. Errors are reported at
// the scalar's location. Returns the source offsets (YAML mark positions) of
// the scalars whose value came from ${...}, so checks can tell a secret read
// from the environment from one written in the file.
std::set<int> interpolate_document(YAML::Node& root, const EnvLookup& env, const std::string& file,
                                   Diagnostics& diags);

}  // namespace streamline::engine
