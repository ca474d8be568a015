# The fraud plugin: its core (features, model, rules, stage) and the
# training data generator are linked into the unit tests; the shipped model
# is read from the source tree and, through the plugin, from bin/plugins.
target_link_libraries(unit_tests PRIVATE fraud_core fraud_training_data)
add_dependencies(unit_tests plugin_fraud)

# tests/bench/fraud_scoring.cpp: the stage and the model alone, per batch size.
if(TARGET fraud_scoring)
  target_link_libraries(fraud_scoring PRIVATE fraud_core fraud_training_data)
endif()
