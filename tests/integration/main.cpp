// Integration tests run against the test stack that ctest starts (see
// tests/CMakeLists.txt). Its settings come from the stack's env file, the same
// file pipelines read; variables already set in the environment win, so a
// developer can point the tests at another stack.
#include <cstdlib>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

int main(int argc, char** argv) {
  std::ifstream env(std::string(TEST_STACK_DIR) + "/env");
  for (std::string line; std::getline(env, line);) {
    const auto eq = line.find('=');
    if (eq == std::string::npos || line.empty() || line[0] == '#') continue;
    ::setenv(line.substr(0, eq).c_str(), line.substr(eq + 1).c_str(), /*overwrite=*/0);
  }
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
