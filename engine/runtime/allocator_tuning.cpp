#include "engine/runtime/allocator_tuning.hpp"

#include <cstdlib>
#include <cstring>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace streamline::engine {

void tune_allocator() noexcept {
#if defined(__GLIBC__) && defined(M_MXFAST)
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  if (tunables != nullptr && std::strstr(tunables, "glibc.malloc.mxfast") != nullptr) return;
  mallopt(M_MXFAST, 0);
#endif
}

}  // namespace streamline::engine
