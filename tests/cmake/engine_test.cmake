# `engine test`: the orders pipeline's shipped unit tests (pipelines/tests/orders)
# must pass, with JUnit XML for CI; and cases written to fail
# (tests/pipeline-tests) must fail with their messages, exit code 1 and
# well-formed JUnit XML. No services: every stage that needs one is a double.
add_test(NAME engine_test_orders
         COMMAND engine test pipelines/tests/orders
                 --junit ${CMAKE_BINARY_DIR}/engine-test/orders-junit.xml
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
add_test(NAME engine_test_failing_cases
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/pipeline-tests/check_failing_cases.sh
                 $<TARGET_FILE:engine> ${CMAKE_BINARY_DIR}/engine-test)
set_tests_properties(engine_test_orders engine_test_failing_cases PROPERTIES LABELS unit TIMEOUT 120)
