# System tests: the orders pipeline (pipelines/orders.yaml) run by the engine
# binary as a user runs it, against a stack of its own, and checked against
# the truth of the generated stream (tests/system). They stop Redis and
# restart PostgreSQL, so they get a private stack (other ports, other
# directory): the integration tests on the shared test stack never notice.
#
#   cd build && ctest -L system --output-on-failure
#
# The benchmark of the same pipeline (tests/bench/orders_pipeline.cpp, run
# by scripts/bench-orders.sh, `make bench-orders`) uses the same stack.

set(STREAMLINE_SYSTEM_PG_PORT 55434 CACHE STRING "PostgreSQL port of the system-test stack")
set(STREAMLINE_SYSTEM_REDIS_PORT 56381 CACHE STRING "Redis port of the system-test stack")
set(SYSTEM_STACK_DIR ${CMAKE_BINARY_DIR}/system-stack)
stack_fixture(system_stack ${SYSTEM_STACK_DIR} ${STREAMLINE_SYSTEM_PG_PORT} ${STREAMLINE_SYSTEM_REDIS_PORT}
              "orders:8 dead-letters:2" "system;stack")

# What the tests and the benchmark share: the stack's settings, the engine as
# a child process, a paced producer with delivery reports, fresh databases,
# Redis, and the expectation computed from the stream's truth.
add_library(system_support STATIC
  ${CMAKE_CURRENT_SOURCE_DIR}/system/support/command.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/system/support/engine_run.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/system/support/kafka_fault_cluster.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/system/support/orders_database.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/system/support/orders_kafka.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/system/support/orders_pipeline.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/system/support/orders_truth.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/system/support/raw_kafka.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/system/support/redis_client.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/system/support/system_stack.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/support/stack_env.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/support/admin_client.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/integration/kafka/kafka_clients.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/integration/kafka/mock_cluster.cpp)
target_include_directories(system_support PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(system_support PUBLIC streamline::sdk order_stream plugin_kafka_common PkgConfig::RDKAFKA PkgConfig::HTTPLIB
                      PkgConfig::PQXX PkgConfig::HIREDIS Threads::Threads)
target_compile_definitions(system_support PUBLIC
  ENGINE_BINARY="$<TARGET_FILE:engine>"
  PLUGIN_DIR="${STREAMLINE_PLUGIN_OUTPUT_DIR}"
  PROJECT_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
  SYSTEM_STACK_DIR="${SYSTEM_STACK_DIR}"
  SYSTEM_STACK_PG_PORT="${STREAMLINE_SYSTEM_PG_PORT}"
  SYSTEM_STACK_REDIS_PORT="${STREAMLINE_SYSTEM_REDIS_PORT}")

file(GLOB SYSTEM_TEST_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/system/*.cpp)
# Its main (shared with integration_tests) loads the system stack's env file.
add_executable(system_tests ${SYSTEM_TEST_SOURCES} ${CMAKE_CURRENT_SOURCE_DIR}/support/stack_test_main.cpp)
target_link_libraries(system_tests PRIVATE system_support GTest::gtest)
target_compile_definitions(system_tests PRIVATE STACK_ENV_DIR="${SYSTEM_STACK_DIR}")
add_dependencies(system_tests engine all_plugins)
# One test at a time: they share the stack and stop its services.
gtest_discover_tests(system_tests DISCOVERY_TIMEOUT 60
                     PROPERTIES LABELS system FIXTURES_REQUIRED system_stack RESOURCE_LOCK system_stack
                                RUN_SERIAL TRUE TIMEOUT 600)

# The benchmark (a tests/bench/*.cpp, so tests/CMakeLists.txt made the target).
if(TARGET orders_pipeline)
  target_link_libraries(orders_pipeline PRIVATE system_support)
  add_dependencies(orders_pipeline engine)
endif()
