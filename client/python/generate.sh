#!/usr/bin/env bash
# Generates Python messages, type stubs (.pyi) and gRPC stubs for aqgate's
# protos with grpcio-tools (its bundled protoc) from the project virtualenv.
#   client/python/generate.sh OUT_DIR
# Then run the example with PYTHONPATH=OUT_DIR. google.rpc messages come from
# the googleapis-common-protos package, so they are not generated here.
set -euo pipefail
out=${1:?usage: generate.sh OUT_DIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
python=${AQGATE_PYTHON:-$root/.venv/bin/python}
[ -x "$python" ] || { echo "generate.sh: $python missing: run scripts/install-deps" >&2; exit 1; }
mkdir -p "$out"
cd "$root/proto"
"$python" -m grpc_tools.protoc -I . \
  --python_out="$out" --pyi_out="$out" --grpc_python_out="$out" \
  aqgate/v1/annotation_queue.proto aqgate/v1/annotation_queue_service.proto
