#include "engine/runtime/thread_name.hpp"

#include <pthread.h>

namespace streamline::engine {

std::string thread_name(std::string_view stage, std::size_t instance, int concurrency) {
  const std::string suffix = concurrency > 1 ? "#" + std::to_string(instance + 1) : "";
  const std::size_t room = kThreadNameMax - suffix.size();
  return std::string(stage.substr(0, room)) + suffix;
}

void name_this_thread(const std::string& name) noexcept { ::pthread_setname_np(::pthread_self(), name.c_str()); }

}  // namespace streamline::engine
