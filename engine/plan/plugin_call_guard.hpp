#pragma once
// Plugin code may throw anything; while a file is being checked that becomes
// a diagnostic naming the plugin, never a crash.

#include <exception>
#include <string>
#include <utility>

#include <streamline/config.hpp>

#include "engine/config/diagnostic.hpp"
#include "engine/config/diagnostic_codes.hpp"
#include "engine/loader/plugin_loader.hpp"

namespace streamline::engine {

struct PluginCallSite {
  const LoadedPlugin& plugin;
  const char* function;  // "validate()", for the message
  std::string path;      // config path the failure is reported at
  SourceLocation location;
};

// Runs `call`; true when it returned normally. A ConfigError is the plugin
// pointing at a bad option and is reported like a validation issue.
template <typename Call>
bool guarded_plugin_call(const PluginCallSite& site, Diagnostics& diags, Call&& call) {
  auto report = [&](std::string what) {
    diags.push_back({Severity::kError, codes::kPluginError,
                     site.plugin.describe() + " failed in " + site.function + ": " + what,
                     site.path, site.location,
                     "this is a bug in the plugin, not in the file; tell its authors"});
  };
  try {
    std::forward<Call>(call)();
    return true;
  } catch (const ConfigError& e) {
    const std::string path = e.path().empty() ? site.path : site.path + "." + e.path();
    diags.push_back({Severity::kError, codes::kInvalidConfig, e.what(), path, site.location, {}});
  } catch (const std::exception& e) {
    report(e.what());
  } catch (...) {
    report("an exception that is not a std::exception");
  }
  return false;
}

}  // namespace streamline::engine
