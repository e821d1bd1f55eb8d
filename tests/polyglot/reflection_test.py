#!/usr/bin/env python3
"""Debugging tools against the live gateway, through server reflection only
(no .proto files given): the real grpcurl, or `buf curl --protocol grpc
--http2-prior-knowledge`. Lists the services (aqgate's and
grpc.health.v1.Health), describes the service and its messages, then calls
every unary RPC with JSON and StreamRecords, checking each response.

  reflection_test.py --tool grpcurl|buf --root SRC --bin-dir BIN
"""

import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import stack  # noqa: E402

SERVICE = "aqgate.v1.AnnotationQueueService"
RPCS = ["ListAnnotationQueues", "GetAnnotationQueue", "CreateAnnotationQueue",
        "UpdateAnnotationQueue", "DeleteAnnotationQueue", "ListRecords", "StreamRecords",
        "AddRecords", "DeleteRecords", "AnnotateRecord", "AssignRecord"]
TOOL_TIMEOUT_S = 60


class CheckFailed(AssertionError):
    pass


def check(condition, what):
    if not condition:
        raise CheckFailed(what)
    print(f"ok: {what}")


def json_messages(text):
    """Every JSON object in `text` (a stream prints one per message)."""
    decoder, pos, out = json.JSONDecoder(), 0, []
    text = text.strip()
    while pos < len(text):
        obj, end = decoder.raw_decode(text, pos)
        out.append(obj)
        pos = end
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return out


def field(message, name):
    """A response field by its JSON (lowerCamel) or proto name."""
    camel = name.split("_")[0] + "".join(p.title() for p in name.split("_")[1:])
    return message.get(camel, message.get(name))


class Tool:
    """Runs one debugging tool; `call` returns (exit code, messages, raw output)."""

    def __init__(self, kind, root, target):
        self.kind, self.target = kind, target
        if kind == "grpcurl":
            self.exe = os.path.join(root, ".tools", "bin", "grpcurl")
        else:
            self.exe = os.path.join(root, "node_modules", ".bin", "buf")
        if not os.access(self.exe, os.X_OK):
            raise CheckFailed(f"{self.exe} is missing: run scripts/install-deps")
        self.auth = f"authorization: Bearer {stack.CALLER_KEY}"

    def _run(self, argv, stdin=None):
        run = subprocess.run(argv, input=stdin, capture_output=True, text=True,
                             timeout=TOOL_TIMEOUT_S, check=False)
        shown = " ".join(a if stack.CALLER_KEY not in a else "<auth header>" for a in argv[1:])
        print(f"$ {os.path.basename(argv[0])} {shown}")
        return run.returncode, run.stdout, run.stderr

    def list_services(self):
        if self.kind == "grpcurl":
            _, out, err = self._run([self.exe, "-plaintext", self.target, "list"])
        else:
            _, out, err = self._run([self.exe, "curl", "--protocol", "grpc", "--http2-prior-knowledge",
                                     "--list-services", f"http://{self.target}"])
        return out + err

    def describe(self, symbol):
        """grpcurl describes a symbol; buf curl has no describe, so this lists
        every method the reflection schema holds."""
        if self.kind == "grpcurl":
            _, out, err = self._run([self.exe, "-plaintext", self.target, "describe", symbol])
        else:
            _, out, err = self._run([self.exe, "curl", "--protocol", "grpc", "--http2-prior-knowledge",
                                     "--list-methods", f"http://{self.target}"])
        return out + err

    def health_check(self):
        """grpc.health.v1.Health/Check, with the schema from reflection (the
        gateway links grpc.health.v1 so reflection can describe it)."""
        if self.kind == "grpcurl":
            argv = [self.exe, "-plaintext", "-d", "{}", self.target,
                    "grpc.health.v1.Health/Check"]
        else:
            argv = [self.exe, "curl", "--protocol", "grpc", "--http2-prior-knowledge",
                    "--data", "{}", f"http://{self.target}/grpc.health.v1.Health/Check"]
        code, out, _ = self._run(argv)
        return json_messages(out) if code == 0 else []

    def call(self, method, body):
        data = json.dumps(body)
        if self.kind == "grpcurl":
            argv = [self.exe, "-plaintext", "-format-error", "-H", self.auth, "-d", "@", self.target, method]
        else:
            service, name = method.split("/")
            argv = [self.exe, "curl", "--protocol", "grpc", "--http2-prior-knowledge",
                    "-H", self.auth, "--data", "@-", f"http://{self.target}/{service}/{name}"]
        code, out, err = self._run(argv, stdin=data)
        messages = json_messages(out) if code == 0 else []
        return code, messages, out + err


def rpc(tool, name, body):
    code, messages, raw = tool.call(f"{SERVICE}/{name}", body)
    if code != 0:
        raise CheckFailed(f"{name} failed (exit {code}): {raw.strip()[-800:]}")
    return messages


def run_checks(tool, values):
    services = tool.list_services()
    check(SERVICE in services, f"list shows {SERVICE}")
    check("grpc.health.v1.Health" in services, "list shows grpc.health.v1.Health")

    described = tool.describe(SERVICE)
    for name in RPCS:
        check(name in described, f"describe {SERVICE} shows {name}")
    if tool.kind == "grpcurl":
        request = tool.describe("aqgate.v1.CreateAnnotationQueueRequest")
        for f in ["annotation_config_ids", "annotator_emails", ".aqgate.v1.SpaceRef space"]:
            check(f in request, f"describe CreateAnnotationQueueRequest shows {f}")
        record = tool.describe("aqgate.v1.Record")
        check(".google.protobuf.Struct data" in record, "describe Record shows its Struct data")

    health = tool.health_check()
    check(health and health[0].get("status") == "SERVING", "grpc.health.v1.Health/Check is SERVING")

    space = {"name": values["AQ_SPACE_NAME"]}
    configs = values["AQ_CONFIG_IDS"].split(",")
    emails = values["AQ_ANNOTATOR_EMAILS"].split(",")
    spans = values["AQ_SPAN_IDS"].split(",")
    queue_name = f"reflection-{tool.kind}-{os.getpid()}"

    created = rpc(tool, "CreateAnnotationQueue", {
        "name": queue_name, "space": space, "annotationConfigIds": configs,
        "annotatorEmails": emails, "instructions": "Debugged with a reflection tool."})
    queue = field(created[0], "annotation_queue")
    queue_id = queue["id"]
    check(queue["name"] == queue_name and len(field(queue, "annotation_configs")) == len(configs),
          "CreateAnnotationQueue returns the queue with its configs")
    by_id = {"id": queue_id}

    got = field(rpc(tool, "GetAnnotationQueue", {"queue": {"name": queue_name, "space": space}})[0],
                "annotation_queue")
    check(got["id"] == queue_id, "GetAnnotationQueue by name + space finds the queue's ID")

    listed = rpc(tool, "ListAnnotationQueues", {"space": space, "nameContains": queue_name})
    ids = [q["id"] for q in field(listed[0], "annotation_queues") or []]
    check(queue_id in ids, "ListAnnotationQueues lists the queue")

    # grpcurl's dynamic JSON parser takes a FieldMask only in its object form;
    # buf curl takes the canonical string form.
    mask = {"paths": ["instructions"]} if tool.kind == "grpcurl" else "instructions"
    updated = field(rpc(tool, "UpdateAnnotationQueue", {
        "queue": by_id, "instructions": "Updated.", "updateMask": mask})[0], "annotation_queue")
    check(updated.get("instructions") == "Updated.", "UpdateAnnotationQueue changes the instructions")

    added = rpc(tool, "AddRecords", {"queue": by_id, "recordSources": [{"spans": {
        "projectId": values["AQ_PROJECT_ID"], "startTime": values["AQ_START_TIME"],
        "endTime": values["AQ_END_TIME"], "spanIds": spans}}]})
    records = field(added[0], "records") or []
    check(len(records) == len(spans), f"AddRecords creates {len(spans)} records")

    page = rpc(tool, "ListRecords", {"queue": by_id, "pageSize": 2})[0]
    check(len(field(page, "records") or []) == 2 and field(page, "next_page_token"),
          "ListRecords returns a page of 2 and a next page token")

    stream = rpc(tool, "StreamRecords", {"queue": by_id, "maxRecordsPerMessage": 2})
    streamed = [r["id"] for m in stream for r in field(m, "records") or []]
    check(len(stream) >= 3 and sorted(streamed) == sorted(r["id"] for r in records),
          f"StreamRecords streams all {len(spans)} records in {len(stream)} messages")
    check(all(field(m, "resume_token") for m in stream), "every StreamRecords message has a resume token")

    record_id = records[0]["id"]
    annotated = rpc(tool, "AnnotateRecord", {"queue": by_id, "recordId": record_id,
                                             "annotations": [{"name": "quality", "score": 0.75}]})[0]
    notes = field(annotated, "annotations") or []
    check(any(a["name"] == "quality" and a.get("score") == 0.75 for a in notes),
          "AnnotateRecord stores the score")

    assigned = rpc(tool, "AssignRecord", {"queue": by_id, "recordId": record_id,
                                          "assignedUserEmails": emails[:1]})[0]
    users = [u["user"]["email"] for u in field(assigned, "assigned_users") or []]
    check(users == emails[:1], "AssignRecord replaces the assignment")

    deleted = rpc(tool, "DeleteRecords", {"queue": by_id, "recordIds": [record_id]})[0]
    check(field(deleted, "annotation_queue_id") == queue_id, "DeleteRecords answers with the queue ID")
    after = rpc(tool, "ListRecords", {"queue": by_id, "pageSize": 100})[0]
    check(len(field(after, "records") or []) == len(spans) - 1, "the deleted record is gone")

    bad = tool.call(f"{SERVICE}/CreateAnnotationQueue", {"name": "", "space": space})
    check(bad[0] != 0 and ('"code": 3' in bad[2] or "invalid_argument" in bad[2]),
          "a bad request is INVALID_ARGUMENT")
    if tool.kind == "grpcurl":  # -format-error prints the google.rpc details
        check('"field": "name"' in bad[2] and "google.rpc.BadRequest" in bad[2],
              "its BadRequest names the field 'name'")

    gone = rpc(tool, "DeleteAnnotationQueue", {"queue": by_id})[0]
    check(field(gone, "annotation_queue_id") == queue_id, "DeleteAnnotationQueue deletes the queue")
    missing = tool.call(f"{SERVICE}/GetAnnotationQueue", {"queue": by_id})
    check(missing[0] != 0 and ('"code": 5' in missing[2] or "not_found" in missing[2]),
          "the deleted queue is NOT_FOUND")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tool", required=True, choices=["grpcurl", "buf"])
    parser.add_argument("--root", required=True)
    parser.add_argument("--bin-dir", required=True)
    args = parser.parse_args()
    with stack.Stack(args.bin_dir) as live:
        values = live.values
        try:
            run_checks(Tool(args.tool, args.root, live.target), values)
        except (CheckFailed, subprocess.TimeoutExpired) as failure:
            print(f"FAIL: {failure}")
            print(live.logs())
            print(f"{args.tool} reflection: FAILED")
            return 1
    print(f"{args.tool} reflection: PASSED")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except stack.StackError as error:  # a missing binary or a stack that never got ready
        print(f"FAIL: {error}")
        sys.exit(1)
