# enrich: the stage's core (caches, enrichment object, URL template, HTTP
# lookup) in the unit tests; the whole stage against the test stack's
# PostgreSQL and Redis in the integration tests. Tests include its headers
# as "plugins/enrich/<file>.hpp".
target_link_libraries(unit_tests PRIVATE enrich_core)
if(TARGET integration_tests)
  target_link_libraries(integration_tests PRIVATE enrich_core)
endif()
