#pragma once
// Config: a stage's parsed and checked `config:` block, as the plugin sees it.
//
// By the time a plugin sees a Config the engine has interpolated environment
// variables, checked every key and type against the plugin's ConfigSpec and
// filled in defaults; durations are integers of milliseconds. Config is
// immutable and cheap to copy.
//
// ConfigIssues: what a plugin's own semantic check reports. Paths are relative
// to the stage's `config:` block ("routes.2.when"); the engine turns them into
// file:line:column and the full config path.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace streamline {

class Config {
 public:
  Config() : values_(std::make_shared<const nlohmann::json>(nlohmann::json::object())) {}
  explicit Config(nlohmann::json values)
      : values_(std::make_shared<const nlohmann::json>(std::move(values))) {}

  const nlohmann::json& json() const noexcept { return *values_; }
  bool has(std::string_view key) const { return values_->contains(key) && !(*values_)[std::string(key)].is_null(); }

  // Typed access; throws nlohmann::json::exception when the key is absent or of
  // another type, which cannot happen for options declared with a default or
  // as required.
  template <typename T>
  T get(std::string_view key) const {
    return values_->at(std::string(key)).get<T>();
  }
  template <typename T>
  T get_or(std::string_view key, T fallback) const {
    auto it = values_->find(std::string(key));
    if (it == values_->end() || it->is_null()) return fallback;
    return it->get<T>();
  }
  std::chrono::milliseconds duration(std::string_view key) const {
    return std::chrono::milliseconds(get<std::int64_t>(key));
  }
  // A nested object as a Config of its own.
  Config at(std::string_view key) const { return Config(values_->at(std::string(key))); }

 private:
  std::shared_ptr<const nlohmann::json> values_;
};

struct ConfigIssue {
  std::string path;     // relative to the stage's config block, dot separated
  std::string message;  // what is wrong
  std::string hint;     // how to fix it; may be empty
};

class ConfigIssues {
 public:
  void error(std::string path, std::string message, std::string hint = {}) {
    issues_.push_back({std::move(path), std::move(message), std::move(hint)});
  }
  const std::vector<ConfigIssue>& all() const noexcept { return issues_; }
  bool empty() const noexcept { return issues_.empty(); }

 private:
  std::vector<ConfigIssue> issues_;
};

// Thrown by a plugin (e.g. from create) for a configuration problem found
// late; reported against the stage like a validation error.
class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string path, const std::string& message)
      : std::runtime_error(message), path_(std::move(path)) {}
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

}  // namespace streamline
