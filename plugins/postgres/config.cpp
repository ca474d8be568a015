// The `postgres` resource plugin: its options, its factory and its export.
// The resource itself (PostgresResource) lives in plugins/common/postgres so
// the stages that use it include the same class.

#include <memory>
#include <string>

#include <streamline/plugin.hpp>

#include "postgres/dsn.hpp"
#include "postgres/postgres_resource.hpp"

namespace streamline::plugins::postgres {
namespace {

ConfigSpec make_spec() {
  ConfigSpec spec;
  spec.add(Option::string("dsn")
               .required()
               .secret()
               .example("${PG_DSN}")
               .doc("libpq connection string, URI (`postgresql://user:password@host:port/db`) or key=value form; "
                    "logs show it with the password replaced by `***`."));
  spec.add(Option::integer("pool_size")
               .default_value(4)
               .min(1)
               .max(100)
               .doc("Most connections open at once, shared by every stage using the resource; a stage waits "
                    "(at most 30 s) for a free one."));
  return spec;
}

class PostgresPlugin final : public Plugin {
 public:
  PluginKind kind() const noexcept override { return PluginKind::kResource; }

  std::string description() const override {
    return "A shared pool of PostgreSQL connections that pg-sink and pg-dead-letter stages name with "
           "`resource:`.";
  }

  const ConfigSpec& spec() const override { return spec_; }

  void validate(const Config& config, ConfigIssues& issues) const override {
    if (config.has("dsn") && config.get<std::string>("dsn").empty())
      issues.error("dsn", "dsn must not be empty", "set it, e.g. `dsn: \"${PG_DSN}\"`");
  }

  std::shared_ptr<Resource> create_resource(const Config& config, Context& context) const override {
    auto resource = std::make_shared<PostgresResource>(config.get<std::string>("dsn"),
                                                       static_cast<std::size_t>(config.get<std::int64_t>("pool_size")));
    context.logger().info("postgres pool for {} (up to {} connections, opened on demand)",
                          resource->pool()->redacted_dsn(), resource->pool()->size());
    return resource;
  }

 private:
  ConfigSpec spec_ = make_spec();
};

}  // namespace
}  // namespace streamline::plugins::postgres

STREAMLINE_PLUGIN(streamline::plugins::postgres::PostgresPlugin, "postgres", "1.0.0")
