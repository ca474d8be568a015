#!/usr/bin/env bash
# Installs every Debian 12 package the project needs to build, test and run
# its local stack. Idempotent and quick when everything is already there.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config git
  # libraries (DESIGN.md "Dependencies")
  libyaml-cpp-dev librdkafka-dev libpqxx-dev libhiredis-dev nlohmann-json3-dev
  libboost-dev libspdlog-dev libfmt-dev libcpp-httplib-dev libxgboost-dev libjemalloc-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # the libFuzzer targets (fuzz/): clang and its fuzzer/sanitizer runtimes
  clang libclang-rt-dev
  # promtool (`promtool check metrics` in the admin endpoints' e2e test)
  prometheus
  # the docker/ files' static check (tests/docker/check_docker_files.py)
  python3-yaml
  # headless Chromium (the live view's e2e test loads the admin page and keeps a screenshot)
  chromium
  # local stack and inspection
  postgresql-15 postgresql-client-15 redis-server redis-tools kcat
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "setup: missing packages: ${missing[*]}" >&2
  echo "setup: run as root (or: sudo $0) to install them" >&2
  exit 1
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# Package scripts must not start services system-wide: the stack starts its own.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && created_policy=1
fi
trap '[ "$created_policy" = 1 ] && rm -f "$policy"' EXIT
apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: done"
