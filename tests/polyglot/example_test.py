#!/usr/bin/env python3
"""Runs one language's example client against a live emulator + gateway and
checks what it printed: the whole workflow, then the deliberate bad request
answered with INVALID_ARGUMENT whose BadRequest names the field `name` and
whose ErrorInfo has domain "aqgate". No API key may appear in the example's
output nor in the gateway's or the emulator's log.

  example_test.py --lang python|go|node|java --root SRC --bin-dir BIN --gen-dir GEN
"""

import argparse
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import stack  # noqa: E402

EXAMPLE_TIMEOUT_S = 120


def command_for(lang, root, gen_dir):
    """argv and extra environment of the example in `lang`."""
    if lang == "python":
        return ([os.path.join(root, ".venv", "bin", "python"),
                 os.path.join(root, "client", "python", "aqgate_example.py")],
                {"PYTHONPATH": os.path.join(gen_dir, "python")})
    if lang == "node":
        return (["node", os.path.join(root, "client", "node", "aqgate_example.js")], {})
    if lang == "go":
        return ([os.path.join(gen_dir, "go", "aqgate-go-example")], {})
    if lang == "java":
        java_dir = os.path.join(gen_dir, "java")
        classpath = os.path.join(java_dir, "classes") + os.pathsep + os.path.join(java_dir, "dependency", "*")
        return (["java", "-cp", classpath, "dev.aqgate.example.Example"], {})
    raise ValueError(lang)


def check_output(out, values):
    """The failed expectations (empty when the output is right)."""
    failures = []

    def expect(pattern, what):
        match = re.search(pattern, out, re.MULTILINE)
        if not match:
            failures.append(f"missing {what}: /{pattern}/")
        return match

    spans = values["AQ_SPAN_IDS"].split(",")
    created = expect(r"^created queue id=(\S+) name=\S+ configs=3$", "the created queue with 3 configs")
    expect(rf"^added records count={len(spans)}$", f"{len(spans)} added records")
    streamed = expect(rf"^streamed records count={len(spans)} messages=(\d+)$", "all records streamed")
    if streamed and int(streamed.group(1)) < (len(spans) + 1) // 2:
        failures.append("StreamRecords sent more than max_records_per_message=2 records in a message")
    expect(r"^annotated record=\S+ annotations=quality$", "the annotation of config 'quality'")
    expect(r"^assigned record=\S+ users=annotator@polyglot\.test,reviewer@polyglot\.test$",
           "both assigned users")
    deleted = expect(r"^deleted queue id=(\S+)$", "the deleted queue")
    if created and deleted and created.group(1) != deleted.group(1):
        failures.append("deleted a different queue than the one created")
    expect(r"^bad request rejected$", "the rejected bad request")
    expect(r"^error code=INVALID_ARGUMENT ", "INVALID_ARGUMENT for the bad request")
    expect(r"^bad request field=name description=\S", "a BadRequest field violation naming 'name'")
    expect(r"^error info reason=\S+ domain=aqgate\b", "an ErrorInfo of domain aqgate")
    expect(r"^done$", "the closing 'done'")
    if "workflow failed" in out:
        failures.append("the workflow failed")
    if stack.CALLER_KEY in out or stack.SERVER_KEY in out:
        failures.append("an API key appeared in the output")
    return failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", required=True, choices=["python", "go", "node", "java"])
    parser.add_argument("--root", required=True)
    parser.add_argument("--bin-dir", required=True)
    parser.add_argument("--gen-dir", required=True)
    args = parser.parse_args()

    argv, extra_env = command_for(args.lang, args.root, args.gen_dir)
    with stack.Stack(args.bin_dir) as live:
        values = live.values
        env = dict(os.environ, **extra_env, **values,
                   AQGATE_TARGET=live.target, ARIZE_API_KEY=stack.CALLER_KEY)
        run = subprocess.run(argv, env=env, capture_output=True, text=True,
                             timeout=EXAMPLE_TIMEOUT_S, stdin=subprocess.DEVNULL, check=False)
        out = run.stdout + run.stderr
        print(f"--- {args.lang} example output (exit {run.returncode}) ---")
        print(out.replace(stack.CALLER_KEY, "<redacted>").replace(stack.SERVER_KEY, "<redacted>"))
        failures = check_output(out, values)
        logs = live.logs(redact=False)
        if stack.CALLER_KEY in logs or stack.SERVER_KEY in logs:
            failures.append("an API key appeared in the gateway's or the emulator's log")
        if run.returncode != 0:
            failures.append(f"the example exited with status {run.returncode}")
        if failures:
            print(live.logs())
    for failure in failures:
        print(f"FAIL: {failure}")
    print(f"{args.lang} example: {'FAILED' if failures else 'PASSED'}")
    return 1 if failures else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except stack.StackError as error:  # a missing binary or a stack that never got ready
        print(f"FAIL: {error}")
        sys.exit(1)
