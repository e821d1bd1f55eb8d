#!/usr/bin/env bash
# Installs the built project into a scratch prefix, then configures, builds
# and runs an outside project that does find_package(aqgate CONFIG REQUIRED).
#   run_package_test.sh <aqgate build dir> <scratch dir>
set -euo pipefail
build_dir=$1 scratch=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$scratch" && mkdir -p "$scratch"
cmake --install "$build_dir" --prefix "$scratch/prefix" >/dev/null
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$here/consumer" -B "$scratch/build" -G Ninja "${launcher[@]}" \
  -DCMAKE_PREFIX_PATH="$scratch/prefix" >/dev/null
cmake --build "$scratch/build" >/dev/null
"$scratch/build/consumer"
