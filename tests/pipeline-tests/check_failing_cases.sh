#!/usr/bin/env bash
# `engine test` on cases written to fail: exit code 1, the differences as
# the report prints them, and JUnit XML that parses and counts them; and a
# broken test file reported with file:line:column.
#   check_failing_cases.sh ENGINE WORK_DIR
set -euo pipefail
engine=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
cd "$here/../.."  # paths in the report are relative to the project

fail() { echo "FAILED: $*" >&2; exit 1; }

expect_line() {  # file, exact line
  grep -qxF -- "$2" "$1" || { cat "$1" >&2; fail "missing line: $2"; }
}

set +e
"$engine" test tests/pipeline-tests/failing_cases.yaml --junit "$work/failing.xml" >"$work/failing.txt" 2>&1
code=$?
set -e
[ "$code" = 1 ] || { cat "$work/failing.txt" >&2; fail "exit code $code, expected 1"; }
out="$work/failing.txt"
grep -qE '^  FAIL  a lifecycle event is expected on the created route \([0-9]+ ms\)$' "$out" || fail "no FAIL line for the route case"
expect_line "$out" "        outputs.route.created: expected 1 event, got 0"
expect_line "$out" "            the stage's other outputs: route.lifecycle (1 event)"
expect_line "$out" "        errors: expected {stage: unknown-refs, error: \"unknown user u-404\"}, not found"
expect_line "$out" "              error: expected \"unknown user u-404\", got \"unknown reference: user:u-404\""
expect_line "$out" "        errors: unexpected validate: \"field 'timestamp' is not an ISO-8601 timestamp: 'soon'\" for {\"event_id\":\"e3\",\"event_type\":\"ORDER_PAID\",\"order_id\":\"o3\",\"timestamp\":\"soon\",\"user_id\":\"u3\"}"
grep -qE '^  PASS  a case that passes \([0-9]+ ms\)$' "$out" || fail "no PASS line for the passing case"
expect_line "$out" "4 cases in 1 file: 1 passed, 3 failed"

python3 - "$work/failing.xml" <<'PY'
import sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuites", root.tag
assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "3", "0"), root.attrib
suites = root.findall("testsuite")
assert len(suites) == 1 and suites[0].get("name") == "tests/pipeline-tests/failing_cases.yaml", [s.attrib for s in suites]
cases = suites[0].findall("testcase")
assert [c.get("name") for c in cases] == [
    "a lifecycle event is expected on the created route",
    "the unknown user's error is expected with another text",
    "an error nobody expected fails the case",
    "a case that passes"], [c.get("name") for c in cases]
failures = [c.find("failure") for c in cases]
assert all(f is not None for f in failures[:3]) and failures[3] is None
assert failures[0].get("message") == "outputs.route.created: expected 1 event, got 0", failures[0].get("message")
assert cases[0].get("classname") == "pipeline-tests.failing_cases", cases[0].get("classname")
PY

set +e
"$engine" test tests/pipeline-tests/bad_test_file.yaml --junit "$work/bad.xml" >"$work/bad.txt" 2>&1
code=$?
set -e
[ "$code" = 1 ] || { cat "$work/bad.txt" >&2; fail "bad file: exit code $code, expected 1"; }
out="$work/bad.txt"
expect_line "$out" "  ERROR  the test file cannot run:"
expect_line "$out" "        tests/pipeline-tests/bad_test_file.yaml:7:3: error: doubles: the pipeline has no stage 'stor' [test-unknown-stage]"
expect_line "$out" "          hint: did you mean 'store'?"
expect_line "$out" "        tests/pipeline-tests/bad_test_file.yaml:15:9: error: case 'names that do not exist': unknown output 'route.craeted' [test-unknown-output]"
expect_line "$out" "          hint: did you mean 'route.created'?"
expect_line "$out" "        tests/pipeline-tests/bad_test_file.yaml:16:7: error: unknown key 'efects' [test-unknown-key]"
expect_line "$out" "0 cases in 1 file: 0 passed, 0 failed, 1 file could not run"
python3 - "$work/bad.xml" <<'PY'
import sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("1", "0", "1"), root.attrib
error = root.find("testsuite/testcase/error")
assert error is not None and "unknown stage" not in error.get("message")
assert error.get("message").startswith("tests/pipeline-tests/bad_test_file.yaml:7:3: error: doubles: the pipeline has no stage 'stor'"), error.get("message")
PY
echo "engine test reports failing cases and broken files as expected"
