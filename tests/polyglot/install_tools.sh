#!/usr/bin/env bash
# Installs the pinned tools of the other-language clients and of the
# polyglot tests, all inside the project folder except the registries' own
# caches (~/.cache/pip, ~/go/pkg/mod, ~/.cache/go-build, ~/.m2), which make a
# fresh clone's install take seconds:
#   .venv/                Python: grpcio, grpcio-tools, grpcio-status, protobuf
#                         (client/python/requirements.txt, exact versions)
#   .tools/bin/           protoc-gen-go, protoc-gen-go-grpc, grpcurl (go install)
#   client/go modules     go mod download (client/go/go.sum)
#   ~/.m2                 grpc-java, protobuf-java, protoc + protoc-gen-grpc-java
#                         (client/java/pom.xml), fetched by one offline-able build
# Node tools come from package.json (npm ci in scripts/install-deps).
# Idempotent: each step keeps a stamp of what it installed and is skipped
# while the stamp matches.   tests/polyglot/install_tools.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
[ -d /usr/local/go/bin ] && export PATH="/usr/local/go/bin:$PATH"

PROTOC_GEN_GO=google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.12
PROTOC_GEN_GO_GRPC=google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.6.2
GRPCURL=github.com/fullstorydev/grpcurl/cmd/grpcurl@v1.9.4

stamp_ok() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }

# Python virtualenv.
req=client/python/requirements.txt
want="$(sha256sum "$req" | cut -d' ' -f1)"
if ! stamp_ok .venv/.aqgate-stamp "$want" || [ ! -x .venv/bin/python ]; then
  echo "install-deps: python venv (.venv) from $req"
  [ -x .venv/bin/python ] || python3 -m venv .venv
  .venv/bin/python -m pip install -q --disable-pip-version-check -r "$req"
  echo "$want" > .venv/.aqgate-stamp
fi

# Go: code generators and grpcurl into .tools/bin, and the example's modules.
command -v go >/dev/null || { echo "install-deps: Go (>= 1.24) is required; Debian 12's golang-go is too old" >&2; exit 1; }
mkdir -p .tools/bin
want="$PROTOC_GEN_GO $PROTOC_GEN_GO_GRPC $GRPCURL $(sha256sum client/go/go.sum | cut -d' ' -f1)"
if ! stamp_ok .tools/bin/.aqgate-go-stamp "$want"; then
  echo "install-deps: go install protoc-gen-go, protoc-gen-go-grpc, grpcurl into .tools/bin"
  for tool in "$PROTOC_GEN_GO" "$PROTOC_GEN_GO_GRPC" "$GRPCURL"; do
    GOBIN="$root/.tools/bin" go install "$tool"
  done
  (cd client/go && go mod download)
  echo "$want" > .tools/bin/.aqgate-go-stamp
fi

# Java: one build fetches every dependency and plugin (protoc and
# protoc-gen-grpc-java executables included) into ~/.m2. The stamp lives in
# ~/.m2 with what it stands for, so fresh clones (CI) skip this step.
want="$(sha256sum client/java/pom.xml | cut -d' ' -f1)"
m2=${HOME}/.m2
if [ ! -f "$m2/.aqgate-java-$want" ]; then
  echo "install-deps: maven dependencies of client/java"
  scratch=$(mktemp -d)
  mvn -B -q -Dstyle.color=never -f client/java/pom.xml package -Daqgate.build.dir="$scratch" >/dev/null
  rm -rf "$scratch"
  mkdir -p "$m2" && touch "$m2/.aqgate-java-$want"
fi
