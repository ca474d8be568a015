# Runtime options of the sanitizer builds, for the test runs of make
# test-asan / test-tsan / test (and by hand, before ctest in such a tree):
#
#   . tests/sanitizers/options.sh address,undefined   # or: thread
#   ctest --test-dir build-asan -L 'unit|integration'
#
# Processes the tests start (the engine, the dev broker) inherit them.
# Suppressions cover third-party code only (each entry says why).
_sanitizers_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
case ${1:-} in
  *address*)
    # detect_leaks: LeakSanitizer at exit; leaks of our code fail the test.
    export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:check_initialization_order=1:strict_init_order=1:detect_stack_use_after_return=0:print_summary=1"
    export LSAN_OPTIONS="suppressions=$_sanitizers_dir/lsan.supp:print_suppressions=0"
    ;;&
  *undefined*)
    # Findings abort (the build has -fno-sanitize-recover=all); print where.
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$_sanitizers_dir/ubsan.supp"
    ;;
  *thread*)
    # second_deadlock_stack: both stacks of a lock-order inversion.
    export TSAN_OPTIONS="second_deadlock_stack=1:halt_on_error=0:report_signal_unsafe=0:suppressions=$_sanitizers_dir/tsan.supp"
    # One thread per OpenMP team: XGBoost (the fraud plugin) runs its
    # parallel loops on libgomp, which is not built with TSan, so the
    # hand-offs of its workers are invisible and every loop reads as races
    # in XGBoost. With one thread the loops run on the caller's thread,
    # which TSan checks like every other thread of ours.
    export OMP_THREAD_LIMIT=1 OMP_NUM_THREADS=1
    ;;
  "") ;;
esac
unset _sanitizers_dir
