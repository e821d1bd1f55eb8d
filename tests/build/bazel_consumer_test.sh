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
bazel build //:consumer
./bazel-bin/consumer
bazel shutdown
