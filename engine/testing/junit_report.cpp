#include "engine/testing/junit_report.hpp"

#include <cstdio>
#include <filesystem>

namespace streamline::engine {
namespace {

std::string seconds(double s) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", s);
  return buffer;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

// "pipelines/tests/orders/validation.yaml" -> "orders.validation": the
// class name CI tools group cases by.
std::string class_name(const std::string& file) {
  const std::filesystem::path path(file);
  const auto parent = path.parent_path().filename().string();
  const auto stem = path.stem().string();
  return parent.empty() ? stem : parent + "." + stem;
}

}  // namespace

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') out += '?';
        else out += c;
    }
  }
  return out;
}

std::string junit_xml(const std::vector<FileResult>& files) {
  std::size_t tests = 0, failures = 0, errors = 0;
  double total = 0;
  for (const auto& f : files) {
    tests += f.load_errors.empty() ? f.cases.size() : 1;
    errors += f.load_errors.empty() ? 0 : 1;
    for (const auto& c : f.cases) failures += c.passed ? 0 : 1;
    total += f.seconds;
  }
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += "<testsuites name=\"engine test\" tests=\"" + std::to_string(tests) + "\" failures=\"" +
         std::to_string(failures) + "\" errors=\"" + std::to_string(errors) + "\" time=\"" + seconds(total) + "\">\n";
  for (const auto& f : files) {
    std::size_t file_failures = 0;
    for (const auto& c : f.cases) file_failures += c.passed ? 0 : 1;
    const bool broken = !f.load_errors.empty();
    xml += "  <testsuite name=\"" + xml_escape(f.file) + "\" tests=\"" + std::to_string(broken ? 1 : f.cases.size()) +
           "\" failures=\"" + std::to_string(file_failures) + "\" errors=\"" + std::to_string(broken ? 1 : 0) +
           "\" time=\"" + seconds(f.seconds) + "\">\n";
    const std::string classname = xml_escape(class_name(f.file));
    if (broken) {
      xml += "    <testcase classname=\"" + classname + "\" name=\"(test file)\" file=\"" + xml_escape(f.file) +
             "\" time=\"0.000\">\n";
      xml += "      <error message=\"" + xml_escape(f.load_errors.front()) + "\" type=\"invalid test file\">" +
             xml_escape(joined(f.load_errors)) + "</error>\n";
      xml += "    </testcase>\n";
    }
    for (const auto& c : f.cases) {
      xml += "    <testcase classname=\"" + classname + "\" name=\"" + xml_escape(c.name) + "\" file=\"" +
             xml_escape(f.file) + "\" line=\"" + std::to_string(c.line) + "\" time=\"" + seconds(c.seconds) + "\"";
      if (c.passed) {
        xml += "/>\n";
        continue;
      }
      xml += ">\n";
      const std::string first = c.problems.empty() ? "failed" : c.problems.front().substr(0, c.problems.front().find('\n'));
      xml += "      <failure message=\"" + xml_escape(first) + "\" type=\"expectation\">" + xml_escape(joined(c.problems)) +
             "</failure>\n";
      if (!c.log.empty()) xml += "      <system-out>" + xml_escape(joined(c.log)) + "</system-out>\n";
      xml += "    </testcase>\n";
    }
    xml += "  </testsuite>\n";
  }
  xml += "</testsuites>\n";
  return xml;
}

}  // namespace streamline::engine
