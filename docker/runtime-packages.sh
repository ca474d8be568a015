#!/usr/bin/env bash
# Prints the Debian packages that hold the shared libraries the given
# binaries load (one a line, sorted): the runtime image installs exactly
# these, so it never drifts from what the build linked. Fails naming any
# library no installed package owns.
#
#   docker/runtime-packages.sh build/bin/engine build/bin/plugins/*.so
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 BINARY..." >&2; exit 2; }

owner() {  # the package owning a library path (merged /usr: try both spellings)
  local lib=$1 candidate
  for candidate in "$lib" "/usr$lib" "$(readlink -f "$lib")"; do
    dpkg-query -S "$candidate" 2>/dev/null | head -n1 | cut -d: -f1 && return 0
  done
  return 1
}

libs=$(ldd "$@" | awk '/=> \// { print $3 }' | sort -u)
packages=()
for lib in $libs; do
  package=$(owner "$lib") || { echo "runtime-packages: no package owns $lib" >&2; exit 1; }
  packages+=("$package")
done
printf '%s\n' "${packages[@]}" | sort -u
