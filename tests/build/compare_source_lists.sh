#!/usr/bin/env bash
# Fails when a .cc file is compiled by one build system and not the other.
#   compare_source_lists.sh <cmake list> <bazel list> <allow list>
# The allow list names sources that belong to one build on purpose: one path
# per line (a path ending in / stands for everything below that folder),
# each followed by `# reason`.
set -euo pipefail
cmake_list=$1 bazel_list=$2 allow=$3
patterns=$(sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$allow" | grep -v '^$' || true)

# not_allowed: stdin paths minus those the allow list covers.
not_allowed() {
  local path pattern keep
  while IFS= read -r path; do
    keep=1
    while IFS= read -r pattern; do
      [ -n "$pattern" ] || continue
      if [[ $pattern == */ ]]; then
        [[ $path == "$pattern"* ]] && keep=0
      else
        [[ $path == "$pattern" ]] && keep=0
      fi
    done <<<"$patterns"
    ((keep)) && echo "$path"
  done
  return 0
}

only_cmake=$(comm -23 <(sort -u "$cmake_list") <(sort -u "$bazel_list") | not_allowed)
only_bazel=$(comm -13 <(sort -u "$cmake_list") <(sort -u "$bazel_list") | not_allowed)
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
if [ $status -eq 0 ]; then
  echo "CMake and Bazel agree on $(sort -u "$cmake_list" "$bazel_list" | wc -l) project sources (allow list: $allow)."
fi
exit $status
