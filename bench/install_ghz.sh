#!/usr/bin/env bash
# Installs ghz (the gRPC load tester the concurrency benchmark drives) into
# the project-local .tools/bin, pinned, next to grpcurl. Idempotent: skipped
# while the stamp matches.   bench/install_ghz.sh  (run by scripts/install-deps)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
[ -d /usr/local/go/bin ] && export PATH="/usr/local/go/bin:$PATH"

GHZ=github.com/bojand/ghz/cmd/ghz@v0.121.0

command -v go >/dev/null || { echo "install-deps: Go is required for ghz" >&2; exit 1; }
mkdir -p .tools/bin
stamp=.tools/bin/.aqgate-ghz-stamp
if [ ! -x .tools/bin/ghz ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$GHZ" ]; then
  echo "install-deps: go install $GHZ into .tools/bin"
  GOBIN="$root/.tools/bin" go install "$GHZ"
  echo "$GHZ" > "$stamp"
fi
