#pragma once
// The files `engine new-plugin` writes: a plugin project that builds against
// the installed SDK (find_package(StreamlineSDK) and streamline_add_plugin),
// tests itself with the SDK's harness and loads in the engine as is.
//
// The templates are plain text with three placeholders, filled from the
// plugin's name: @NAME@ (mask-fields), @IDENT@ (mask_fields: file names,
// metric names, the namespace) and @CLASS@ (MaskFields: class names).

#include <string>
#include <vector>

#include <streamline/plugin.hpp>

namespace streamline::engine {

struct PluginProjectNames {
  std::string name;        // the plugin's name, as pipelines write it
  std::string identifier;  // name with '-' as '_'
  std::string class_name;  // name in CamelCase
};

// mask-fields -> {mask-fields, mask_fields, MaskFields}. The name must be
// valid (see is_valid_plugin_name).
PluginProjectNames plugin_project_names(const std::string& name);

// Lowercase letters, digits and single dashes, starting with a letter and
// not ending with a dash, at most 64 characters.
bool is_valid_plugin_name(const std::string& name);

struct ProjectFile {
  std::string path;     // relative to the project directory
  std::string content;
};

// Every file of a new plugin project of `kind` (source, processor or sink),
// in the order they are listed to the user.
std::vector<ProjectFile> render_plugin_project(const PluginProjectNames& names, PluginKind kind);

}  // namespace streamline::engine
