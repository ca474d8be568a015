#pragma once
// JUnit XML, the format CI systems (GitHub Actions reporters, GitLab,
// Jenkins) read test results from: one <testsuite> per test file, one
// <testcase> per case; a failed case has a <failure>, a file that could not
// run has one <testcase> with an <error> saying why.

#include <string>
#include <vector>

#include "engine/testing/test_results.hpp"

namespace streamline::engine {

std::string junit_xml(const std::vector<FileResult>& files);

// Text escaped for XML attributes and content; characters XML 1.0 cannot
// hold (control characters) become '?'.
std::string xml_escape(const std::string& text);

}  // namespace streamline::engine
