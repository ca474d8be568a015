# The libFuzzer targets (fuzz/), label fuzz: fuzz_build configures and
# builds them with clang in <build>/fuzz (a project of its own, so this
# build stays g++), then each target runs for STREAMLINE_FUZZ_SECONDS from
# its seed corpus, which it replays first: an input that once crashed and is
# kept there fails the test again if the bug comes back. A finding fails
# the test; the input is in <build>/fuzz/artifacts/<target>/.
# Longer runs: fuzz/README.md.
#
#   ctest --test-dir build-asan -L fuzz --output-on-failure

set(STREAMLINE_FUZZ_SECONDS 20 CACHE STRING "Seconds each fuzz target runs in the test suite")
set(FUZZ_BUILD_DIR ${CMAKE_BINARY_DIR}/fuzz)
set(FUZZ_SCRIPT ${PROJECT_SOURCE_DIR}/fuzz/fuzz.sh)

add_test(NAME fuzz_build COMMAND ${CMAKE_COMMAND} -E env JOBS=2 bash ${FUZZ_SCRIPT} build ${FUZZ_BUILD_DIR})
set_tests_properties(fuzz_build PROPERTIES FIXTURES_SETUP fuzz_targets LABELS fuzz TIMEOUT 1200)

foreach(target pipeline_config event_decode)
  add_test(NAME fuzz_${target} COMMAND bash ${FUZZ_SCRIPT} run ${FUZZ_BUILD_DIR} ${target} ${STREAMLINE_FUZZ_SECONDS})
  set_tests_properties(fuzz_${target} PROPERTIES FIXTURES_REQUIRED fuzz_targets LABELS fuzz
                       TIMEOUT 600)
endforeach()
