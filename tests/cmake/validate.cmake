# The `validate` plugin: its tests call the stage and the rule compiler
# directly (tests/unit/validate), and read the order generator's stream.
target_link_libraries(unit_tests PRIVATE validate_core order_stream)
