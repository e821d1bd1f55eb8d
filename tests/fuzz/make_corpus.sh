#!/usr/bin/env bash
# Regenerates the JSON seed corpora of tests/fuzz/corpus/ from the
# emulator's real responses (the integration seed). Run by hand after the
# upstream contract changes:  tests/fuzz/make_corpus.sh <build-dir>
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
out=tests/fuzz/corpus
tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
"$build/bin/aqgate-emulator" --seed tests/integration/seed/it.json --port 0 \
  --port_file "$tmp/port" 2>"$tmp/err" &
pid=$!
for _ in $(seq 100); do [ -s "$tmp/port" ] && break; sleep 0.1; done
base="http://127.0.0.1:$(cat "$tmp/port")"
key=aqgate-it-server-key-0123456789
call() {  # call <method> <path> [body] -> body on stdout
  curl -sS -X "$1" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    ${3:+--data "$3"} "$base$2"
}
save() { mkdir -p "$out/upstream_json"; cat > "$out/upstream_json/$1_$2.json"; }
call GET "/v2/spaces?name=it-space" | save space_page spaces
call GET "/v2/annotation-queues?space_name=it-space&limit=2" | save queue_page list
queue=$(call GET "/v2/annotation-queues?space_name=it-space&limit=1" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["annotation_queues"][0]["id"])')
call GET "/v2/annotation-queues/$queue" | save queue get
call GET "/v2/annotation-queues/$queue/records?limit=2" | tee >(save record_page list) |
  python3 -c 'import json,sys; print(json.dumps({"record_sources": json.load(sys.stdin)["records"]}))' |
  save added_records list
record=$(call GET "/v2/annotation-queues/$queue/records?limit=1" |
         python3 -c 'import json,sys; print(json.load(sys.stdin)["records"][0]["id"])')
call POST "/v2/annotation-queues/$queue/records/$record/annotate" \
  '{"annotations":[{"name":"quality","score":0.5}]}' | save annotate snapshot
call POST "/v2/annotation-queues/$queue/records/$record/assign" \
  '{"assigned_user_emails":["annotator@it.test"]}' | save assign snapshot
call GET "/v2/annotation-queues/no-such-queue" | save problem not_found
call POST "/v2/annotation-queues" '{"name":""}' | save problem invalid
curl -sS "$base/v2/annotation-queues" | save problem unauthenticated
echo "corpus written to $out"
