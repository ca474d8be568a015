// System tests run against the system stack that ctest starts (the
// system_stack fixture, tests/cmake/system.cmake). Its settings come from the
// stack's env file; variables already set in the environment win.
#include <gtest/gtest.h>

#include "tests/system/support/system_stack.hpp"

int main(int argc, char** argv) {
  streamline::system_tests::load_stack_env(SYSTEM_STACK_DIR);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
