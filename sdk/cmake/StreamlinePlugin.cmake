# streamline_sanitizer_flags(<out_compile> <out_link>)
# The flags for STREAMLINE_SANITIZE ("address,undefined", "thread", ...),
# minus the checks in STREAMLINE_SANITIZE_SKIP ("vptr,alignment,null"):
# frame pointers for readable stacks, and UBSan findings abort (no recover)
# so a test that hits undefined behaviour fails instead of printing and passing.
function(streamline_sanitizer_flags out_compile out_link)
  set(compile "")
  set(link "")
  if(STREAMLINE_SANITIZE)
    set(compile -fsanitize=${STREAMLINE_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
    set(link -fsanitize=${STREAMLINE_SANITIZE})
    if(STREAMLINE_SANITIZE_SKIP)
      list(APPEND compile -fno-sanitize=${STREAMLINE_SANITIZE_SKIP})
      list(APPEND link -fno-sanitize=${STREAMLINE_SANITIZE_SKIP})
    endif()
  endif()
  set(${out_compile} ${compile} PARENT_SCOPE)
  set(${out_link} ${link} PARENT_SCOPE)
endfunction()

# streamline_add_plugin(<name> <sources>...)
# Builds a plugin shared object named <name>.so that the engine loads by the
# name in its descriptor. Output goes to STREAMLINE_PLUGIN_OUTPUT_DIR when set.
function(streamline_add_plugin name)
  set(target plugin_${name})
  add_library(${target} MODULE ${ARGN})
  target_link_libraries(${target} PRIVATE streamline::sdk)
  set_target_properties(${target} PROPERTIES PREFIX "" OUTPUT_NAME ${name})
  if(TARGET all_plugins)
    add_dependencies(all_plugins ${target})
  endif()
  if(STREAMLINE_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${STREAMLINE_PLUGIN_OUTPUT_DIR})
  endif()
  # A plugin built outside the engine's tree for a sanitized engine
  # (-DSTREAMLINE_SANITIZE=...) is instrumented the same way. In the engine's
  # tree every target already is (STREAMLINE_SANITIZE_EVERY_TARGET).
  if(STREAMLINE_SANITIZE AND NOT STREAMLINE_SANITIZE_EVERY_TARGET)
    streamline_sanitizer_flags(compile link)
    target_compile_options(${target} PRIVATE ${compile})
    target_link_options(${target} PRIVATE ${link})
  endif()
endfunction()
