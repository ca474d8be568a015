// The main of the test programs that run against a stack scripts/stack.sh
// started: integration_tests (the test stack) and system_tests (the system
// stack). The stack's env file (STACK_ENV_DIR, set per program by CMake) is
// loaded before any test reads PG_DSN, KAFKA_BROKERS, ...; variables already
// set in the environment win.
//
// Tests that need a service skip without its settings, so a developer can
// run the programs without a stack. In CI (CI=true) a missing stack is a
// failure instead: otherwise every such test would skip and CI stay green.
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "tests/support/stack_env.hpp"

namespace {

class StackRequiredInCi final : public ::testing::Environment {
 public:
  explicit StackRequiredInCi(bool loaded) : loaded_(loaded) {}

  void SetUp() override {
    const char* ci = std::getenv("CI");
    if (ci == nullptr || std::string(ci) != "true") return;
    ASSERT_TRUE(loaded_) << "CI=true but there is no stack env file at " STACK_ENV_DIR
                            "/env: the ctest fixture that starts the stack did not run or failed";
    for (const char* name : {"PG_DSN", "REDIS_URL", "KAFKA_BROKERS"})
      EXPECT_NE(std::getenv(name), nullptr) << name << " is not set although CI=true (" STACK_ENV_DIR "/env)";
  }

 private:
  bool loaded_;
};

}  // namespace

int main(int argc, char** argv) {
  const bool loaded = streamline::test_support::load_stack_env(STACK_ENV_DIR);
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new StackRequiredInCi(loaded));  // gtest owns it
  return RUN_ALL_TESTS();
}
