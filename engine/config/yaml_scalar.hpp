#pragma once
// Reading typed values out of YAML scalars.
//
// yaml-cpp keeps every scalar as text; the type comes from the spec the value
// is checked against, so the parsing here is strict and explicit rather than
// yaml-cpp's as<T>() (which, for one, accepts "0x1F" as an int but not "+5").

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

namespace streamline::engine {

std::optional<std::int64_t> parse_integer(std::string_view text);
std::optional<double> parse_float(std::string_view text);
// true/false, yes/no, on/off in any case.
std::optional<bool> parse_bool(std::string_view text);

// A quoted or block scalar ("5", '5', |) is a string to YAML even when it
// looks like a number; a plain one (5) is whatever it reads as.
bool is_plain_scalar(const YAML::Node& node);

// The value as the YAML core schema reads it: null, true/false, integers,
// floats, else a string. For options of type `any`.
nlohmann::json yaml_to_json(const YAML::Node& node);

// What a value is, for "expected integer, got ..." messages: 'abc', a list,
// a map, nothing.
std::string describe_value(const YAML::Node& node);

}  // namespace streamline::engine
