#pragma once
// load_yaml_documents: YAML::LoadAll for a pipeline file, without yaml-cpp
// 0.7's endless loop.
//
// yaml-cpp 0.7 (Debian 12) loops forever, appending a null document per turn
// until memory runs out, when a document starts with a token no node starts
// with, e.g. a file that is just "," (jbeder/yaml-cpp#1040, fixed upstream by
// #1319 after 0.8; found by fuzz/pipeline_config). Its documents are read
// here one at a time: one that starts where the previous one did is that
// loop, and is a syntax error at that place instead.

#include <cstddef>
#include <string>

#include <yaml-cpp/yaml.h>

namespace streamline::engine {

// The documents of a YAML stream: the first one loaded, the others counted.
struct YamlDocuments {
  std::size_t count = 0;
  YAML::Node first;   // null when count is 0
  YAML::Mark second;  // where the second document starts, when count > 1
};

// Throws YAML::ParserException (as YAML::LoadAll does) on a syntax error.
YamlDocuments load_yaml_documents(const std::string& text);

}  // namespace streamline::engine
