# Sourced by the other scripts: loads the local stack's environment file.
# Fails with a clear message when the stack was never started.
root=${root:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
STACK_DIR=${STACK_DIR:-$root/.stack}
if [ ! -f "$STACK_DIR/env" ]; then
  echo "the local stack is not up (no $STACK_DIR/env): run 'make up' first" >&2
  exit 1
fi
set -a
# shellcheck disable=SC1091
. "$STACK_DIR/env"
set +a
ENGINE=${ENGINE:-$root/build/bin/engine}
