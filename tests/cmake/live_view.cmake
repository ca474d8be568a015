# The live view's end-to-end test keeps a screenshot of the page, taken by
# headless Chromium, where CI collects artifacts.
if(TARGET e2e_tests)
  target_compile_definitions(e2e_tests PRIVATE STREAMLINE_ARTIFACTS_DIR="${CMAKE_BINARY_DIR}/artifacts")
endif()
