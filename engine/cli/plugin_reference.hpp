#pragma once
// A plugin's reference page, rendered from its declared ConfigSpec: the text
// `engine plugins describe NAME` prints and the markdown under docs/reference/.
// One source for both, so the docs cannot drift from the code.

#include <string>

#include <streamline/plugin.hpp>

namespace streamline::engine {

struct PluginIdentity {
  std::string name;
  std::string version;
};

std::string render_reference_text(const PluginIdentity& id, const Plugin& plugin);
std::string render_reference_markdown(const PluginIdentity& id, const Plugin& plugin);

}  // namespace streamline::engine
