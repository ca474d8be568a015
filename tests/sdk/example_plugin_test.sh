#!/usr/bin/env bash
# The example plugin (sdk/examples/mask-fields), built the way its README
# says: install the SDK to a temporary prefix, build the plugin and its test
# against the installed SDK only, run the test, then run its pipeline
# (generate -> mask-fields -> file-sink) and compare the output exactly.
#   example_plugin_test.sh BUILD_DIR SOURCE_DIR ENGINE
set -euo pipefail
build_dir=$1 source_dir=$2 engine=$3
example=$source_dir/sdk/examples/mask-fields
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# Prints a step's log when it fails, so ctest's output says why.
step() {
  local log=$1; shift
  "$@" > "$log" 2>&1 || { cat "$log" >&2; fail "$* (exit $?)"; }
}

step "$work/install.log" cmake --install "$build_dir" --prefix "$work/prefix" --component Unspecified
# A copy, so nothing of the source tree is on the include path but the SDK's.
cp -r "$example" "$work/mask-fields"
step "$work/configure.log" cmake -S "$work/mask-fields" -B "$work/build" -G Ninja \
  -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_CXX_FLAGS="-Wall -Wextra -Wpedantic -Werror"
step "$work/build.log" cmake --build "$work/build" -j2
if grep -q -- "-I$source_dir" "$work/build/build.ninja"; then
  fail "the example was built against the source tree, not the installed SDK"
fi

# Its own test, through ctest as an author runs it.
step "$work/ctest.log" ctest --test-dir "$work/build" --output-on-failure
grep -qF "100% tests passed, 0 tests failed out of 1" "$work/ctest.log" || fail "ctest ran no test"
[[ "$("$work/build/mask_fields_test")" == "13 passed, 0 failed" ]] || fail "mask_fields_test did not report 13 passed, 0 failed"

# The README's options table is the engine's rendering of the spec.
"$engine" plugins describe mask-fields --format markdown --plugin-dir "$work/build" | sed -n '/^## Options$/,$p' \
  > "$work/options.md"
grep -qxF "| \`fields\` | list<string> |  | yes | Fields to mask, as dotted paths of object keys. (example: [card.number, user.email]) |" \
  "$work/options.md" || fail "describe did not render the fields option"
readme_options=$(sed -n '/^## Options$/,/^## Files$/p' "$example/README.md" | sed '$d' | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}')
diff <(printf '%s\n' "$readme_options") "$work/options.md" > "$work/options.diff" ||
  { cat "$work/options.diff" >&2; fail "the README's options table is stale: paste the output of \`engine plugins describe mask-fields --format markdown\`"; }

# The pipeline, with the engine loading the example from its build folder.
OUT_DIR="$work/out" "$engine" run "$example/pipeline.yaml" --plugin-dir "$work/build" > "$work/run.log" 2>&1 ||
  { cat "$work/run.log" >&2; fail "engine run exited $?"; }
expected='{"amount":269.43,"country":"***L","id":0,"seq":0,"type":"ORDER_DELIVERED","user_id":"***"}
{"amount":323.96,"country":"***R","id":1,"seq":1,"type":"ORDER_DELIVERED","user_id":"***"}
{"amount":371.43,"country":"***R","id":2,"seq":2,"type":"ORDER_PAID","user_id":"***"}'
actual=$(cat "$work/out/masked.jsonl")
[[ "$actual" == "$expected" ]] || fail "masked.jsonl differs; expected:
$expected
got:
$actual"
grep -qF "mask [mask-fields] in=3 out=3 dropped=0 failed=0" "$work/run.log" ||
  { cat "$work/run.log" >&2; fail "the engine's summary does not show mask-fields passing 3 events"; }
echo "example plugin mask-fields: built against the installed SDK, its test passed, its pipeline wrote 3 masked events"
