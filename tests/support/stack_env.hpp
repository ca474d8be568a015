#pragma once
// The settings of a stack started by scripts/stack.sh (its `env` file:
// KAFKA_BROKERS, PG_DSN, REDIS_URL, ...), loaded into the environment the way
// pipelines read them. Variables already set win, so a developer can point
// the tests at another stack.

#include <string>

namespace streamline::test_support {

// False when the stack has no env file (not started).
bool load_stack_env(const std::string& stack_dir);

}  // namespace streamline::test_support
