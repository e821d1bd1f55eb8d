#!/usr/bin/env bash
# Fails when a .cc file is compiled by one build system and not the other.
#   compare_source_lists.sh <cmake list> <bazel list> <allow list>
# The allow list names files that belong to one build on purpose, one path
# per line, each followed by `# reason`.
set -euo pipefail
cmake_list=$1 bazel_list=$2 allow=$3
allowed=$(sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$allow" | grep -v '^$' | sort -u || true)
only_cmake=$(comm -23 <(sort -u "$cmake_list") <(sort -u "$bazel_list") | comm -23 - <(echo "$allowed"))
only_bazel=$(comm -13 <(sort -u "$cmake_list") <(sort -u "$bazel_list") | comm -23 - <(echo "$allowed"))
status=0
if [ -n "$only_cmake" ]; then
  echo "Built by CMake but missing from Bazel (add to a BUILD.bazel, or to $allow with a reason):"
  echo "$only_cmake" | sed 's/^/  /'
  status=1
fi
if [ -n "$only_bazel" ]; then
  echo "Built by Bazel but missing from CMake:"
  echo "$only_bazel" | sed 's/^/  /'
  status=1
fi
[ $status -eq 0 ] && echo "CMake and Bazel compile the same $(sort -u "$cmake_list" | wc -l) project sources."
exit $status
