#pragma once
// The connection pool a PostgreSQL stage uses: the shared `postgres`
// resource its `resource` option names, else a pool of its own from its
// `dsn` option (so a pipeline without `resources:` works).

#include <memory>
#include <string>

#include <streamline/config.hpp>
#include <streamline/config_spec.hpp>
#include <streamline/context.hpp>

#include "postgres/pg_pool.hpp"

namespace streamline::plugins::postgres {

// The `resource` and `dsn` options every PostgreSQL stage declares, and
// their check (no I/O).
void add_connection_options(ConfigSpec& spec);
void validate_connection_options(const Config& config, ConfigIssues& issues);

// Throws streamline::ConfigError when the resource exists but is not a
// postgres one, or when there is neither the resource nor a `dsn`.
std::shared_ptr<PgPool> stage_pool(Context& context, const std::string& resource_name, const std::string& dsn);

}  // namespace streamline::plugins::postgres
