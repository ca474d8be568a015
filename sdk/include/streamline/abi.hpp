#pragma once
// The binary contract between the engine and a plugin shared object.
//
// A plugin and the engine exchange C++ objects (std::string, nlohmann::json,
// virtual interfaces), so they must agree on two things:
//  - the SDK ABI version: bumped whenever a header in sdk/ changes layout or
//    virtual tables in an incompatible way;
//  - the build tag: compiler family and major version, C++ standard library
//    release and the nlohmann::json version, which all shape those objects.
// The loader reads both from the plugin's descriptor before running any of its
// code and refuses a mismatch, naming both sides.

#include <nlohmann/json.hpp>

#ifndef STREAMLINE_ABI_VERSION
#define STREAMLINE_ABI_VERSION 3
#endif

#define STREAMLINE_STRINGIFY_IMPL(x) #x
#define STREAMLINE_STRINGIFY(x) STREAMLINE_STRINGIFY_IMPL(x)

#if defined(__clang__)
#define STREAMLINE_COMPILER_TAG "clang-" STREAMLINE_STRINGIFY(__clang_major__)
#elif defined(__GNUC__)
#define STREAMLINE_COMPILER_TAG "gcc-" STREAMLINE_STRINGIFY(__GNUC__)
#else
#define STREAMLINE_COMPILER_TAG "unknown-compiler"
#endif

#if defined(_GLIBCXX_RELEASE)
#define STREAMLINE_STDLIB_TAG "libstdc++-" STREAMLINE_STRINGIFY(_GLIBCXX_RELEASE)
#elif defined(_LIBCPP_VERSION)
#define STREAMLINE_STDLIB_TAG "libc++-" STREAMLINE_STRINGIFY(_LIBCPP_VERSION)
#else
#define STREAMLINE_STDLIB_TAG "unknown-stdlib"
#endif

#define STREAMLINE_BUILD_TAG                                                \
  STREAMLINE_COMPILER_TAG "/" STREAMLINE_STDLIB_TAG "/json-" STREAMLINE_STRINGIFY( \
      NLOHMANN_JSON_VERSION_MAJOR) "." STREAMLINE_STRINGIFY(NLOHMANN_JSON_VERSION_MINOR)

namespace streamline {

inline constexpr int kAbiVersion = STREAMLINE_ABI_VERSION;
inline constexpr const char* kBuildTag = STREAMLINE_BUILD_TAG;

}  // namespace streamline
