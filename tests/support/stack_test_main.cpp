// The main of the test programs that run against a stack scripts/stack.sh
// started: integration_tests (the test stack) and system_tests (the system
// stack). The stack's env file (STACK_ENV_DIR, set per program by CMake) is
// loaded before any test reads PG_DSN, KAFKA_BROKERS, ...; variables already
// set in the environment win.
#include <gtest/gtest.h>

#include "tests/support/stack_env.hpp"

int main(int argc, char** argv) {
  streamline::test_support::load_stack_env(STACK_ENV_DIR);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
