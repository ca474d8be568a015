// The `pg-sink` plugin: its options, its factory and its export.

#include <cstdint>
#include <memory>
#include <string>

#include <streamline/plugin.hpp>

#include "pg_sink.hpp"
#include "postgres/stage_pool.hpp"

namespace streamline::plugins::pg_sink {
namespace {

ConfigSpec make_spec() {
  ConfigSpec spec;
  postgres::add_connection_options(spec);
  spec.add(Option::string("consumer")
               .default_value("")
               .example("orders-to-pg")
               .doc("Name under which the batch's source positions are written to sink_offsets; empty: the "
                    "stage's name."));
  spec.add(Option::integer("recent_ids")
               .default_value(std::int64_t{100000})
               .min(0)
               .doc("Event ids of rows this instance committed that it remembers, so that a re-send arriving "
                    "soon after its original is skipped without asking PostgreSQL. Any other stored id is "
                    "still caught: the batch's COPY fails on it and the batch is written again after a "
                    "lookup. 0: look every batch's ids up first."));
  return spec;
}

class PgSinkPlugin final : public Plugin {
 public:
  PluginKind kind() const noexcept override { return PluginKind::kSink; }

  std::string description() const override {
    return "Writes order events into PostgreSQL (order_events, order_states, sink_offsets) in one transaction "
           "per batch, insert-if-absent on event_id.";
  }

  const ConfigSpec& spec() const override { return spec_; }

  void validate(const Config& config, ConfigIssues& issues) const override {
    postgres::validate_connection_options(config, issues);
  }

  std::unique_ptr<Stage> create(const Config& config, Context& context) const override {
    PgSinkOptions options;
    options.pool =
        postgres::stage_pool(context, config.get<std::string>("resource"), config.get<std::string>("dsn"));
    options.consumer = config.get<std::string>("consumer");
    if (options.consumer.empty()) options.consumer = context.stage_name();
    options.recent_ids = static_cast<std::size_t>(config.get<std::int64_t>("recent_ids"));
    return std::make_unique<PgSink>(std::move(options), context);
  }

 private:
  ConfigSpec spec_ = make_spec();
};

}  // namespace
}  // namespace streamline::plugins::pg_sink

STREAMLINE_PLUGIN(streamline::plugins::pg_sink::PgSinkPlugin, "pg-sink", "1.0.0")
