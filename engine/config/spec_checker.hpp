#pragma once
// Checks a YAML block against a ConfigSpec and turns it into the JSON a
// plugin sees: types converted (durations to integer milliseconds), defaults
// filled in. Every problem is reported, with the exact location of the key or
// value and its config path; checking goes on after the first.
//
// The engine's own settings (stage batch/retry, pipeline:) are declared as
// ConfigSpecs too (engine_spec.hpp), so they are checked by this same code
// and their errors read the same.

#include <set>
#include <string>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <streamline/config_spec.hpp>

#include "engine/config/diagnostic.hpp"

namespace streamline::engine {

struct SpecCheckContext {
  std::string file;
  // Source offsets of scalars whose value came from ${...} (see
  // interpolate_document); a secret option written literally in the file is
  // warned about. Null: no such warning.
  const std::set<int>* from_environment = nullptr;
};

// `node` is the block (null counts as empty); `path` its config path
// ("stages.fraud.config"); `anchor` where to report problems of the block as
// a whole, such as a missing required option.
//
// The result holds every value that checked out plus the defaults of absent
// options; an absent object option without a default gets its fields'
// defaults when none of its fields is required.
nlohmann::json check_config(const YAML::Node& node, const ConfigSpec& spec, const std::string& path,
                            const SourceLocation& anchor, const SpecCheckContext& context,
                            Diagnostics& diags);

// The value an absent option takes, if any (see check_config).
std::optional<nlohmann::json> default_for(const Option& option);

}  // namespace streamline::engine
