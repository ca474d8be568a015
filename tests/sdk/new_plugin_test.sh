#!/usr/bin/env bash
# What a new plugin author does: install the SDK to a temporary prefix, run
# `engine new-plugin` for each kind, build each project against the installed
# SDK only, run its test with ctest, and run pipelines that load the new
# plugins, comparing their output exactly. Also: the command's usage errors,
# and a generated plugin built for another SDK ABI refused naming both ABIs.
#   new_plugin_test.sh BUILD_DIR SOURCE_DIR ENGINE
set -euo pipefail
build_dir=$1 source_dir=$2 engine=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
step() {  # step LOG COMMAND...: runs it, printing its log when it fails
  local log=$1; shift
  "$@" > "$log" 2>&1 || { local rc=$?; cat "$log" >&2; fail "$* (exit $rc)"; }
}
# expect_error EXIT_CODE FIRST_STDERR_LINE ARGS...: engine new-plugin fails as told.
expect_error() {
  local code=$1 message=$2; shift 2
  local rc=0
  (cd "$work" && "$engine" new-plugin "$@") > "$work/out.txt" 2> "$work/err.txt" || rc=$?
  [[ $rc == "$code" ]] || fail "new-plugin $* exited $rc, expected $code; stderr: $(cat "$work/err.txt")"
  [[ "$(head -n 1 "$work/err.txt")" == "$message" ]] ||
    fail "new-plugin $*: expected the message
$message
got:
$(cat "$work/err.txt")"
}

step "$work/install.log" cmake --install "$build_dir" --prefix "$work/prefix" --component Unspecified
passed=0

# ---- Usage -------------------------------------------------------------------
[[ "$("$engine" new-plugin --help | head -n 1)" == "usage: engine new-plugin NAME --kind source|processor|sink [--dir DIR]" ]] ||
  fail "new-plugin --help"
expect_error 2 "engine new-plugin: invalid plugin name 'Mask_Fields': use lowercase letters, digits and single dashes, starting with a letter and at most 64 characters (e.g. mask-fields)" \
  Mask_Fields --kind processor
expect_error 2 "engine new-plugin: unknown kind 'filter': use source, processor or sink" mask --kind filter
expect_error 2 "engine new-plugin: missing --kind: source, processor or sink" mask
expect_error 2 "engine new-plugin: missing the plugin NAME" --kind sink
mkdir -p "$work/taken" && touch "$work/taken/notes.txt"
expect_error 1 "engine new-plugin: '$work/taken' exists and is not empty; choose another --dir or remove it" \
  mask --kind sink --dir "$work/taken"
expect_error 1 "engine new-plugin: a plugin named 'route' is already installed ($(dirname "$engine")/plugins/route.so); the engine would refuse a second one: choose another name" \
  route --kind processor
[[ ! -e "$work/mask" && ! -e "$work/route" ]] || fail "a refused new-plugin wrote files"
passed=$((passed + 1))

# ---- One project per kind ----------------------------------------------------
declare -A plugin_of=([source]=hello-source [processor]=tag-events [sink]=line-sink)
declare -A tests_of=([source]="13 passed, 0 failed" [processor]="8 passed, 0 failed" [sink]="9 passed, 0 failed")
for kind in source processor sink; do
  name=${plugin_of[$kind]}
  ident=${name//-/_}
  project=$work/projects/$name
  step "$work/new-$kind.log" "$engine" new-plugin "$name" --kind "$kind" --dir "$project"
  [[ "$(head -n 1 "$work/new-$kind.log")" == "created $kind plugin '$name' in $project:" ]] ||
    fail "new-plugin $name printed: $(cat "$work/new-$kind.log")"
  for file in CMakeLists.txt README.md "src/$ident.hpp" "src/$ident.cpp" src/export.cpp "test/${ident}_test.cpp" pipeline.yaml; do
    [[ -s "$project/$file" ]] || fail "new-plugin $name did not write $file"
  done

  # Built against the installed SDK only, warnings as errors.
  step "$work/configure-$kind.log" cmake -S "$project" -B "$project/build" -G Ninja \
    -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_CXX_FLAGS="-Wall -Wextra -Wpedantic -Werror"
  step "$work/build-$kind.log" cmake --build "$project/build" -j2
  if grep -q -- "-I$source_dir" "$project/build/build.ninja"; then
    fail "$name was built against the source tree, not the installed SDK"
  fi
  [[ -f "$project/build/$name.so" ]] || fail "no $project/build/$name.so"

  # Its own test, through ctest.
  step "$work/ctest-$kind.log" ctest --test-dir "$project/build" --output-on-failure
  grep -qF "100% tests passed, 0 tests failed out of 1" "$work/ctest-$kind.log" || fail "ctest ran no test for $name"
  [[ "$("$project/build/${ident}_test")" == "${tests_of[$kind]}" ]] ||
    fail "${ident}_test did not print ${tests_of[$kind]}"

  # Its README: the reference page the engine renders from the built plugin's
  # spec (head and Options section).
  "$engine" plugins describe "$name" --format markdown --plugin-dir "$project/build" > "$work/describe-$kind.md"
  sed -n '/^# /,/^## Options$/p' "$work/describe-$kind.md" | sed '$d' > "$work/head-expected.md"
  head -n "$(wc -l < "$work/head-expected.md")" "$project/README.md" > "$work/head-actual.md"
  diff "$work/head-expected.md" "$work/head-actual.md" >&2 || fail "$name's README head differs from describe"
  sed -n '/^## Options$/,$p' "$work/describe-$kind.md" > "$work/options-expected.md"
  sed -n '/^## Options$/,$p' "$project/README.md" > "$work/options-actual.md"
  diff "$work/options-expected.md" "$work/options-actual.md" >&2 || fail "$name's README options differ from describe"

  # Its own example pipeline.
  OUT_DIR="$work/out-$kind" "$engine" run "$project/pipeline.yaml" --plugin-dir "$project/build" > "$work/run-$kind.log" 2>&1 ||
    { cat "$work/run-$kind.log" >&2; fail "engine run $name's pipeline.yaml"; }
  [[ $(wc -l < "$work/out-$kind/$name.jsonl") == 3 ]] || fail "$name's pipeline did not write 3 events"
  passed=$((passed + 1))
done
[[ "$(cat "$work/out-source/hello-source.jsonl")" == '{"message":"hello","seq":0}
{"message":"hello","seq":1}
{"message":"hello","seq":2}' ]] || fail "hello-source's pipeline output: $(cat "$work/out-source/hello-source.jsonl")"

# ---- The three new plugins in one pipeline -----------------------------------
cat > "$work/all.yaml" <<'YAML'
stages:
  greetings: { plugin: hello-source, config: { count: 4, message: hi } }
  tag: { plugin: tag-events, inputs: [greetings], config: { field: checked_by, value: ci } }
  lines: { plugin: line-sink, inputs: [tag], config: { path: "${OUT_DIR}/all.jsonl" } }
YAML
dirs=(--plugin-dir "$work/projects/hello-source/build" --plugin-dir "$work/projects/tag-events/build"
      --plugin-dir "$work/projects/line-sink/build")
OUT_DIR="$work/out-all" "$engine" run "$work/all.yaml" "${dirs[@]}" > "$work/run-all.log" 2>&1 ||
  { cat "$work/run-all.log" >&2; fail "engine run of hello-source -> tag-events -> line-sink"; }
# Members keep their order; the processor's field comes last.
expected='{"message":"hi","seq":0,"checked_by":"ci"}
{"message":"hi","seq":1,"checked_by":"ci"}
{"message":"hi","seq":2,"checked_by":"ci"}
{"message":"hi","seq":3,"checked_by":"ci"}'
[[ "$(cat "$work/out-all/all.jsonl")" == "$expected" ]] ||
  fail "hello-source -> tag-events -> line-sink wrote:
$(cat "$work/out-all/all.jsonl")
expected:
$expected"
grep -qF "greetings [hello-source] in=4 out=4 dropped=0 failed=0 emitted=4 acked=4 in_flight=0 committed=hello-source/0@4" \
  "$work/run-all.log" || { cat "$work/run-all.log" >&2; fail "the source's events were not all acknowledged and committed"; }
passed=$((passed + 1))

# ---- Another SDK ABI is refused, naming both ---------------------------------
engine_abi=$("$engine" version | sed -n 's/.*(SDK ABI \([0-9]*\),.*/\1/p')
[[ -n $engine_abi ]] || fail "engine version names no SDK ABI: $("$engine" version)"
other_abi=$((engine_abi + 1))
step "$work/configure-abi.log" cmake -S "$work/projects/tag-events" -B "$work/abi-build" -G Ninja \
  -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_CXX_FLAGS="-DSTREAMLINE_ABI_VERSION=$other_abi"
step "$work/build-abi.log" cmake --build "$work/abi-build" -j2 --target plugin_tag-events
rc=0
OUT_DIR="$work/out-abi" "$engine" validate "$work/projects/tag-events/pipeline.yaml" --plugin-dir "$work/abi-build" \
  > "$work/abi.log" 2>&1 || rc=$?
[[ $rc == 1 ]] || { cat "$work/abi.log" >&2; fail "validate accepted a plugin built for SDK ABI $other_abi (exit $rc)"; }
grep -qxF "  hint: a plugin file was found but refused: plugin 'tag-events' ($work/abi-build/tag-events.so) was built for SDK ABI $other_abi; this engine provides $engine_abi" \
  "$work/abi.log" || { cat "$work/abi.log" >&2; fail "the refusal does not name both SDK ABIs"; }
passed=$((passed + 1))

echo "engine new-plugin: usage errors, 3 kinds generated, built against the installed SDK, tested and run, other ABI refused: $passed passed, 0 failed"
