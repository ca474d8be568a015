// The `kafka-source` plugin: its options, its factory and its export.

#include <memory>
#include <regex>
#include <string>
#include <vector>

#include <streamline/config.hpp>
#include <streamline/plugin.hpp>
#include <streamline/position_store.hpp>

#include "kafka/client_config.hpp"
#include "kafka_source.hpp"

namespace streamline::plugins::kafka_source {
namespace {

ConfigSpec make_spec() {
  ConfigSpec spec;
  spec.add(kafka::brokers_option());
  spec.add(Option::string("group_id").required().example("orders-pipeline").doc(
      "Consumer group; members of one group share the partitions and its committed offsets."));
  spec.add(Option::list("topics", Option::string("topic"))
               .example("[orders]")
               .doc("Topics to read. Give `topics` or `pattern`, not both."));
  spec.add(Option::string("pattern")
               .default_value("")
               .example("^orders.*")
               .doc("Regular expression (POSIX extended) of the topics to read, matched as topics appear; "
                    "a leading `^` is added when missing."));
  spec.add(Option::integer("batch_size").default_value(500).min(1).doc(
      "Most events returned per poll (the stage's batch size may lower it)."));
  spec.add(Option::string("auto_offset_reset")
               .default_value("earliest")
               .one_of({"earliest", "latest"})
               .doc("Where a group with no committed offset for a partition starts reading."));
  spec.add(Option::duration("lag_interval").default_value(5000).min(100).doc(
      "How often the streamline_kafka_consumer_lag gauges are refreshed."));
  spec.add(Option::string("resume_from")
               .default_value("")
               .example("pg")
               .doc("Resource (under `resources:`) holding positions that sinks store with their writes, e.g. a "
                    "`postgres` resource with pg-sink: on assignment a partition resumes there when it is ahead of "
                    "the group's committed offset (exactly-once into that store). Empty: committed offsets only."));
  spec.add(kafka::passthrough_option());
  return spec;
}

std::vector<kafka::ManagedProperty> managed_properties() {
  auto managed = kafka::broker_properties();
  const std::string commits = "the source commits only offsets the engine reports done";
  managed.push_back({"group.id", "set the `group_id` option instead"});
  managed.push_back({"enable.auto.commit", commits});
  managed.push_back({"auto.commit.enable", commits});
  managed.push_back({"enable.auto.offset.store", commits});
  managed.push_back({"auto.offset.reset", "set the `auto_offset_reset` option instead"});
  return managed;
}

std::string anchored(std::string pattern) { return pattern.empty() || pattern[0] == '^' ? pattern : "^" + pattern; }

std::vector<std::string> topics_of(const Config& config) {
  return config.has("topics") ? config.get<std::vector<std::string>>("topics") : std::vector<std::string>{};
}

class KafkaSourcePlugin final : public Plugin {
 public:
  PluginKind kind() const noexcept override { return PluginKind::kSource; }

  std::string description() const override {
    return "Reads events from Kafka topics in a consumer group; commits only offsets whose events are done.";
  }

  const ConfigSpec& spec() const override { return spec_; }

  void validate(const Config& config, ConfigIssues& issues) const override {
    const auto topics = topics_of(config);
    const std::string pattern = config.get_or<std::string>("pattern", "");
    if (topics.empty() && pattern.empty())
      issues.error("topics", "no topics to read", "give `topics: [orders]` or `pattern: \"^orders.*\"`");
    if (!topics.empty() && !pattern.empty())
      issues.error("pattern", "`topics` and `pattern` exclude each other", "keep one of them");
    for (std::size_t i = 0; i < topics.size(); ++i)
      if (topics[i].empty()) issues.error("topics." + std::to_string(i), "topic name must not be empty");
    if (!pattern.empty()) {
      try {
        std::regex check(pattern, std::regex::extended);
      } catch (const std::regex_error& e) {
        issues.error("pattern", std::string("invalid regular expression: ") + e.what(),
                     "write a POSIX extended regular expression, e.g. ^orders.*");
      }
    }
    if (config.has("group_id") && config.get<std::string>("group_id").empty())
      issues.error("group_id", "group_id must not be empty", "name the consumer group, e.g. `orders-pipeline`");
    kafka::check_client_config(config, managed_properties(), issues);
  }

  std::unique_ptr<Stage> create(const Config& config, Context& context) const override {
    KafkaSourceOptions options;
    options.brokers = config.get<std::string>(kafka::kBrokersOption);
    options.topics = topics_of(config);
    options.pattern = anchored(config.get_or<std::string>("pattern", ""));
    options.batch_size = config.get<std::size_t>("batch_size");
    options.lag_interval = config.duration("lag_interval");
    options.group_id = config.get<std::string>("group_id");
    if (const auto store = config.get<std::string>("resume_from"); !store.empty()) {
      if (!context.resource(store))
        throw ConfigError("resume_from", "no resource named '" + store + "' (declare it under `resources:`)");
      options.position_store = context.resource_as<PositionStore>(store);
      if (!options.position_store)
        throw ConfigError("resume_from", "resource '" + store + "' keeps no positions (a `postgres` resource does)");
      options.position_store_name = store;
    }
    options.properties = kafka::client_properties(config, {},
                                                  {
                                                      {"group.id", config.get<std::string>("group_id")},
                                                      {"enable.auto.commit", "false"},
                                                      {"enable.auto.offset.store", "false"},
                                                      {"auto.offset.reset", config.get<std::string>("auto_offset_reset")},
                                                  });
    return std::make_unique<KafkaSource>(std::move(options), context);
  }

 private:
  ConfigSpec spec_ = make_spec();
};

}  // namespace
}  // namespace streamline::plugins::kafka_source

STREAMLINE_PLUGIN(streamline::plugins::kafka_source::KafkaSourcePlugin, "kafka-source", "1.0.0")
