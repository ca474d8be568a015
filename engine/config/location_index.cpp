#include "engine/config/location_index.hpp"

#include "engine/config/config_path.hpp"
#include "engine/config/yaml_location.hpp"

namespace streamline::engine {

namespace {

struct LocationWalk {
  const std::string& file;
  std::map<std::string, SourceLocation> locations;

  void visit(const YAML::Node& node, const std::string& path) {
    if (node.IsMap()) {
      for (const auto& entry : node) {
        if (!entry.first.IsScalar()) continue;
        const std::string child = join_path(path, entry.first.Scalar());
        const YAML::Node& anchor = entry.second.IsScalar() ? entry.second : entry.first;
        locations.emplace(child, location_of_mark(file, anchor.Mark()));
        visit(entry.second, child);
      }
    } else if (node.IsSequence()) {
      std::size_t index = 0;
      for (const auto& item : node) {
        const std::string child = join_path(path, index++);
        locations.emplace(child, location_of_mark(file, item.Mark()));
        visit(item, child);
      }
    }
  }
};

}  // namespace

std::map<std::string, SourceLocation> index_locations(const YAML::Node& root,
                                                      const std::string& file) {
  LocationWalk walk{file, {}};
  walk.visit(root, "");
  return std::move(walk.locations);
}

}  // namespace streamline::engine
