#include "engine/reload/reload_report.hpp"

#include <cmath>
#include <ctime>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace streamline::engine {
namespace {

double milliseconds(std::chrono::microseconds us) { return std::round(static_cast<double>(us.count()) / 100.0) / 10.0; }

std::string iso_time(std::chrono::system_clock::time_point at) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  return fmt::format("{}.{:03}Z", text, ms % 1000);
}

}  // namespace

std::string ReloadReport::json() const {
  nlohmann::ordered_json doc;
  doc["trigger"] = trigger;
  doc["result"] = result;
  doc["file"] = file;
  doc["at"] = iso_time(at);
  doc["took_ms"] = milliseconds(took);
  if (result == "applied") doc["pause_ms"] = milliseconds(pause);
  if (result == "applied" || result == "failed") {
    doc["kept"] = diff.stages.kept;
    doc["restarted"] = diff.stages.restarted;
    doc["added"] = diff.stages.added;
    doc["removed"] = diff.stages.removed;
  }
  if (!error.empty()) doc["error"] = error;
  if (result == "invalid") {
    auto errors_json = nlohmann::ordered_json::array();
    for (const Diagnostic& d : errors) {
      nlohmann::ordered_json e;
      e["file"] = d.location.file.empty() ? file : d.location.file;
      e["line"] = d.location.line;
      e["column"] = d.location.column;
      e["severity"] = d.severity == Severity::kError ? "error" : "warning";
      e["code"] = d.code;
      e["message"] = d.message;
      if (!d.path.empty()) e["path"] = d.path;
      if (!d.hint.empty()) e["hint"] = d.hint;
      errors_json.push_back(std::move(e));
    }
    doc["errors"] = std::move(errors_json);
  }
  return doc.dump();
}

std::string ReloadReport::summary() const {
  const auto ms = [](std::chrono::microseconds us) { return static_cast<long long>(std::llround(us.count() / 1000.0)); };
  std::string out = fmt::format("reload ({}): {} in {} ms", trigger, result, ms(took));
  if (result == "applied") out += fmt::format(", paused {} ms: {}", ms(pause), diff.summary());
  if (result == "unchanged") out += ": the running pipeline already is this config";
  if (result == "invalid") {
    std::size_t n = 0;
    for (const Diagnostic& d : errors) n += d.severity == Severity::kError ? 1 : 0;
    out += fmt::format(": {} error(s) in {}; the running pipeline goes on unchanged", n, file);
  }
  if (result == "failed")
    out += ": " + error + (pause.count() == 0 ? "; the running pipeline goes on unchanged" : "");
  return out;
}

}  // namespace streamline::engine
