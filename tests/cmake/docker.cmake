# The docker/ stack, checked statically (Docker is not needed): the compose
# file, Dockerfile, Prometheus and Grafana provisioning parse and fit
# together, and every metric the dashboard queries is one the engine
# exposes (tests/docker/check_docker_files.py says how it knows).
#
#   ctest --test-dir build -R docker_ --output-on-failure

find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  set(DOCKER_CHECK ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/docker/check_docker_files.py
      --engine $<TARGET_FILE:engine> --plugin-dir ${STREAMLINE_PLUGIN_OUTPUT_DIR} --source-dir ${PROJECT_SOURCE_DIR})
else()
  message(WARNING "python3 not found: the docker_files_* tests fail (scripts/setup.sh installs python3-yaml)")
  set(DOCKER_CHECK ${CMAKE_COMMAND} -E false)
endif()
set(DOCKER_FIXTURES ${CMAKE_CURRENT_SOURCE_DIR}/docker/fixtures)

add_test(NAME docker_files_valid COMMAND ${DOCKER_CHECK})

# The check can fail, and says where: a panel naming a metric nobody
# exposes, a histogram queried by its bare name, a ZooKeeper compose file.
add_test(NAME docker_files_reject_unknown_metric
         COMMAND ${DOCKER_CHECK} --dashboard ${DOCKER_FIXTURES}/unknown-metric-dashboard.json)
set_tests_properties(docker_files_reject_unknown_metric PROPERTIES PASS_REGULAR_EXPRESSION
  "panel 'Rollbacks' \\(id 3\\): metric 'streamline_rollbacks_total' is not exposed by the engine or any plugin[^\n]*\n  [^\n]*panel 'Latency' \\(id 4\\): metric 'streamline_processing_seconds' is not exposed")
add_test(NAME docker_files_reject_zookeeper
         COMMAND ${DOCKER_CHECK} --compose ${DOCKER_FIXTURES}/zookeeper-compose.yaml)
set_tests_properties(docker_files_reject_zookeeper PROPERTIES PASS_REGULAR_EXPRESSION
  "service 'zookeeper' is ZooKeeper: Kafka must run in KRaft mode.*engine: deploy.replicas is 1, want at least 2")

set_tests_properties(docker_files_valid docker_files_reject_unknown_metric docker_files_reject_zookeeper
                     PROPERTIES LABELS unit TIMEOUT 120)
