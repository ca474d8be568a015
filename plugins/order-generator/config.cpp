// The `order-generator` plugin: its options, its factory and its export.

#include <memory>
#include <string>

#include <streamline/plugin.hpp>

#include "order_generator.hpp"
#include "timestamp.hpp"

namespace streamline::plugins::order_generator {
namespace {

constexpr const char* kDefaultStartTime = "2025-01-01T00:00:00Z";

ConfigSpec make_spec() {
  ConfigSpec spec;
  spec.add(Option::integer("count").default_value(1000).min(0).doc("Events to generate; 0 means endless."));
  spec.add(Option::floating("rate").default_value(0).min(0).doc(
      "Events per second; 0 means as fast as the pipeline takes them. Excludes `delay`."));
  spec.add(Option::duration("delay").default_value(0).min(0).doc(
      "Pause between two events (the original producer's `--delay 2` is `delay: 2s`). Excludes `rate`."));
  spec.add(Option::integer("seed").default_value(1).min(0).doc(
      "Seed of the stream: the same seed and options give byte-identical events."));
  spec.add(Option::floating("duplicate_ratio").default_value(0.02).min(0).max(1).doc(
      "Share of events that are exact re-sends of a recent event (same event_id)."));
  spec.add(Option::floating("malformed_ratio").default_value(0.01).min(0).max(1).doc(
      "Share of events that are broken: not JSON, a missing field, a wrong type, an unknown user or product."));
  spec.add(Option::floating("fraud_ratio").default_value(0.03).min(0).max(1).doc(
      "Share of new orders with a planted fraud pattern (high amount, velocity, country mismatch, new "
      "account buying electronics); the label is never in the event."));
  spec.add(Option::integer("users").default_value(10000).min(1).max(10'000'000).doc(
      "Users ordering: user-00001 up to this (the reference data of scripts/schema.sql has 10000)."));
  spec.add(Option::integer("products").default_value(1000).min(1).max(1'000'000).doc(
      "Products ordered: prod-0001 up to this (the reference data of scripts/schema.sql has 1000)."));
  spec.add(Option::string("start_time").default_value(kDefaultStartTime).doc(
      "Timestamp of the stream's start, ISO-8601 UTC; event timestamps advance from it deterministically."));
  spec.add(Option::integer("batch_size").default_value(500).min(1).doc(
      "Most events produced per poll (the stage's batch size may lower it)."));
  return spec;
}

class OrderGeneratorPlugin final : public Plugin {
 public:
  PluginKind kind() const noexcept override { return PluginKind::kSource; }

  std::string description() const override {
    return "Generates realistic, reproducible order traffic (orders and their lifecycle events) with "
           "duplicates, malformed events and planted fraud.";
  }

  const ConfigSpec& spec() const override { return spec_; }

  void validate(const Config& config, ConfigIssues& issues) const override {
    if (config.get_or<double>("rate", 0) > 0 && config.get_or<std::int64_t>("delay", 0) > 0)
      issues.error("delay", "`rate` and `delay` exclude each other", "keep one: `rate: 0.5` is `delay: 2s`");
    if (config.get_or<double>("duplicate_ratio", 0.02) + config.get_or<double>("malformed_ratio", 0.01) > 1)
      issues.error("malformed_ratio", "duplicate_ratio + malformed_ratio exceeds 1",
                   "lower one of them so that both fit in one stream");
    const std::string start = config.get_or<std::string>("start_time", kDefaultStartTime);
    if (!orders::parse_timestamp(start))
      issues.error("start_time", "'" + start + "' is not an ISO-8601 UTC timestamp",
                   "write e.g. \"2025-01-01T00:00:00Z\"");
  }

  std::unique_ptr<Stage> create(const Config& config, Context& context) const override {
    OrderGeneratorOptions options;
    options.seed = config.get<std::uint64_t>("seed");
    options.count = config.get<std::uint64_t>("count");
    options.rate = config.get<double>("rate");
    options.delay = config.duration("delay");
    options.batch_size = config.get<std::size_t>("batch_size");
    options.stream.duplicate_ratio = config.get<double>("duplicate_ratio");
    options.stream.malformed_ratio = config.get<double>("malformed_ratio");
    options.stream.fraud_ratio = config.get<double>("fraud_ratio");
    options.stream.users = config.get<std::uint64_t>("users");
    options.stream.products = config.get<std::uint64_t>("products");
    const std::string start = config.get<std::string>("start_time");
    const auto start_ms = orders::parse_timestamp(start);
    if (!start_ms) throw ConfigError("start_time", "'" + start + "' is not an ISO-8601 UTC timestamp");
    options.stream.start_time_ms = *start_ms;
    return std::make_unique<OrderGenerator>(std::move(options), context.stop_token());
  }

 private:
  ConfigSpec spec_ = make_spec();
};

}  // namespace
}  // namespace streamline::plugins::order_generator

STREAMLINE_PLUGIN(streamline::plugins::order_generator::OrderGeneratorPlugin, "order-generator", "1.0.0")
