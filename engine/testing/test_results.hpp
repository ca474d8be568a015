#pragma once
// The results of `engine test`, per file and per case, as both the terminal
// report and the JUnit XML are written from them.

#include <string>
#include <vector>

namespace streamline::engine {

struct CaseResult {
  std::string name;
  int line = 0;                       // of the case in its file
  bool passed = false;
  std::vector<std::string> problems;  // why it failed (case_verdict.hpp)
  std::vector<std::string> log;       // what the engine logged (warnings, errors)
  double seconds = 0;
};

struct FileResult {
  std::string file;
  // Problems that kept the file from running (bad test file, invalid
  // pipeline), as "file:line:column: error: message" lines.
  std::vector<std::string> load_errors;
  std::vector<CaseResult> cases;
  double seconds = 0;
};

}  // namespace streamline::engine
