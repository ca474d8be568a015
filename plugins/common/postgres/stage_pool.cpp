#include "postgres/stage_pool.hpp"

#include <streamline/config.hpp>

#include "postgres/postgres_resource.hpp"

namespace streamline::plugins::postgres {

std::shared_ptr<PgPool> stage_pool(Context& context, const std::string& resource_name, const std::string& dsn) {
  if (std::shared_ptr<Resource> resource = context.resource(resource_name)) {
    auto postgres = std::dynamic_pointer_cast<PostgresResource>(resource);
    if (!postgres)
      throw ConfigError("resource", "resource '" + resource_name + "' is not a postgres resource");
    context.logger().debug("using the shared postgres resource '{}'", resource_name);
    return postgres->pool();
  }
  if (dsn.empty())
    throw ConfigError("dsn", "no resource named '" + resource_name +
                                 "' and no `dsn` option: declare the resource under `resources:` or set `dsn`");
  return std::make_shared<PgPool>(dsn, 1);
}

void add_connection_options(ConfigSpec& spec) {
  spec.add(Option::string("resource")
               .default_value("pg")
               .doc("Name of the `postgres` resource (under `resources:`) whose connection pool the stage uses."));
  spec.add(Option::string("dsn")
               .default_value("")
               .secret()
               .example("${PG_DSN}")
               .doc("Connection string used only when no resource named by `resource` exists: the stage then "
                    "opens one connection of its own."));
}

void validate_connection_options(const Config& config, ConfigIssues& issues) {
  if (config.get<std::string>("resource").empty())
    issues.error("resource", "resource must not be empty", "name a `postgres` resource, e.g. `pg`");
}

}  // namespace streamline::plugins::postgres
