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

}  // namespace streamline::plugins::postgres
