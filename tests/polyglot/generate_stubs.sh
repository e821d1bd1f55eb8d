#!/usr/bin/env bash
# Generates one language's stubs from proto/ and builds its example, with the
# pinned tools scripts/install-deps installed. Offline: no registry is asked.
#   generate_stubs.sh python|node|go|java GEN_DIR
# Outputs: GEN_DIR/python (Python package tree), GEN_DIR/node (TypeScript
# types), client/go/gen + GEN_DIR/go/aqgate-go-example, GEN_DIR/java
# (classes + dependency jars).
set -euo pipefail
lang=${1:?usage: generate_stubs.sh LANG GEN_DIR}
gen=${2:?usage: generate_stubs.sh LANG GEN_DIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
[ -d /usr/local/go/bin ] && export PATH="/usr/local/go/bin:$PATH"
mkdir -p "$gen"
case "$lang" in
  python) "$root/client/python/generate.sh" "$gen/python" ;;
  node) "$root/client/node/generate.sh" "$gen/node" ;;
  go)
    "$root/client/go/generate.sh"
    cd "$root/client/go"
    GOFLAGS=-mod=readonly GOPROXY=off go build -o "$gen/go/aqgate-go-example" ./cmd/aqgate-example
    ;;
  java)
    mvn -B -q -o -Dstyle.color=never -f "$root/client/java/pom.xml" package \
      -Daqgate.build.dir="$gen/java"
    ;;
  *) echo "generate_stubs.sh: unknown language $lang" >&2; exit 2 ;;
esac
echo "generate_stubs.sh: $lang ok"
