#pragma once
// The stable codes of every diagnostic the validator emits. Tools match on
// them (CI annotations, SARIF rules, editor integrations), so a code never
// changes meaning once released; describe_code() gives each a one-line
// summary for SARIF rule metadata and the docs.

#include <string_view>

namespace streamline::engine::codes {

// The file itself.
inline constexpr const char* kFileUnreadable = "file-unreadable";
inline constexpr const char* kYamlSyntax = "yaml-syntax";
inline constexpr const char* kDuplicateKey = "duplicate-key";
inline constexpr const char* kDuplicateStage = "duplicate-stage";
inline constexpr const char* kInvalidName = "invalid-name";
inline constexpr const char* kInvalidInput = "invalid-input";
inline constexpr const char* kEnvUnset = "env-unset";
inline constexpr const char* kEnvSyntax = "env-syntax";
// Keys and values checked against a spec (the engine's own or a plugin's).
inline constexpr const char* kUnknownKey = "unknown-key";
inline constexpr const char* kMissingOption = "missing-option";
inline constexpr const char* kWrongType = "wrong-type";
inline constexpr const char* kOutOfRange = "out-of-range";
inline constexpr const char* kNotAllowed = "not-allowed";
inline constexpr const char* kSecretInFile = "secret-in-file";
// Plugins.
inline constexpr const char* kUnknownPlugin = "unknown-plugin";
inline constexpr const char* kWrongKind = "wrong-kind";
inline constexpr const char* kInvalidConfig = "invalid-config";
inline constexpr const char* kConcurrencyNotAllowed = "concurrency-not-allowed";
inline constexpr const char* kPluginError = "plugin-error";
// The graph.
inline constexpr const char* kNoStages = "no-stages";
inline constexpr const char* kNoSource = "no-source";
inline constexpr const char* kGraphCycle = "graph-cycle";
inline constexpr const char* kUnknownInput = "unknown-input";
inline constexpr const char* kUnknownOutput = "unknown-output";
inline constexpr const char* kDuplicateInput = "duplicate-input";
inline constexpr const char* kSourceHasInputs = "source-has-inputs";
inline constexpr const char* kNoInputs = "no-inputs";
inline constexpr const char* kDanglingStage = "dangling-stage";
inline constexpr const char* kUnreachable = "unreachable";
inline constexpr const char* kInvalidDeadLetter = "invalid-dead-letter";

// One-line summary of a code; the code itself when it is not one of ours.
std::string_view describe_code(std::string_view code);

}  // namespace streamline::engine::codes
