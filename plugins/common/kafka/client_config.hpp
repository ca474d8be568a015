#pragma once
// Client configuration shared by the Kafka plugins.
//
// A Kafka stage's settings come from three places, applied in this order
// (a later one wins):
//   1. the plugin's defaults (e.g. the sink's murmur2 partitioner),
//   2. the user's `librdkafka: {key: value}` passthrough, verbatim,
//   3. what the plugin enforces for its guarantees (bootstrap.servers from
//      `brokers`, the consumer's manual commits, the idempotent producer).
// The passthrough may not name an enforced property: validate() reports it
// with a hint, so a user never believes a setting applies when it does not.
// Values are never logged (they may hold passwords).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <streamline/config.hpp>
#include <streamline/config_spec.hpp>

#include "kafka/kafka_handles.hpp"

namespace streamline::plugins::kafka {

inline constexpr const char* kBrokersOption = "brokers";
inline constexpr const char* kPassthroughOption = "librdkafka";

// True for librdkafka properties that hold secrets (sasl.password,
// ssl.key.password, ssl.keystore.password, ssl.key.pem,
// sasl.oauthbearer.client.secret, sasl.oauthbearer.config): their values are
// never logged nor quoted in a message. librdkafka itself shows them as
// "[redacted]" in its configuration dump (debug: conf).
bool is_sensitive_property(std::string_view name);

// The options every Kafka plugin declares, so they read and document alike.
Option brokers_option();
Option passthrough_option();

// librdkafka properties in the order they are applied.
using Properties = std::vector<std::pair<std::string, std::string>>;

// A property the plugin sets itself and the passthrough may not name.
struct ManagedProperty {
  std::string name;  // as librdkafka spells it; list aliases separately
  std::string hint;  // what to write instead
};

// bootstrap.servers and its alias, managed through the `brokers` option.
std::vector<ManagedProperty> broker_properties();

// The passthrough map as librdkafka strings: strings verbatim, booleans as
// "true"/"false", numbers in their shortest form. Throws ConfigError for a
// value that is not a scalar.
Properties passthrough_properties(const Config& config);

// For Plugin::validate (no I/O): reports under `brokers` an empty broker
// list, and under `librdkafka.<key>` values that are not scalars, managed
// properties, and names or values that librdkafka refuses.
void check_client_config(const Config& config, const std::vector<ManagedProperty>& managed,
                         ConfigIssues& issues);

// defaults, then the passthrough, then `enforced`, then bootstrap.servers.
Properties client_properties(const Config& config, const Properties& defaults, const Properties& enforced);

// A librdkafka configuration holding `properties`. Throws ConfigError naming
// the first property librdkafka refuses, with its reason.
ConfPtr make_conf(const Properties& properties);

}  // namespace streamline::plugins::kafka
