"""Starts aqgate-emulator and aqgate on OS-chosen ports for one polyglot test.

Both processes get port files; readiness is probed (the emulator's
/_admin/health, a TCP connect to the gateway), never slept for. Both are
stopped (SIGTERM, then SIGKILL) when the `with` block ends, whatever happens.
Standard library only.
"""

import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = os.path.join(HERE, "seed.json")
SERVER_KEY = "aqgate-polyglot-server-key-0123456789"
CALLER_KEY = "aqgate-polyglot-caller-key-abcdef"
STARTUP_TIMEOUT_S = 20.0

CONFIG_NAMES = ["quality", "verdict", "notes"]  # in seed.json; the first is CONTINUOUS


def seed_values(ids):
    """What the examples need, as the AQ_* environment: names from seed.json,
    IDs from the emulator's ID directory (GET /_admin/ids)."""
    with open(SEED, encoding="utf-8") as f:
        seed = json.load(f)
    space = seed["organizations"][0]["spaces"][0]["name"]
    project = seed["projects"][0]
    try:
        configs = [ids["annotation_configs"][f"{space}/{name}"] for name in CONFIG_NAMES]
        project_id = ids["projects"][f"{space}/{project['name']}"]
    except KeyError as missing:
        raise StackError(f"the emulator's /_admin/ids lacks {missing}") from None
    return {
        "AQ_SPACE_NAME": space,
        "AQ_CONFIG_IDS": ",".join(configs),
        "AQ_ANNOTATOR_EMAILS": "annotator@polyglot.test,reviewer@polyglot.test",
        "AQ_PROJECT_ID": project_id,
        "AQ_SPAN_IDS": ",".join(span["span_id"] for span in project["spans"][:5]),
        "AQ_START_TIME": "2026-03-01T00:00:00Z",
        "AQ_END_TIME": "2026-03-02T00:00:00Z",
    }


class StackError(RuntimeError):
    pass


def _require_binary(path):
    if not os.access(path, os.X_OK):
        raise StackError(f"{path} is missing: build it first (cmake --build <dir>)")


def _read_port(port_file, process, name, deadline):
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StackError(f"{name} exited with status {process.returncode} before it was ready")
        try:
            with open(port_file, encoding="utf-8") as f:
                text = f.read().strip()
            if text:
                return int(text.rsplit(":", 1)[-1])
        except FileNotFoundError:
            pass
        time.sleep(0.02)
    raise StackError(f"{name} wrote no port file within {STARTUP_TIMEOUT_S}s")


def _probe(check, process, name, deadline):
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StackError(f"{name} exited with status {process.returncode} before it was ready")
        if check():
            return
        time.sleep(0.02)
    raise StackError(f"{name} did not become ready within {STARTUP_TIMEOUT_S}s")


def _emulator_healthy(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_admin/health", timeout=1) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _accepts(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


class Stack:
    """`with Stack(bin_dir) as stack:` gives stack.target ("127.0.0.1:PORT")
    and stack.values (the AQ_* environment of seed_values)."""

    def __init__(self, bin_dir):
        self.bin_dir = bin_dir
        self.emulator_bin = os.path.join(bin_dir, "aqgate-emulator")
        self.gateway_bin = os.path.join(bin_dir, "aqgate")
        self._processes = []
        self._tmp = None
        self.target = None
        self.values = None

    def __enter__(self):
        _require_binary(self.emulator_bin)
        _require_binary(self.gateway_bin)
        self._tmp = tempfile.TemporaryDirectory(prefix="aqgate-polyglot-")
        try:
            self._start()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _spawn(self, name, argv, env=None):
        log = open(os.path.join(self._tmp.name, f"{name}.log"), "wb")
        process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env,
                                   stdin=subprocess.DEVNULL)
        log.close()
        self._processes.append((name, process))
        return process

    def _start(self):
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        emulator_port_file = os.path.join(self._tmp.name, "emulator.port")
        emulator = self._spawn("emulator", [
            self.emulator_bin, "--seed", SEED, "--port", "0", "--port_file", emulator_port_file])
        emulator_port = _read_port(emulator_port_file, emulator, "aqgate-emulator", deadline)
        _probe(lambda: _emulator_healthy(emulator_port), emulator, "aqgate-emulator", deadline)
        with urllib.request.urlopen(f"http://127.0.0.1:{emulator_port}/_admin/ids", timeout=5) as r:
            self.values = seed_values(json.load(r))

        gateway_port_file = os.path.join(self._tmp.name, "gateway.port")
        env = dict(os.environ, ARIZE_API_KEY=SERVER_KEY)
        gateway = self._spawn("gateway", [
            self.gateway_bin, "--listen", "127.0.0.1:0", "--port_file", gateway_port_file,
            "--upstream_url", f"http://127.0.0.1:{emulator_port}"], env=env)
        port = _read_port(gateway_port_file, gateway, "aqgate", deadline)
        _probe(lambda: _accepts(port), gateway, "aqgate", deadline)
        self.target = f"127.0.0.1:{port}"

    def logs(self, redact=True):
        """The processes' combined output, for a failure report; API keys are
        redacted unless `redact` is False (to check that none leaked)."""
        out = []
        for name, _ in self._processes:
            path = os.path.join(self._tmp.name, f"{name}.log")
            if os.path.exists(path):
                with open(path, encoding="utf-8", errors="replace") as f:
                    out.append(f"--- {name} log ---\n{f.read()[-4000:]}")
        text = "\n".join(out)
        if redact:
            text = text.replace(CALLER_KEY, "<redacted>").replace(SERVER_KEY, "<redacted>")
        return text

    def __exit__(self, exc_type, exc, tb):
        for _, process in reversed(self._processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for _, process in reversed(self._processes):
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if exc_type is not None:
            print(self.logs())
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None
        return False
