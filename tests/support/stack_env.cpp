#include "tests/support/stack_env.hpp"

#include <cstdlib>
#include <fstream>

namespace streamline::test_support {

bool load_stack_env(const std::string& stack_dir) {
  std::ifstream env(stack_dir + "/env");
  if (!env) return false;
  for (std::string line; std::getline(env, line);) {
    const auto eq = line.find('=');
    if (eq == std::string::npos || line.empty() || line[0] == '#') continue;
    ::setenv(line.substr(0, eq).c_str(), line.substr(eq + 1).c_str(), /*overwrite=*/0);
  }
  return true;
}

}  // namespace streamline::test_support
