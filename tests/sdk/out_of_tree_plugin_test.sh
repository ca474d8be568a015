#!/usr/bin/env bash
# The SDK as a plugin author outside this tree gets it: install the SDK to a
# temporary prefix, build a plugin with find_package(StreamlineSDK) and
# streamline_add_plugin(), and check the engine loads it.
#   out_of_tree_plugin_test.sh BUILD_DIR SOURCE_DIR ENGINE
set -euo pipefail
build_dir=$1 source_dir=$2 engine=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build_dir" --prefix "$work/prefix" --component Unspecified > "$work/install.log"
mkdir -p "$work/plugin"
cp "$source_dir/tests/plugins/loader-fixtures/good.cpp" "$work/plugin/"
cat > "$work/plugin/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(out_of_tree_plugin CXX)
find_package(StreamlineSDK REQUIRED)
streamline_add_plugin(good good.cpp)
CMAKE
cmake -S "$work/plugin" -B "$work/plugin/build" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" > "$work/configure.log"
cmake --build "$work/plugin/build" > "$work/build.log"

# Only the installed headers were used.
if grep -q -- "-I$source_dir/sdk" "$work/plugin/build/build.ninja"; then
  echo "FAIL: the plugin was built against the source tree, not the installed SDK" >&2; exit 1
fi
listing=$("$engine" plugins --plugin-dir "$work/plugin/build")
expected="good             1.2.3     processor  Passes every event on (loader test fixture)."
if ! grep -qxF "$expected" <<<"$listing"; then
  echo "FAIL: the engine did not list the out-of-tree plugin; it printed:" >&2
  echo "$listing" >&2
  exit 1
fi
echo "out-of-tree plugin built against the installed SDK and loaded: 1 passed, 0 failed"
