#include "engine/config/spec_checker.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <sstream>
#include <vector>

#include "engine/config/config_path.hpp"
#include "engine/config/diagnostic_codes.hpp"
#include "engine/config/did_you_mean.hpp"
#include "engine/config/duration.hpp"
#include "engine/config/yaml_location.hpp"
#include "engine/config/yaml_scalar.hpp"

namespace streamline::engine {

namespace {

std::string format_number(double value) {
  if (std::nearbyint(value) == value && std::fabs(value) < 1e15)
    return std::to_string(static_cast<std::int64_t>(value));
  std::ostringstream out;
  out << value;
  return out.str();
}

// "must be between 1 and 10", "must be at least 1", "must be at most 10".
std::string range_rule(const Option& option, std::string (*format)(double)) {
  if (option.min() && option.max())
    return "must be between " + format(*option.min()) + " and " + format(*option.max());
  if (option.min()) return "must be at least " + format(*option.min());
  return "must be at most " + format(*option.max());
}

std::string format_milliseconds(double ms) {
  return format_duration(std::chrono::milliseconds(static_cast<std::int64_t>(ms)));
}

bool out_of_range(const Option& option, double value) {
  return (option.min() && value < *option.min()) || (option.max() && value > *option.max());
}

std::vector<std::string> field_names(const std::vector<Option>& fields) {
  std::vector<std::string> names;
  names.reserve(fields.size());
  for (const auto& f : fields) names.push_back(f.name());
  return names;
}

const Option* find_field(const std::vector<Option>& fields, const std::string& name) {
  for (const auto& f : fields)
    if (f.name() == name) return &f;
  return nullptr;
}

class SpecChecker {
 public:
  SpecChecker(const SpecCheckContext& context, Diagnostics& diags)
      : context_(context), diags_(diags) {}

  // An object: a map whose keys are the given fields.
  nlohmann::json check_fields(const YAML::Node& node, const std::vector<Option>& fields,
                              const std::string& path, const SourceLocation& where) {
    auto result = nlohmann::json::object();
    std::set<std::string> seen;
    // Keys given no value (`key:`) or null (`key: null`, `key: ~`): true for the latter.
    std::map<std::string, bool> null_values;
    if (node.IsMap()) {
      for (const auto& entry : node) {
        const SourceLocation key_location = location(entry.first);
        if (!entry.first.IsScalar()) {
          report(codes::kWrongType, "expected a key, got " + describe_value(entry.first), path,
                 key_location);
          continue;
        }
        const std::string& key = entry.first.Scalar();
        if (!seen.insert(key).second) continue;  // a repeat, reported by check_duplicate_keys
        const std::string child = join_path(path, key);
        const Option* option = find_field(fields, key);
        if (option == nullptr) {
          report_unknown_key(key, fields, child, key_location);
          continue;
        }
        if (entry.second.IsNull()) {
          // An empty value's mark is the next token's, on a later line.
          null_values[key] = entry.second.Mark().line == entry.first.Mark().line;
          continue;
        }
        const SourceLocation value_location =
            entry.second.IsScalar() ? location(entry.second) : key_location;
        if (auto value = check_value(entry.second, *option, child, value_location))
          result[key] = std::move(*value);
      }
    }
    for (const auto& option : fields) {
      if (result.contains(option.name())) continue;
      if (auto fallback = default_for(option)) {
        result[option.name()] = std::move(*fallback);
      } else if (option.is_required() && !seen.count(option.name())) {
        report(codes::kMissingOption, "missing required key '" + option.name() + "'",
               join_path(path, option.name()), where, option_hint(option));
      } else if (option.is_required() && null_values.count(option.name())) {
        // `plugin: null` reads as YAML's null, not as the plugin named "null".
        const bool written_null = null_values.at(option.name());
        report(codes::kMissingOption,
               "required key '" + option.name() + (written_null ? "' is null" : "' has no value"),
               join_path(path, option.name()), key_location_in(node, option.name(), where),
               written_null ? "to mean the text, quote it: " + option.name() + ": \"null\""
                            : option_hint(option));
      }
    }
    return result;
  }

 private:
  std::optional<nlohmann::json> check_value(const YAML::Node& node, const Option& option,
                                            const std::string& path, const SourceLocation& where) {
    switch (option.type()) {
      case OptionType::kString: return check_string(node, option, path, where);
      case OptionType::kInteger: return check_integer(node, option, path, where);
      case OptionType::kFloat: return check_float(node, option, path, where);
      case OptionType::kBool: return check_bool(node, option, path, where);
      case OptionType::kDuration: return check_duration(node, option, path, where);
      case OptionType::kList: return check_list(node, option, path, where);
      case OptionType::kMap: return check_map(node, option, path, where);
      case OptionType::kObject:
        if (!node.IsMap() && !node.IsNull()) return wrong_type(node, "object (a map of keys)", path, where);
        return check_fields(node, option.fields(), path, where);
      case OptionType::kAny: return yaml_to_json(node);
    }
    return std::nullopt;
  }

  std::optional<nlohmann::json> check_string(const YAML::Node& node, const Option& option,
                                             const std::string& path, const SourceLocation& where) {
    if (!node.IsScalar()) return wrong_type(node, "string", path, where);
    const std::string& value = node.Scalar();
    const auto& allowed = option.allowed();
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
      report(codes::kNotAllowed, "'" + value + "' is not one of: " + join(allowed), path, where,
             did_you_mean(value, allowed));
      return std::nullopt;
    }
    if (option.is_secret() && !value.empty() && context_.from_environment &&
        !context_.from_environment->count(node.Mark().pos)) {
      report(codes::kSecretInFile, "secret '" + option.name() + "' is written in the file", path,
             where, "read it from the environment: write ${VARIABLE} and set VARIABLE where the "
                    "engine runs",
             Severity::kWarning);
    }
    return value;
  }

  std::optional<nlohmann::json> check_integer(const YAML::Node& node, const Option& option,
                                              const std::string& path, const SourceLocation& where) {
    const auto value = node.IsScalar() ? parse_integer(node.Scalar()) : std::nullopt;
    if (!value) return wrong_type(node, "integer", path, where);
    if (out_of_range(option, static_cast<double>(*value))) {
      report(codes::kOutOfRange, range_rule(option, format_number) + ", got " + node.Scalar(), path,
             where);
      return std::nullopt;
    }
    return *value;
  }

  std::optional<nlohmann::json> check_float(const YAML::Node& node, const Option& option,
                                            const std::string& path, const SourceLocation& where) {
    const auto value = node.IsScalar() ? parse_float(node.Scalar()) : std::nullopt;
    if (!value) return wrong_type(node, "number", path, where);
    if (out_of_range(option, *value)) {
      report(codes::kOutOfRange, range_rule(option, format_number) + ", got " + node.Scalar(), path,
             where);
      return std::nullopt;
    }
    return *value;
  }

  std::optional<nlohmann::json> check_bool(const YAML::Node& node, const Option&,
                                           const std::string& path, const SourceLocation& where) {
    const auto value = node.IsScalar() ? parse_bool(node.Scalar()) : std::nullopt;
    if (!value) return wrong_type(node, "bool (true or false)", path, where);
    return *value;
  }

  std::optional<nlohmann::json> check_duration(const YAML::Node& node, const Option& option,
                                               const std::string& path, const SourceLocation& where) {
    const auto value = node.IsScalar() ? parse_duration(node.Scalar()) : std::nullopt;
    if (!value) return wrong_type(node, kDurationForms, path, where);
    if (out_of_range(option, static_cast<double>(value->count()))) {
      report(codes::kOutOfRange,
             range_rule(option, format_milliseconds) + ", got " + format_duration(*value), path,
             where);
      return std::nullopt;
    }
    return value->count();
  }

  std::optional<nlohmann::json> check_list(const YAML::Node& node, const Option& option,
                                           const std::string& path, const SourceLocation& where) {
    if (!node.IsSequence()) return wrong_type(node, "list", path, where);
    auto result = nlohmann::json::array();
    bool ok = true;
    std::size_t index = 0;
    for (const auto& item : node) {
      auto value = check_value(item, *option.items(), join_path(path, index++), location(item));
      if (value) result.push_back(std::move(*value));
      else ok = false;
    }
    if (!ok) return std::nullopt;
    return result;
  }

  std::optional<nlohmann::json> check_map(const YAML::Node& node, const Option& option,
                                          const std::string& path, const SourceLocation& where) {
    if (!node.IsMap()) return wrong_type(node, "map", path, where);
    auto result = nlohmann::json::object();
    bool ok = true;
    for (const auto& entry : node) {
      const std::string key = entry.first.Scalar();
      if (result.contains(key)) continue;  // a repeat, reported by check_duplicate_keys
      const SourceLocation value_location =
          entry.second.IsScalar() ? location(entry.second) : location(entry.first);
      auto value = check_value(entry.second, *option.items(), join_path(path, key), value_location);
      if (value) result[key] = std::move(*value);
      else ok = false;
    }
    if (!ok) return std::nullopt;
    return result;
  }

  std::nullopt_t wrong_type(const YAML::Node& node, const std::string& expected,
                            const std::string& path, const SourceLocation& where) {
    report(codes::kWrongType, "expected " + expected + ", got " + describe_value(node), path, where);
    return std::nullopt;
  }

  void report_unknown_key(const std::string& key, const std::vector<Option>& fields,
                          const std::string& path, const SourceLocation& where) {
    const auto names = field_names(fields);
    std::string hint = did_you_mean(key, names);
    if (hint.empty()) hint = names.empty() ? "this block takes no keys" : "valid keys: " + join(names);
    report(codes::kUnknownKey, "unknown key '" + key + "'", path, where, std::move(hint));
  }

  static std::string option_hint(const Option& option) {
    if (!option.example().empty()) return "e.g. " + option.name() + ": " + option.example();
    if (!option.doc().empty()) return option.name() + ": " + option.doc();
    return {};
  }

  SourceLocation key_location_in(const YAML::Node& map, const std::string& key,
                                 const SourceLocation& fallback) const {
    for (const auto& entry : map)
      if (entry.first.IsScalar() && entry.first.Scalar() == key) return location(entry.first);
    return fallback;
  }

  SourceLocation location(const YAML::Node& node) const {
    return location_of_mark(context_.file, node.Mark());
  }

  void report(const char* code, std::string message, std::string path, SourceLocation where,
              std::string hint = {}, Severity severity = Severity::kError) {
    diags_.push_back({severity, code, std::move(message), std::move(path), std::move(where),
                      std::move(hint)});
  }

  const SpecCheckContext& context_;
  Diagnostics& diags_;
};

}  // namespace

std::optional<nlohmann::json> default_for(const Option& option) {
  if (const auto& value = option.default_value()) {
    // A duration default may be written the way users write it ("5s").
    if (option.type() == OptionType::kDuration && value->is_string())
      if (auto ms = parse_duration(value->get<std::string>())) return ms->count();
    return *value;
  }
  if (option.type() != OptionType::kObject) return std::nullopt;
  auto object = nlohmann::json::object();
  for (const auto& field : option.fields()) {
    if (field.is_required()) return std::nullopt;
    if (auto value = default_for(field)) object[field.name()] = std::move(*value);
  }
  return object;
}

nlohmann::json check_config(const YAML::Node& node, const ConfigSpec& spec, const std::string& path,
                            const SourceLocation& anchor, const SpecCheckContext& context,
                            Diagnostics& diags) {
  SpecChecker checker(context, diags);
  if (!node.IsMap() && !node.IsNull() && node.IsDefined()) {
    diags.push_back({Severity::kError, codes::kWrongType,
                     "expected a map of options, got " + describe_value(node), path, anchor, {}});
    // Only the defaults: "missing key" reports would restate the same mistake.
    auto defaults = nlohmann::json::object();
    for (const auto& option : spec.options())
      if (auto value = default_for(option)) defaults[option.name()] = std::move(*value);
    return defaults;
  }
  return checker.check_fields(node, spec.options(), path, anchor);
}

}  // namespace streamline::engine
