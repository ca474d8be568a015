// The `kafka-sink` plugin: its options, its factory and its export.

#include <memory>
#include <string>

#include <streamline/plugin.hpp>

#include "kafka/client_config.hpp"
#include "kafka_sink.hpp"
#include "message_key.hpp"

namespace streamline::plugins::kafka_sink {
namespace {

ConfigSpec make_spec() {
  ConfigSpec spec;
  spec.add(kafka::brokers_option());
  spec.add(Option::string("topic").required().example("orders").doc("Topic every event is produced to."));
  spec.add(Option::string("key_field")
               .default_value("")
               .example("order_id")
               .doc("Dotted path of the payload field used as message key (e.g. `order_id`, `customer.id`); "
                    "empty, absent or not a scalar: the event's own key."));
  spec.add(Option::duration("delivery_timeout")
               .default_value(30000)
               .min(100)
               .doc("How long a batch waits for Kafka to confirm its messages (librdkafka's "
                    "message.timeout.ms); unconfirmed batches are retried by the engine."));
  spec.add(kafka::passthrough_option());
  return spec;
}

// What the sink sets itself for its guarantees, after the passthrough.
kafka::Properties enforced_properties(const Config& config) {
  return {
      {"enable.idempotence", "true"},
      {"acks", "all"},
      {"message.timeout.ms", std::to_string(config.duration("delivery_timeout").count())},
  };
}

std::vector<kafka::ManagedProperty> managed_properties() {
  auto managed = kafka::broker_properties();
  const std::string durability = "the sink always uses an idempotent producer with acks=all";
  const std::string timeout = "set the `delivery_timeout` option instead";
  managed.push_back({"enable.idempotence", durability});
  managed.push_back({"acks", durability});
  managed.push_back({"request.required.acks", durability});
  managed.push_back({"message.timeout.ms", timeout});
  managed.push_back({"delivery.timeout.ms", timeout});
  return managed;
}

class KafkaSinkPlugin final : public Plugin {
 public:
  PluginKind kind() const noexcept override { return PluginKind::kSink; }

  std::string description() const override {
    return "Produces each event's payload to a Kafka topic with an idempotent producer; an event passes "
           "only once Kafka confirmed it.";
  }

  const ConfigSpec& spec() const override { return spec_; }

  void validate(const Config& config, ConfigIssues& issues) const override {
    if (config.has("topic") && config.get<std::string>("topic").empty())
      issues.error("topic", "topic must not be empty", "name the topic to produce to, e.g. `orders`");
    if (!MessageKey::is_valid_path(config.get_or<std::string>("key_field", "")))
      issues.error("key_field", "key_field has an empty path segment", "write a dotted path such as `order_id`");
    kafka::check_client_config(config, managed_properties(), issues);
  }

  std::unique_ptr<Stage> create(const Config& config, Context& context) const override {
    KafkaSinkOptions options;
    options.brokers = config.get<std::string>(kafka::kBrokersOption);
    options.topic = config.get<std::string>("topic");
    options.key_field = config.get_or<std::string>("key_field", "");
    options.delivery_timeout = config.duration("delivery_timeout");
    // The default partitioner of the Java client, so keys land where other
    // producers put them.
    options.properties =
        kafka::client_properties(config, {{"partitioner", "murmur2_random"}}, enforced_properties(config));
    return std::make_unique<KafkaSink>(std::move(options), context);
  }

 private:
  ConfigSpec spec_ = make_spec();
};

}  // namespace
}  // namespace streamline::plugins::kafka_sink

STREAMLINE_PLUGIN(streamline::plugins::kafka_sink::KafkaSinkPlugin, "kafka-sink", "1.0.0")
