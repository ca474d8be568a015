#!/usr/bin/env bash
# Builds and runs the libFuzzer targets (fuzz/README.md).
#
#   fuzz/fuzz.sh build <build dir>                   configure (clang) and build fuzz/ there
#   fuzz/fuzz.sh run <build dir> <target> <seconds> [libFuzzer flags...]
#
# `run` fuzzes <target> for <seconds> from its seed corpus
# (fuzz/corpus/<target>, never written to) and its dictionary; what it
# learns goes to <build dir>/corpus/<target>, so a later run goes on from
# there. A crash fails the run and leaves the input in
# <build dir>/artifacts/<target>/ (crash-<sha1>): add it to the seed corpus
# and as a unit test once fixed. Exit status: libFuzzer's (0 = no finding).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
command=${1:?usage: fuzz.sh build|run <build dir> ...}
build_dir=${2:?usage: fuzz.sh build|run <build dir> ...}

case $command in
  build)
    cxx=${FUZZ_CXX:-$(command -v clang++ || true)}
    [ -n "$cxx" ] || { echo "fuzz: clang++ not found (make deps installs clang)" >&2; exit 1; }
    generator=()
    command -v ninja >/dev/null && generator=(-G Ninja)
    cmake -S "$here" -B "$build_dir" "${generator[@]}" -DCMAKE_CXX_COMPILER="$cxx" >/dev/null
    cmake --build "$build_dir" -j "${JOBS:-2}"
    ;;
  run)
    target=${3:?usage: fuzz.sh run <build dir> <target> <seconds>}
    seconds=${4:?usage: fuzz.sh run <build dir> <target> <seconds>}
    shift 4
    fuzzer=$build_dir/${target}_fuzzer
    [ -x "$fuzzer" ] || { echo "fuzz: no $fuzzer (fuzz.sh build first)" >&2; exit 1; }
    mkdir -p "$build_dir/corpus/$target" "$build_dir/artifacts/$target"
    dict=()
    [ -f "$here/$target.dict" ] && dict=(-dict="$here/$target.dict")
    # -timeout: an input that takes 10 s is a finding (a hang), like a crash.
    exec "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$build_dir/artifacts/$target/" "${dict[@]}" "$@" \
      "$build_dir/corpus/$target" "$here/corpus/$target"
    ;;
  *)
    echo "fuzz: unknown command '$command' (build, run)" >&2
    exit 2
    ;;
esac
