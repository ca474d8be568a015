#include "engine/config/duplicate_keys.hpp"

#include <map>

#include "engine/config/config_path.hpp"
#include "engine/config/diagnostic_codes.hpp"
#include "engine/config/yaml_location.hpp"

namespace streamline::engine {

namespace {

Diagnostic duplicate(const std::string& map_path, const std::string& key, int first_line,
                     SourceLocation second) {
  const std::string lines =
      "on lines " + std::to_string(first_line) + " and " + std::to_string(second.line);
  Diagnostic d;
  d.path = join_path(map_path, key);
  d.location = std::move(second);
  if (map_path == "stages") {
    d.code = codes::kDuplicateStage;
    d.message = "stage '" + key + "' is defined twice, " + lines;
    d.hint = "stage names must be unique; rename one of them";
  } else if (map_path == "resources") {
    d.code = codes::kDuplicateKey;
    d.message = "resource '" + key + "' is defined twice, " + lines;
    d.hint = "resource names must be unique; rename one of them";
  } else {
    d.code = codes::kDuplicateKey;
    d.message = "key '" + key + "' appears twice, " + lines;
    d.hint = "a YAML map cannot repeat a key; remove one of them";
  }
  return d;
}

void visit(const YAML::Node& node, const std::string& path, const std::string& file,
           Diagnostics& diags) {
  if (node.IsMap()) {
    std::map<std::string, int> first_line;
    for (const auto& entry : node) {
      if (!entry.first.IsScalar()) continue;
      const std::string& key = entry.first.Scalar();
      const SourceLocation where = location_of_mark(file, entry.first.Mark());
      auto [seen, inserted] = first_line.emplace(key, where.line);
      if (!inserted) diags.push_back(duplicate(path, key, seen->second, where));
      else visit(entry.second, join_path(path, key), file, diags);
    }
  } else if (node.IsSequence()) {
    std::size_t index = 0;
    for (const auto& item : node) visit(item, join_path(path, index++), file, diags);
  }
}

}  // namespace

void check_duplicate_keys(const YAML::Node& root, const std::string& file, Diagnostics& diags) {
  visit(root, "", file, diags);
}

}  // namespace streamline::engine
