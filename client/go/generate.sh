#!/usr/bin/env bash
# Generates Go messages and gRPC stubs for aqgate's protos with protoc,
# protoc-gen-go and protoc-gen-go-grpc (pinned, installed into .tools/bin by
# scripts/install-deps), into client/go/gen/aqgate/v1 (package aqgatev1,
# imported as github.com/aqgate/aqgate/client/go/gen/aqgate/v1; not committed).
#   client/go/generate.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=$root/.tools/bin
for tool in protoc-gen-go protoc-gen-go-grpc; do
  [ -x "$bin/$tool" ] || { echo "generate.sh: $bin/$tool missing: run scripts/install-deps" >&2; exit 1; }
done
out=$here/gen
tmp=$(mktemp -d "$here/.gen.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$root/proto"
PATH="$bin:$PATH" protoc -I . \
  --go_out="$tmp" --go_opt=paths=source_relative \
  --go-grpc_out="$tmp" --go-grpc_opt=paths=source_relative \
  aqgate/v1/annotation_queue.proto aqgate/v1/annotation_queue_service.proto
rm -rf "$out" && mv "$tmp" "$out"
