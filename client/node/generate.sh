#!/usr/bin/env bash
# Generates TypeScript type definitions for aqgate's protos with
# @grpc/proto-loader's proto-loader-gen-types (pinned in package.json), for
# TypeScript users of @grpc/grpc-js. The JavaScript example itself loads the
# protos at run time with @grpc/proto-loader and needs no generated code.
#   client/node/generate.sh OUT_DIR
set -euo pipefail
out=${1:?usage: generate.sh OUT_DIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
gen=$root/node_modules/.bin/proto-loader-gen-types
[ -x "$gen" ] || { echo "generate.sh: $gen missing: run scripts/install-deps" >&2; exit 1; }
mkdir -p "$out"
"$gen" --keepCase --longs=String --enums=String --defaults --oneofs --grpcLib=@grpc/grpc-js \
  -I "$root/proto" --outDir="$out" \
  aqgate/v1/annotation_queue.proto aqgate/v1/annotation_queue_service.proto
