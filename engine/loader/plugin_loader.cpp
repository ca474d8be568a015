#include "engine/loader/plugin_loader.hpp"

#include <algorithm>
#include <cstring>
#include <sstream>
#include <system_error>

#include <dlfcn.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/dll/runtime_symbol_info.hpp>

namespace streamline::engine {
namespace fs = std::filesystem;

LoadedPlugin::LoadedPlugin(boost::dll::shared_library library, fs::path path, std::string name,
                           std::string version, std::unique_ptr<Plugin> factory)
    : library_(std::move(library)),
      path_(std::move(path)),
      file_stamp_(engine::file_stamp(path_)),
      name_(std::move(name)),
      version_(std::move(version)),
      factory_(std::move(factory)) {}

std::string file_stamp(const fs::path& file) {
  struct stat info {};
  if (::stat(file.c_str(), &info) != 0) return {};
  return std::to_string(info.st_ino) + ":" + std::to_string(info.st_size) + ":" +
         std::to_string(info.st_mtim.tv_sec) + "." + std::to_string(info.st_mtim.tv_nsec);
}

std::string LoadedPlugin::describe() const {
  return "plugin '" + name_ + "' (" + path_.string() + ")";
}

std::vector<fs::path> PluginRegistry::search_path(const std::vector<std::string>& dirs,
                                                  const std::string& env_path) {
  std::vector<fs::path> path(dirs.begin(), dirs.end());
  std::stringstream env(env_path);
  for (std::string entry; std::getline(env, entry, ':');)
    if (!entry.empty()) path.emplace_back(entry);
  std::error_code ec;
  const fs::path exe_dir = boost::dll::program_location(ec).parent_path();
  if (!ec) {
    path.push_back(exe_dir / "plugins");
    path.push_back(exe_dir.parent_path() / "lib" / "streamline" / "plugins");
  }
  return path;
}

void PluginRegistry::load_directories(const std::vector<fs::path>& dirs) {
  for (const auto& dir : dirs) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) continue;  // optional entries of the search path
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, ec))
      if (entry.path().extension() == ".so") files.push_back(entry.path());
    std::sort(files.begin(), files.end());  // deterministic: the same duplicate wins every time
    for (const auto& file : files) load_file(file);
  }
}

namespace {

// Loading runs the library's static initialisers; they are plugin code and
// may throw, so every step is guarded.
std::string check_descriptor(const PluginDescriptor& d, const fs::path& file) {
  const std::string where = "'" + file.string() + "'";
  if (d.abi_version != kAbiVersion) {
    const std::string name = d.name ? d.name : "?";
    return "plugin '" + name + "' (" + file.string() + ") was built for SDK ABI " +
           std::to_string(d.abi_version) + "; this engine provides " + std::to_string(kAbiVersion);
  }
  if (d.build_tag == nullptr || std::strcmp(d.build_tag, kBuildTag) != 0) {
    const std::string name = d.name ? d.name : "?";
    return "plugin '" + name + "' (" + file.string() + ") was built with " +
           (d.build_tag ? d.build_tag : "an unknown toolchain") + "; this engine was built with " +
           kBuildTag;
  }
  if (d.name == nullptr || *d.name == '\0') return where + " has a plugin descriptor without a name";
  if (d.make == nullptr) return where + " has a plugin descriptor without an entry function";
  return {};
}

// Boost.DLL reports only an error code; the dynamic loader knows why (wrong
// architecture, missing dependency, not an ELF file).
std::string dynamic_loader_error(const fs::path& file, const std::error_code& ec) {
  ::dlerror();
  if (void* handle = ::dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL)) {
    ::dlclose(handle);
    return ec.message();
  }
  const char* detail = ::dlerror();
  return detail ? detail : ec.message();
}

}  // namespace

const LoadedPlugin* PluginRegistry::load_file(const fs::path& file) {
  std::error_code ec;
  for (const auto& [loaded_name, plugin] : by_name_)
    if (fs::equivalent(plugin->path(), file, ec)) return plugin.get();
  auto loaded = load_library(file, file);
  if (!loaded) return nullptr;
  const std::string name = loaded->name();
  if (auto it = by_name_.find(name); it != by_name_.end()) {
    errors_.push_back({file, "two plugins are named '" + name + "': '" + it->second->path().string() + "' and '" +
                                 file.string() + "'; the second was not loaded"});
    return nullptr;
  }
  const LoadedPlugin* raw = loaded.get();
  by_name_.emplace(name, std::move(loaded));
  return raw;
}

std::unique_ptr<LoadedPlugin> PluginRegistry::load_library(const fs::path& library_file, const fs::path& file) {
  auto refuse = [&](std::string message) -> std::unique_ptr<LoadedPlugin> {
    errors_.push_back({file, std::move(message)});
    return nullptr;
  };
  std::error_code ec;
  if (!fs::exists(library_file, ec)) return refuse("plugin file '" + file.string() + "' does not exist");

  boost::dll::shared_library library;
  try {
    library.load(library_file, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, ec);
  } catch (const std::exception& e) {
    return refuse("cannot load '" + file.string() + "': " + e.what());
  }
  if (ec) return refuse("cannot load '" + file.string() + "': " + dynamic_loader_error(library_file, ec));
  if (!library.has(kDescriptorSymbol))
    return refuse("'" + file.string() + "' is not a streamline plugin (no '" + std::string(kDescriptorSymbol) +
                  "' symbol)");

  const auto& descriptor = library.get_alias<const PluginDescriptor>(kDescriptorSymbol);
  if (auto problem = check_descriptor(descriptor, file); !problem.empty()) return refuse(problem);

  const std::string name = descriptor.name;
  std::unique_ptr<Plugin> factory;
  try {
    factory = descriptor.make();
  } catch (const std::exception& e) {
    return refuse("plugin '" + name + "' (" + file.string() + ") failed to start: " + e.what());
  } catch (...) {
    return refuse("plugin '" + name + "' (" + file.string() + ") failed to start: unknown exception");
  }
  if (!factory) return refuse("plugin '" + name + "' (" + file.string() + ") returned no factory");
  return std::make_unique<LoadedPlugin>(std::move(library), fs::absolute(file), name,
                                        descriptor.version ? descriptor.version : "0", std::move(factory));
}

std::vector<std::string> PluginRegistry::reload_changed() {
  std::vector<std::string> reloaded;
  for (auto& [name, plugin] : by_name_) {
    const fs::path origin = plugin->path();
    const std::string stamp = file_stamp(origin);
    if (stamp.empty() || stamp == plugin->file_stamp()) continue;
    // A private copy, unlinked once mapped: a new path for the dynamic loader.
    std::error_code ec;
    fs::path copy = fs::temp_directory_path(ec) /
                    ("streamline-" + std::to_string(::getpid()) + "-" + std::to_string(replaced_.size()) + "-" +
                     origin.filename().string());
    if (!fs::copy_file(origin, copy, fs::copy_options::overwrite_existing, ec)) {
      errors_.push_back({origin, "plugin '" + name + "' changed on disk but cannot be copied to load it again: " +
                                     ec.message() + "; the loaded one stays"});
      continue;
    }
    auto fresh = load_library(copy, origin);
    fs::remove(copy, ec);
    if (!fresh) continue;  // its LoadError says why; the loaded one stays
    if (fresh->name() != name) {
      errors_.push_back({origin, "'" + origin.string() + "' now holds plugin '" + fresh->name() + "', not '" + name +
                                     "'; the loaded one stays"});
      continue;
    }
    fresh->set_file_stamp(stamp);
    reloaded.push_back("plugin '" + name + "' loaded again: " + origin.string() + " changed on disk (version " +
                       plugin->version() + " -> " + fresh->version() + ")");
    replaced_.push_back(std::exchange(plugin, std::move(fresh)));
  }
  return reloaded;
}

const LoadedPlugin* PluginRegistry::find(const std::string& name_or_path) {
  const bool is_path = name_or_path.find('/') != std::string::npos ||
                       (name_or_path.size() > 3 && name_or_path.ends_with(".so"));
  if (!is_path) {
    auto it = by_name_.find(name_or_path);
    return it == by_name_.end() ? nullptr : it->second.get();
  }
  std::error_code ec;
  for (const auto& [name, plugin] : by_name_)
    if (fs::equivalent(plugin->path(), name_or_path, ec)) return plugin.get();
  return load_file(name_or_path);
}

const LoadError* PluginRegistry::load_error_for(const std::string& name) const {
  for (const auto& error : errors_)
    if (error.path.stem() == name || error.path == fs::path(name)) return &error;
  return nullptr;
}

std::vector<const LoadedPlugin*> PluginRegistry::all() const {
  std::vector<const LoadedPlugin*> out;
  for (const auto& [name, plugin] : by_name_) out.push_back(plugin.get());
  return out;
}

}  // namespace streamline::engine
