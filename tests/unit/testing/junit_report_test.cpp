#include "engine/testing/junit_report.hpp"

#include <gtest/gtest.h>

namespace streamline::engine {
namespace {

TEST(JunitReport, OneSuitePerFileOneCasePerCaseAndAnErrorForABrokenFile) {
  FileResult ok{"pipelines/tests/orders/fraud.yaml", {}, {}, 0.25};
  ok.cases.push_back(CaseResult{"passes", 12, true, {}, {}, 0.01});
  ok.cases.push_back(CaseResult{"fails <badly> & \"loud\"", 30, false,
                                {"outputs.fraud[0] d: expected \"a\", got \"b\"\n    got: {}", "second"},
                                {"warn fraud/fraud: slow"}, 0.02});
  FileResult broken{"t/bad.yaml", {"t/bad.yaml:3:1: error: unknown key 'x' [test-unknown-key]"}, {}, 0.001};
  EXPECT_EQ(junit_xml({ok, broken}),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<testsuites name=\"engine test\" tests=\"3\" failures=\"1\" errors=\"1\" time=\"0.251\">\n"
            "  <testsuite name=\"pipelines/tests/orders/fraud.yaml\" tests=\"2\" failures=\"1\" errors=\"0\" time=\"0.250\">\n"
            "    <testcase classname=\"orders.fraud\" name=\"passes\" file=\"pipelines/tests/orders/fraud.yaml\" "
            "line=\"12\" time=\"0.010\"/>\n"
            "    <testcase classname=\"orders.fraud\" name=\"fails &lt;badly&gt; &amp; &quot;loud&quot;\" "
            "file=\"pipelines/tests/orders/fraud.yaml\" line=\"30\" time=\"0.020\">\n"
            "      <failure message=\"outputs.fraud[0] d: expected &quot;a&quot;, got &quot;b&quot;\" type=\"expectation\">"
            "outputs.fraud[0] d: expected &quot;a&quot;, got &quot;b&quot;\n    got: {}\nsecond\n</failure>\n"
            "      <system-out>warn fraud/fraud: slow\n</system-out>\n"
            "    </testcase>\n"
            "  </testsuite>\n"
            "  <testsuite name=\"t/bad.yaml\" tests=\"1\" failures=\"0\" errors=\"1\" time=\"0.001\">\n"
            "    <testcase classname=\"t.bad\" name=\"(test file)\" file=\"t/bad.yaml\" time=\"0.000\">\n"
            "      <error message=\"t/bad.yaml:3:1: error: unknown key &apos;x&apos; [test-unknown-key]\" "
            "type=\"invalid test file\">t/bad.yaml:3:1: error: unknown key &apos;x&apos; [test-unknown-key]\n</error>\n"
            "    </testcase>\n"
            "  </testsuite>\n"
            "</testsuites>\n");
}

TEST(JunitReport, ControlCharactersCannotBreakTheXml) {
  EXPECT_EQ(xml_escape(std::string("a\x01" "b\tc\n")), "a?b\tc\n");
}

}  // namespace
}  // namespace streamline::engine
