// The `pg-dead-letter` plugin: its options, its factory and its export.

#include <memory>
#include <string>

#include <streamline/plugin.hpp>

#include "pg_dead_letter.hpp"
#include "postgres/stage_pool.hpp"

namespace streamline::plugins::pg_dead_letter {
namespace {

ConfigSpec make_spec() {
  ConfigSpec spec;
  postgres::add_connection_options(spec);
  return spec;
}

class PgDeadLetterPlugin final : public Plugin {
 public:
  PluginKind kind() const noexcept override { return PluginKind::kSink; }

  std::string description() const override {
    return "Records failed events (dead letters) in PostgreSQL's processing_errors, one row per failed event; "
           "a replayed failure bumps its attempts.";
  }

  const ConfigSpec& spec() const override { return spec_; }

  void validate(const Config& config, ConfigIssues& issues) const override {
    postgres::validate_connection_options(config, issues);
  }

  std::unique_ptr<Stage> create(const Config& config, Context& context) const override {
    return std::make_unique<PgDeadLetter>(
        postgres::stage_pool(context, config.get<std::string>("resource"), config.get<std::string>("dsn")), context);
  }

 private:
  ConfigSpec spec_ = make_spec();
};

}  // namespace
}  // namespace streamline::plugins::pg_dead_letter

STREAMLINE_PLUGIN(streamline::plugins::pg_dead_letter::PgDeadLetterPlugin, "pg-dead-letter", "1.0.0")
