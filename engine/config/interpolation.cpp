#include "engine/config/interpolation.hpp"

#include <cctype>

#include "engine/config/config_path.hpp"
#include "engine/config/diagnostic_codes.hpp"
#include "engine/config/yaml_location.hpp"

namespace streamline::engine {

namespace {

bool is_variable_name(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front()))) return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

// A reference's text as a message may quote it: what looks like a URL or a
// DSN (it may hold a password: `${postgresql://app:secret@db}`) or is long
// is left out. The diagnostic's line and column say where it is.
std::string shown(std::string_view text) {
  constexpr std::size_t kLongest = 40;
  if (text.size() > kLongest || text.find_first_of(":@/= ") != std::string_view::npos) return "${...}";
  return "${" + std::string(text) + "}";
}

// The variable name an unterminated "${" starts with: its leading name
// characters only (what follows may be a default with a password).
std::string leading_name(std::string_view text) {
  std::size_t end = 0;
  while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) ++end;
  return std::string(text.substr(0, end));
}

// Expands one reference: the text between "${" and "}".
void expand(std::string_view reference, const EnvLookup& env, Interpolated& out) {
  const std::size_t separator = reference.find(":-");
  const std::string name(reference.substr(0, separator));
  if (!is_variable_name(name)) {
    out.errors.push_back({codes::kEnvSyntax,
                          name.empty() ? "empty variable name in '" + shown(reference) + "'"
                                       : "invalid variable name in '" + shown(reference) + "'",
                          "names are letters, digits and '_', not starting with a digit; "
                          "write $${ for a literal ${"});
    return;
  }
  out.used_environment = true;
  const std::optional<std::string> value = env ? env(name) : std::nullopt;
  if (separator == std::string_view::npos) {
    if (value) {
      out.text += *value;
    } else {
      out.errors.push_back({codes::kEnvUnset,
                            "environment variable '" + name + "' is not set and has no default",
                            "set it or write ${" + name + ":-value}"});
    }
    return;
  }
  // Like the shell's ${VAR:-default}: an empty value also takes the default.
  out.text += (value && !value->empty()) ? *value : std::string(reference.substr(separator + 2));
}

struct DocumentWalk {
  const EnvLookup& env;
  const std::string& file;
  Diagnostics& diags;
  std::set<int> rewritten;  // positions of scalars already expanded
  std::set<int> from_environment;

  void visit(YAML::Node node, const std::string& path) {
    if (node.IsMap()) {
      for (auto it = node.begin(); it != node.end(); ++it)
        visit(it->second, join_path(path, it->first.Scalar()));
    } else if (node.IsSequence()) {
      std::size_t index = 0;
      for (auto it = node.begin(); it != node.end(); ++it) visit(*it, join_path(path, index++));
    } else if (node.IsScalar()) {
      visit_scalar(node, path);
    }
  }

  void visit_scalar(YAML::Node node, const std::string& path) {
    const std::string& original = node.Scalar();
    if (original.find('$') == std::string::npos) return;
    // An alias shares its anchor's node: expanding it twice would turn an
    // escaped "$${" into a reference on the second pass.
    const int position = node.Mark().pos;
    if (!rewritten.insert(position).second) return;
    Interpolated result = interpolate(original, env);
    for (auto& error : result.errors)
      diags.push_back({Severity::kError, std::move(error.code), std::move(error.message), path,
                       location_of_mark(file, node.Mark()), std::move(error.hint)});
    if (result.used_environment) from_environment.insert(position);
    if (result.text != original) node = result.text;  // keeps the node's mark and tag
  }
};

}  // namespace

Interpolated interpolate(std::string_view text, const EnvLookup& env) {
  Interpolated out;
  out.text.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 3, "$${") == 0) {
      out.text += "${";
      i += 3;
      continue;
    }
    if (text.compare(i, 2, "${") != 0) {
      out.text += text[i++];
      continue;
    }
    const std::size_t close = text.find('}', i + 2);
    if (close == std::string_view::npos) {
      out.errors.push_back({codes::kEnvSyntax,
                            "unterminated '${" + leading_name(text.substr(i + 2)) + "': no closing '}'",
                            "close it with '}' or write $${ for a literal ${"});
      out.text += text.substr(i);
      break;
    }
    expand(text.substr(i + 2, close - i - 2), env, out);
    i = close + 1;
  }
  return out;
}

std::set<int> interpolate_document(YAML::Node& root, const EnvLookup& env, const std::string& file,
                                   Diagnostics& diags) {
  DocumentWalk walk{env, file, diags, {}, {}};
  walk.visit(root, "");
  return std::move(walk.from_environment);
}

}  // namespace streamline::engine
