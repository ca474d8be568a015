# The plugin SDK as authors use it (label sdk): each test installs the SDK to
# a temporary prefix and builds against it, outside this tree.
set(SDK_TEST_DIR ${CMAKE_CURRENT_SOURCE_DIR}/sdk)

# sdk/examples/mask-fields: built against the installed SDK, its test run, and
# run in a pipeline (generate -> mask-fields -> file-sink).
add_test(NAME sdk_example_plugin
         COMMAND bash ${SDK_TEST_DIR}/example_plugin_test.sh ${CMAKE_BINARY_DIR} ${PROJECT_SOURCE_DIR} $<TARGET_FILE:engine>)
# `engine new-plugin` for each kind: generated, built, tested, loaded in a
# pipeline; usage errors; a plugin built for another SDK ABI refused.
add_test(NAME sdk_new_plugin
         COMMAND bash ${SDK_TEST_DIR}/new_plugin_test.sh ${CMAKE_BINARY_DIR} ${PROJECT_SOURCE_DIR} $<TARGET_FILE:engine>)
set_tests_properties(sdk_example_plugin sdk_new_plugin PROPERTIES LABELS sdk TIMEOUT 900)

# docs/reference/ is what every shipped plugin's spec renders (make docs-reference).
add_test(NAME docs_reference_current
         COMMAND bash ${SDK_TEST_DIR}/reference_docs_test.sh ${PROJECT_SOURCE_DIR} $<TARGET_FILE:engine>)
set_tests_properties(docs_reference_current PROPERTIES LABELS "sdk;unit")
