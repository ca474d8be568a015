#include "engine/config/diagnostic_codes.hpp"

#include <utility>

namespace streamline::engine::codes {

namespace {

constexpr std::pair<std::string_view, std::string_view> kSummaries[] = {
    {kFileUnreadable, "The pipeline file cannot be read."},
    {kYamlSyntax, "The file is not valid YAML."},
    {kDuplicateKey, "A key appears twice in the same map."},
    {kDuplicateStage, "Two stages have the same name."},
    {kInvalidName, "A stage or resource name has characters that are not allowed."},
    {kInvalidInput, "An inputs entry is not of the form stage or stage.output."},
    {kEnvUnset, "An environment variable is referenced but not set and has no default."},
    {kEnvSyntax, "A ${...} reference is malformed."},
    {kUnknownKey, "A key that is not a known option."},
    {kMissingOption, "A required option is missing."},
    {kWrongType, "A value has the wrong type."},
    {kOutOfRange, "A number or duration is outside its allowed range."},
    {kNotAllowed, "A value is not one of the allowed values."},
    {kSecretInFile, "A secret option is written in the file instead of read from the environment."},
    {kUnknownPlugin, "No plugin of this name was found on the plugin path."},
    {kWrongKind, "A stage uses a resource plugin, or a resource uses a stage plugin."},
    {kInvalidConfig, "The plugin's own check rejected its configuration."},
    {kConcurrencyNotAllowed, "The plugin does not allow more than one instance."},
    {kPluginError, "Plugin code threw while the configuration was checked."},
    {kNoStages, "The pipeline has no stages."},
    {kNoSource, "The pipeline has no source stage."},
    {kGraphCycle, "Stages read from each other in a cycle."},
    {kUnknownInput, "An input names a stage that does not exist."},
    {kUnknownOutput, "An input names an output the stage does not have."},
    {kDuplicateInput, "A stage lists the same input twice."},
    {kSourceHasInputs, "A source stage has inputs."},
    {kNoInputs, "A processor or sink has no inputs."},
    {kDanglingStage, "No stage reads from a stage that is not a sink."},
    {kUnreachable, "No source feeds the stage."},
    {kInvalidDeadLetter, "pipeline.dead_letter does not name a stage that can receive failures."},
};

}  // namespace

std::string_view describe_code(std::string_view code) {
  for (const auto& [id, summary] : kSummaries)
    if (id == code) return summary;
  return code;
}

}  // namespace streamline::engine::codes
