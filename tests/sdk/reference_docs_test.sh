#!/usr/bin/env bash
# docs/reference/ is what the shipped plugins' specs render: regenerate it
# into a temporary folder and compare. Then make sure the comparison can fail:
# a copy with one page out of date must be reported, naming the fix.
#   reference_docs_test.sh SOURCE_DIR ENGINE
set -euo pipefail
source_dir=$1 engine=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
generate=$source_dir/scripts/gen-plugin-reference.sh

# The docs as committed.
ENGINE=$engine bash "$generate" --check "$source_dir/docs/reference"

# A spec that changed without the docs being regenerated.
cp -r "$source_dir/docs/reference" "$work/reference"
sed -i 's/^| `drop_unmatched` | bool | `false` | no | /| `drop_unmatched` | bool | `true` | no | /' "$work/reference/route.md"
cmp -s "$work/reference/route.md" "$source_dir/docs/reference/route.md" && fail "could not alter route.md for the stale case"
rc=0
ENGINE=$engine bash "$generate" --check "$work/reference" > "$work/stale.log" 2>&1 || rc=$?
[[ $rc == 1 ]] || { cat "$work/stale.log" >&2; fail "a stale route.md was not reported (exit $rc)"; }
grep -qxF "gen-plugin-reference: $work/reference is out of date with the plugins' specs: run \`make docs-reference\` and commit the result" \
  "$work/stale.log" || { cat "$work/stale.log" >&2; fail "the stale report does not say to run make docs-reference"; }
grep -qF -- '-| `drop_unmatched` | bool | `true` | no |' "$work/stale.log" ||
  { cat "$work/stale.log" >&2; fail "the stale report does not show the differing line"; }
echo "reference docs: current, and a stale page is reported: 2 passed, 0 failed"
