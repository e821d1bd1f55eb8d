#!/usr/bin/env bash
# A Bazel workspace outside aqgate depends on it the way the README says
# (local_repository + aqgate_dependencies), builds and runs a program.
#   bazel_consumer_test.sh <aqgate source dir> <scratch dir>
set -euo pipefail
src=$(cd "$1" && pwd) scratch=$2
rm -rf "$scratch" && mkdir -p "$scratch"
cp "$src/tests/build/bazel_consumer/main.cc" "$scratch/"
cp "$src/tests/build/bazel_consumer/BUILD.consumer" "$scratch/BUILD.bazel"
cp "$src/.bazelrc" "$scratch/.bazelrc"
cat > "$scratch/WORKSPACE" <<WS
workspace(name = "consumer")
local_repository(name = "aqgate", path = "$src")
load("@aqgate//bazel:deps.bzl", "aqgate_dependencies")
aqgate_dependencies(aqgate_path = "$src")
WS
cd "$scratch"
# No bazel-* convenience symlinks: should the scratch folder ever sit inside
# the aqgate checkout, a link back to @aqgate would send aqgate's own
# `bazel query //...` round an infinite symlink loop.
bazel build --symlink_prefix=/ //:consumer
"$(bazel info --symlink_prefix=/ bazel-bin)/consumer"
bazel shutdown
