#pragma once
// Names the calling thread after the stage instance it runs ("store#2",
// "enrich"), so that `top -H`, `perf report --sort comm` and gdb's thread
// list say which stage uses the CPU. Linux keeps 15 bytes of a name: a
// longer stage name is cut, keeping its instance suffix.

#include <cstddef>
#include <string>
#include <string_view>

namespace streamline::engine {

// "stage" for a single instance, "stage#n" (n from 1) with concurrency > 1;
// at most kThreadNameMax bytes.
std::string thread_name(std::string_view stage, std::size_t instance, int concurrency);

inline constexpr std::size_t kThreadNameMax = 15;

// Best effort: a name the system refuses changes nothing.
void name_this_thread(const std::string& name) noexcept;

}  // namespace streamline::engine
