#pragma once
// PluginLoader: finds plugin shared objects and loads them with Boost.DLL.
//
// Each shared object exports a plain-data PluginDescriptor. The loader reads
// it before calling any plugin code and refuses, with a message naming both
// sides, a plugin built for another SDK ABI version or another build tag
// (compiler, standard library, JSON library). Nothing a plugin file can do
// at load time (missing, not a shared object, no descriptor, throwing
// factory) crashes the engine: it becomes a LoadError.

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/dll/shared_library.hpp>

#include <streamline/plugin.hpp>

namespace streamline::engine {

// A loaded plugin: its library stays mapped as long as this lives.
// Member order matters: the factory is destroyed before the library unloads.
class LoadedPlugin {
 public:
  LoadedPlugin(boost::dll::shared_library library, std::filesystem::path path, std::string name,
               std::string version, std::unique_ptr<Plugin> factory);
  LoadedPlugin(const LoadedPlugin&) = delete;
  LoadedPlugin& operator=(const LoadedPlugin&) = delete;

  const std::string& name() const noexcept { return name_; }
  const std::string& version() const noexcept { return version_; }
  const std::filesystem::path& path() const noexcept { return path_; }
  // The file as it was loaded (inode, size, modification time): it differs
  // once the file was replaced on disk. Part of every stage's fingerprint.
  const std::string& file_stamp() const noexcept { return file_stamp_; }
  // Loaded from a private copy: the stamp is the original file's.
  void set_file_stamp(std::string stamp) { file_stamp_ = std::move(stamp); }
  const Plugin& factory() const noexcept { return *factory_; }
  // "plugin 'route' (/path/route.so)": prefix for messages about this plugin.
  std::string describe() const;

 private:
  boost::dll::shared_library library_;
  std::filesystem::path path_;
  std::string file_stamp_;
  std::string name_;
  std::string version_;
  std::unique_ptr<Plugin> factory_;
};

// inode, size and modification time of a file, as text; empty when it
// cannot be read.
std::string file_stamp(const std::filesystem::path& file);

struct LoadError {
  std::filesystem::path path;
  std::string message;  // full sentence naming the file
};

// The plugins available to a pipeline: every shared object found on the
// search path, indexed by the name in its descriptor.
class PluginRegistry {
 public:
  // Search path, in order: `dirs` (--plugin-dir), then STREAMLINE_PLUGIN_PATH
  // (colon separated, passed in by the CLI), then the defaults next to the
  // engine binary (<exe>/plugins, <exe>/../lib/streamline/plugins).
  static std::vector<std::filesystem::path> search_path(const std::vector<std::string>& dirs,
                                                        const std::string& env_path);

  // Loads every *.so in the directories. Failures are kept in load_errors().
  void load_directories(const std::vector<std::filesystem::path>& dirs);
  // Loads one file; nullptr and a LoadError when refused.
  const LoadedPlugin* load_file(const std::filesystem::path& file);
  // Hot reload: every loaded plugin whose file changed on disk since is
  // loaded again (from a private copy: the dynamic loader would hand back
  // the library already mapped under that path). The old one stays mapped
  // while the registry lives, for the stage instances still running it.
  // Returns one line per plugin reloaded; a file that no longer loads keeps
  // the old plugin and adds a LoadError.
  std::vector<std::string> reload_changed();

  // By descriptor name, or by path when `name_or_path` contains '/' or ends in ".so".
  const LoadedPlugin* find(const std::string& name_or_path);
  const std::vector<LoadError>& load_errors() const noexcept { return errors_; }
  // The load error of a file whose stem is `name` ("fraud" for fraud.so), if any.
  const LoadError* load_error_for(const std::string& name) const;
  std::vector<const LoadedPlugin*> all() const;

 private:
  // Loads `library_file` as the plugin of `origin` (they differ for a
  // private copy); nullptr and a LoadError when refused.
  std::unique_ptr<LoadedPlugin> load_library(const std::filesystem::path& library_file,
                                             const std::filesystem::path& origin);

  std::map<std::string, std::unique_ptr<LoadedPlugin>> by_name_;
  std::vector<std::unique_ptr<LoadedPlugin>> replaced_;  // mapped until the end
  std::vector<LoadError> errors_;
};

}  // namespace streamline::engine
