#!/usr/bin/env bash
# CMake and Bazel must compile the same project sources.
#   source_drift_test.sh <source dir> <cmake build dir> <scratch dir>
set -euo pipefail
src=$1 build=$2 scratch=$3
mkdir -p "$scratch" "$build/.cmake/api/v1/query"
touch "$build/.cmake/api/v1/query/codemodel-v2"
cmake "$build" >/dev/null   # refresh the file-API reply
cmake -DBUILD_DIR="$build" -P "$src/tests/build/cmake_sources.cmake" 2> "$scratch/cmake.txt"
(cd "$src" && bazel query --noshow_progress 'kind("source file", deps(//...))' 2>/dev/null) |
  grep '^//' | grep '\.cc$' | sed -e 's|^//||' -e 's|:|/|' -e 's|^/||' > "$scratch/bazel.txt"
exec "$src/tests/build/compare_source_lists.sh" "$scratch/cmake.txt" "$scratch/bazel.txt" \
  "$src/tests/build/single_build_sources.txt"
