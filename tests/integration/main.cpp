// Integration tests run against the test stack that ctest starts (see
// tests/CMakeLists.txt), with its settings in the environment.
#include <gtest/gtest.h>

#include "tests/support/stack_env.hpp"

int main(int argc, char** argv) {
  streamline::test_support::load_stack_env(TEST_STACK_DIR);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
