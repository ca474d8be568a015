#include "kafka/client_config.hpp"

#include <algorithm>
#include <array>

namespace streamline::plugins::kafka {
namespace {

const std::string kPassthroughPrefix = std::string(kPassthroughOption) + ".";

// Sets one property; the empty string on success, librdkafka's reason
// otherwise, a sensitive value masked in it (librdkafka quotes values it
// refuses: `Invalid value "..." for configuration property "..."`).
std::string try_set(rd_kafka_conf_t* conf, const std::string& name, const std::string& value) {
  std::array<char, 512> reason{};
  if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), reason.data(), reason.size()) == RD_KAFKA_CONF_OK)
    return {};
  std::string text = reason.data();
  if (is_sensitive_property(name) && !value.empty())
    for (std::size_t at = text.find(value); at != std::string::npos; at = text.find(value, at + 3))
      text.replace(at, value.size(), "***");
  return text;
}

// A passthrough value as librdkafka's string, or nothing when it is not a scalar.
bool scalar_text(const nlohmann::json& value, std::string& out) {
  if (value.is_string()) {
    out = value.get<std::string>();
  } else if (value.is_boolean()) {
    out = value.get<bool>() ? "true" : "false";
  } else if (value.is_number()) {
    out = value.dump();
  } else {
    return false;
  }
  return true;
}

const nlohmann::json* passthrough_map(const Config& config) {
  if (!config.has(kPassthroughOption)) return nullptr;
  const nlohmann::json& map = config.json().at(kPassthroughOption);
  return map.is_object() ? &map : nullptr;
}

}  // namespace

bool is_sensitive_property(std::string_view name) {
  return name.find("password") != std::string_view::npos || name.find("secret") != std::string_view::npos ||
         name.find("oauthbearer.config") != std::string_view::npos || name.ends_with(".pem") ||
         name.find("jaas") != std::string_view::npos;
}

Option brokers_option() {
  return Option::string(kBrokersOption)
      .required()
      .example("${KAFKA_BROKERS}")
      .doc("Kafka bootstrap servers, `host:port[,host:port...]` (librdkafka's bootstrap.servers).");
}

Option passthrough_option() {
  return Option::map(kPassthroughOption, Option::any("value"))
      .example("{linger.ms: 20, security.protocol: SASL_SSL}")
      .doc("librdkafka properties passed through verbatim (see librdkafka's CONFIGURATION.md); "
           "properties the plugin manages are refused.");
}

std::vector<ManagedProperty> broker_properties() {
  const std::string hint = "set the `brokers` option instead";
  return {{"bootstrap.servers", hint}, {"metadata.broker.list", hint}};
}

Properties passthrough_properties(const Config& config) {
  Properties properties;
  const nlohmann::json* map = passthrough_map(config);
  if (map == nullptr) return properties;
  for (const auto& [name, value] : map->items()) {
    std::string text;
    if (!scalar_text(value, text))
      throw ConfigError(kPassthroughPrefix + name, "librdkafka property '" + name + "' must be a string, number or boolean");
    properties.emplace_back(name, std::move(text));
  }
  return properties;
}

void check_client_config(const Config& config, const std::vector<ManagedProperty>& managed, ConfigIssues& issues) {
  if (config.has(kBrokersOption) && config.get<std::string>(kBrokersOption).empty())
    issues.error(kBrokersOption, "brokers must not be empty", "write host:port, e.g. \"${KAFKA_BROKERS}\"");

  const nlohmann::json* map = passthrough_map(config);
  if (map == nullptr) return;
  ConfPtr scratch(rd_kafka_conf_new());
  for (const auto& [name, value] : map->items()) {
    const std::string path = kPassthroughPrefix + name;
    const auto owned = std::find_if(managed.begin(), managed.end(),
                                    [&](const ManagedProperty& m) { return m.name == name; });
    if (owned != managed.end()) {
      issues.error(path, "librdkafka property '" + name + "' is managed by the plugin", owned->hint);
      continue;
    }
    std::string text;
    if (!scalar_text(value, text)) {
      issues.error(path, "librdkafka property '" + name + "' must be a string, number or boolean",
                   "quote the value, e.g. \"" + name + "\": \"...\"");
      continue;
    }
    if (std::string reason = try_set(scratch.get(), name, text); !reason.empty())
      issues.error(path, reason, "see librdkafka's CONFIGURATION.md for the property names and values");
  }
}

Properties client_properties(const Config& config, const Properties& defaults, const Properties& enforced) {
  Properties properties = defaults;
  for (auto& property : passthrough_properties(config)) properties.push_back(std::move(property));
  properties.insert(properties.end(), enforced.begin(), enforced.end());
  properties.emplace_back("bootstrap.servers", config.get<std::string>(kBrokersOption));
  return properties;
}

ConfPtr make_conf(const Properties& properties) {
  ConfPtr conf(rd_kafka_conf_new());
  for (const auto& [name, value] : properties) {
    if (std::string reason = try_set(conf.get(), name, value); !reason.empty())
      throw ConfigError(kPassthroughPrefix + name, reason);
  }
  return conf;
}

}  // namespace streamline::plugins::kafka
