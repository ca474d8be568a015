#include "engine/config/diagnostic_format.hpp"

#include <cctype>

#include <nlohmann/json.hpp>

#include "engine/config/diagnostic_codes.hpp"

namespace streamline::engine {

namespace {

using OrderedJson = nlohmann::ordered_json;

const char* severity_name(Severity severity) {
  return severity == Severity::kError ? "error" : "warning";
}

std::string counted(std::size_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

// Indented JSON text. Messages quote the file's bytes (an unknown key, a
// value), which need not be UTF-8: invalid bytes become U+FFFD instead of
// the dump throwing and the report being lost (fuzz/, pipeline_config).
std::string dump_text(const OrderedJson& document) {
  return document.dump(2, ' ', false, OrderedJson::error_handler_t::replace) + "\n";
}

// The diagnostic's own file, or the file it was found in.
const std::string& file_of(const Diagnostic& d, const FileDiagnostics& f) {
  return d.location.file.empty() ? f.file : d.location.file;
}

// GitHub workflow commands: the message part escapes %, CR and LF; property
// values also ':' and ','.
std::string escape_github_data(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      default: out += c;
    }
  }
  return out;
}

std::string escape_github_property(std::string_view text) {
  std::string out;
  for (char c : escape_github_data(text)) {
    switch (c) {
      case ':': out += "%3A"; break;
      case ',': out += "%2C"; break;
      default: out += c;
    }
  }
  return out;
}

// A file path as a relative URI reference: unreserved characters and '/'
// stay, everything else is percent-encoded.
std::string path_to_uri(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

}  // namespace

std::optional<DiagnosticFormat> parse_diagnostic_format(std::string_view name) {
  if (name == "text") return DiagnosticFormat::kText;
  if (name == "json") return DiagnosticFormat::kJson;
  if (name == "github") return DiagnosticFormat::kGithub;
  if (name == "sarif") return DiagnosticFormat::kSarif;
  return std::nullopt;
}

std::string format_diagnostics(const std::vector<FileDiagnostics>& files, DiagnosticFormat format) {
  switch (format) {
    case DiagnosticFormat::kText: return format_text(files);
    case DiagnosticFormat::kJson: return format_json(files);
    case DiagnosticFormat::kGithub: return format_github(files);
    case DiagnosticFormat::kSarif: return format_sarif(files);
  }
  return {};
}

std::string format_text_diagnostic(const Diagnostic& d) {
  std::string out = d.location.file;
  if (d.location.line > 0) {
    out += ":" + std::to_string(d.location.line);
    if (d.location.column > 0) out += ":" + std::to_string(d.location.column);
  }
  out += std::string(": ") + severity_name(d.severity) + ": " + d.message;
  if (!d.code.empty()) out += " [" + d.code + "]";
  out += "\n";
  if (!d.path.empty()) out += "  at: " + d.path + "\n";
  if (!d.hint.empty()) out += "  hint: " + d.hint + "\n";
  return out;
}

std::string format_text(const std::vector<FileDiagnostics>& files) {
  std::string out;
  std::size_t errors = 0, warnings = 0;
  for (const auto& f : files) {
    bool file_has_errors = false;
    for (const auto& d : f.diagnostics) {
      Diagnostic located = d;
      located.location.file = file_of(d, f);
      out += format_text_diagnostic(located);
      if (d.severity == Severity::kError) {
        ++errors;
        file_has_errors = true;
      } else {
        ++warnings;
      }
    }
    if (!file_has_errors) out += f.file + ": OK\n";
  }
  out += counted(errors, "error") + ", " + counted(warnings, "warning") + " in " +
         counted(files.size(), "file") + "\n";
  return out;
}

std::string format_json(const std::vector<FileDiagnostics>& files) {
  auto all = OrderedJson::array();
  for (const auto& f : files)
    for (const auto& d : f.diagnostics)
      all.push_back(OrderedJson{{"file", file_of(d, f)},
                                {"line", d.location.line},
                                {"column", d.location.column},
                                {"severity", severity_name(d.severity)},
                                {"code", d.code},
                                {"message", d.message},
                                {"path", d.path},
                                {"hint", d.hint}});
  return dump_text(all);
}

std::string format_github(const std::vector<FileDiagnostics>& files) {
  std::string out;
  for (const auto& f : files) {
    for (const auto& d : f.diagnostics) {
      out += std::string("::") + severity_name(d.severity) +
             " file=" + escape_github_property(file_of(d, f));
      if (d.location.line > 0) {
        out += ",line=" + std::to_string(d.location.line);
        if (d.location.column > 0) out += ",col=" + std::to_string(d.location.column);
      }
      if (!d.code.empty()) out += ",title=" + escape_github_property(d.code);
      std::string message = d.message;
      if (!d.path.empty()) message += "\nat: " + d.path;
      if (!d.hint.empty()) message += "\nhint: " + d.hint;
      out += "::" + escape_github_data(message) + "\n";
    }
  }
  return out;
}

std::string format_sarif(const std::vector<FileDiagnostics>& files) {
  auto rules = OrderedJson::array();
  std::vector<std::string> rule_ids;
  auto rule_index = [&](const std::string& code) {
    for (std::size_t i = 0; i < rule_ids.size(); ++i)
      if (rule_ids[i] == code) return i;
    rule_ids.push_back(code);
    rules.push_back(OrderedJson{
        {"id", code},
        {"shortDescription", {{"text", std::string(codes::describe_code(code))}}}});
    return rule_ids.size() - 1;
  };

  auto results = OrderedJson::array();
  for (const auto& f : files) {
    for (const auto& d : f.diagnostics) {
      OrderedJson physical{{"artifactLocation", {{"uri", path_to_uri(file_of(d, f))}}}};
      if (d.location.line > 0) {
        OrderedJson region{{"startLine", d.location.line}};
        if (d.location.column > 0) region["startColumn"] = d.location.column;
        physical["region"] = std::move(region);
      }
      OrderedJson location{{"physicalLocation", std::move(physical)}};
      if (!d.path.empty())
        location["logicalLocations"] =
            OrderedJson::array({OrderedJson{{"fullyQualifiedName", d.path}}});
      std::string text = d.message;
      if (!d.hint.empty()) text += "\nhint: " + d.hint;
      results.push_back(OrderedJson{{"ruleId", d.code},
                                    {"ruleIndex", rule_index(d.code)},
                                    {"level", severity_name(d.severity)},
                                    {"message", {{"text", std::move(text)}}},
                                    {"locations", OrderedJson::array({std::move(location)})}});
    }
  }

  const OrderedJson sarif{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", OrderedJson::array({OrderedJson{
                   {"tool",
                    {{"driver",
                      {{"name", "streamline-engine"},
                       {"version", STREAMLINE_VERSION},
                       {"rules", std::move(rules)}}}}},
                   {"results", std::move(results)}}})}};
  return dump_text(sarif);
}

}  // namespace streamline::engine
