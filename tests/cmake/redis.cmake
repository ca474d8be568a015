# Redis plugins (redis, redis-dedup, redis-cache): unit tests of their pure
# parts (tests/unit/redis) and integration tests driving the stages against
# the test stack's Redis (tests/integration/redis).
target_link_libraries(unit_tests PRIVATE plugin_redis_common redis_dedup_core redis_cache_core)
if(TARGET integration_tests)
  target_link_libraries(integration_tests PRIVATE plugin_redis_common redis_dedup_core redis_cache_core)
endif()
