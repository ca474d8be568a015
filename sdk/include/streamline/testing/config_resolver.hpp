#pragma once
// resolve_config: what the engine does to a stage's `config:` block before a
// plugin sees it, in small, so plugin tests start from the same Config.
//
//   ConfigIssues issues;
//   Json resolved = resolve_config(plugin.spec(), {{"count", 10}}, issues);
//
// It reports unknown keys, missing required options, wrong types, values
// outside min/max or one_of, with their config path ("routes.1.when"); fills
// defaults; turns durations ("250ms", "2s", "1m", "1h" or integer
// milliseconds) into integers of milliseconds. The engine's messages carry
// file:line:column and did-you-mean besides; tests of a plugin should assert
// on the plugin's own validate() messages, not on these.

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <nlohmann/json.hpp>

#include "streamline/config.hpp"
#include "streamline/config_spec.hpp"

namespace streamline::testing {

// Milliseconds of a duration value; nullopt when it is not one.
inline std::optional<std::int64_t> parse_duration_ms(const nlohmann::json& value) {
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (!value.is_string()) return std::nullopt;
  const std::string& text = value.get_ref<const std::string&>();
  std::int64_t amount = 0;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(first, last, amount);
  if (ec != std::errc() || ptr == first) return std::nullopt;
  const std::string_view unit(ptr, static_cast<std::size_t>(last - ptr));
  if (unit == "ms" || unit.empty()) return amount;
  if (unit == "s") return amount * 1000;
  if (unit == "m") return amount * 60 * 1000;
  if (unit == "h") return amount * 60 * 60 * 1000;
  return std::nullopt;
}

namespace detail {

inline std::string join_path(const std::string& prefix, const std::string& name) {
  return prefix.empty() ? name : prefix + "." + name;
}

inline nlohmann::json resolve_fields(const std::vector<Option>& options, const nlohmann::json& user,
                                     const std::string& prefix, ConfigIssues& issues);

// 0 rather than 0.0 for a whole bound.
inline std::string format_bound(double bound) {
  if (bound == std::floor(bound) && std::fabs(bound) < 1e15) return std::to_string(static_cast<long long>(bound));
  return nlohmann::json(bound).dump();
}

inline void check_range(const Option& option, double value, const std::string& path, ConfigIssues& issues) {
  if (option.min() && value < *option.min()) issues.error(path, "must be at least " + format_bound(*option.min()));
  if (option.max() && value > *option.max()) issues.error(path, "must be at most " + format_bound(*option.max()));
}

inline nlohmann::json resolve_value(const Option& option, const nlohmann::json& value, const std::string& path,
                                    ConfigIssues& issues) {
  auto wrong_type = [&] {
    issues.error(path, std::string("expected ") + to_string(option.type()) + ", got " + value.type_name());
    return value;
  };
  switch (option.type()) {
    case OptionType::kString: {
      if (!value.is_string()) return wrong_type();
      const auto& allowed = option.allowed();
      if (!allowed.empty()) {
        bool ok = false;
        for (const auto& a : allowed) ok = ok || a == value.get_ref<const std::string&>();
        if (!ok) {
          std::string list;
          for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
          issues.error(path, "must be one of: " + list);
        }
      }
      return value;
    }
    case OptionType::kInteger:
      if (!value.is_number_integer()) return wrong_type();
      check_range(option, value.get<double>(), path, issues);
      return value;
    case OptionType::kFloat:
      if (!value.is_number()) return wrong_type();
      check_range(option, value.get<double>(), path, issues);
      return value;
    case OptionType::kBool:
      if (!value.is_boolean()) return wrong_type();
      return value;
    case OptionType::kDuration: {
      const auto ms = parse_duration_ms(value);
      if (!ms) {
        issues.error(path, "expected a duration (\"250ms\", \"2s\", \"1m\", \"1h\" or milliseconds), got " +
                               value.dump());
        return value;
      }
      check_range(option, static_cast<double>(*ms), path, issues);
      return *ms;
    }
    case OptionType::kList: {
      if (!value.is_array()) return wrong_type();
      nlohmann::json out = nlohmann::json::array();
      for (std::size_t i = 0; i < value.size(); ++i)
        out.push_back(option.items() ? resolve_value(*option.items(), value[i], join_path(path, std::to_string(i)), issues)
                                     : value[i]);
      return out;
    }
    case OptionType::kObject:
      if (!value.is_object()) return wrong_type();
      return resolve_fields(option.fields(), value, path, issues);
    case OptionType::kMap: {
      if (!value.is_object()) return wrong_type();
      nlohmann::json out = nlohmann::json::object();
      for (const auto& [key, item] : value.items())
        out[key] = option.items() ? resolve_value(*option.items(), item, join_path(path, key), issues) : item;
      return out;
    }
    case OptionType::kAny: return value;
  }
  return value;
}

inline nlohmann::json resolve_fields(const std::vector<Option>& options, const nlohmann::json& user,
                                     const std::string& prefix, ConfigIssues& issues) {
  nlohmann::json out = nlohmann::json::object();
  if (!user.is_null() && !user.is_object()) {
    issues.error(prefix, std::string("expected an object, got ") + user.type_name());
    return out;
  }
  if (user.is_object()) {
    for (const auto& [key, _] : user.items()) {
      bool known = false;
      for (const auto& o : options) known = known || o.name() == key;
      if (!known) {
        std::string names;
        for (const auto& o : options) names += (names.empty() ? "" : ", ") + o.name();
        issues.error(join_path(prefix, key), "unknown option '" + key + "'",
                     names.empty() ? "this block takes no options" : "known options: " + names);
      }
    }
  }
  for (const auto& option : options) {
    const std::string path = join_path(prefix, option.name());
    const auto it = user.is_object() ? user.find(option.name()) : user.end();
    if (user.is_object() && it != user.end() && !it->is_null()) {
      out[option.name()] = resolve_value(option, *it, path, issues);
    } else if (option.default_value()) {
      out[option.name()] = resolve_value(option, *option.default_value(), path, issues);
    } else if (option.is_required()) {
      issues.error(path, "missing required option '" + option.name() + "'");
    }
  }
  return out;
}

}  // namespace detail

inline nlohmann::json resolve_config(const ConfigSpec& spec, const nlohmann::json& user, ConfigIssues& issues) {
  return detail::resolve_fields(spec.options(), user, "", issues);
}

}  // namespace streamline::testing
