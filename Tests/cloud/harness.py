"""The real PostgreSQL 15 and the real `intellidine-cloud` for tests: a throwaway cluster on a free
port (as `nobody` when run as root, since Postgres refuses root and CI runs as root), and the
binary's CLI and `serve`. Used by Tests/browser/test_hq.py and Tests/cloud/test_cloud.py.
"""
import hashlib
import hmac
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from datetime import timezone

PG_BIN = "/usr/lib/postgresql/15/bin"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def iso(moment):
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class Postgres:
    """A throwaway PostgreSQL 15 cluster on a free port, trusting local connections. `settings`
    (postgres `-c` flags) replace the tests' quick ones, for a benchmark's durable server."""

    def __init__(self, settings=None):
        self.settings = settings
        self.dir = tempfile.mkdtemp(prefix="intellidine-hq-pg-")
        self.data = os.path.join(self.dir, "data")
        self.port = free_port()
        self.process = None
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.dir, "nobody")
        self.log_path = os.path.join(self.dir, "postgres.log")

    @property
    def url(self):
        return f"postgres://intellidine@127.0.0.1:{self.port}/postgres"

    def command(self, *args):
        # setpriv execs the command itself (runuser would stay between as its parent), so a signal
        # sent to the process the test started reaches the server.
        return (["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"] if self.as_root else []) + list(args)

    def start(self):
        # fsync off is safe for a test's crashes, which kill processes, not the machine: what a
        # commit wrote is in the kernel's cache. synchronous_commit stays on: off, a crash would
        # lose commits already acknowledged (the crash tests caught exactly that).
        with open(self.log_path, "ab") as log:
            if not os.path.exists(self.data):
                subprocess.run(self.command(f"{PG_BIN}/initdb", "-D", self.data, "-U", "intellidine", "--auth=trust", "-E", "UTF8", "--locale=C"),
                               check=True, stdout=log, stderr=subprocess.STDOUT, timeout=120)
            self.process = subprocess.Popen(
                self.command(f"{PG_BIN}/postgres", "-D", self.data, "-k", self.dir, "-p", str(self.port), "-c", "listen_addresses=127.0.0.1",
                             *(self.settings or ["-c", "fsync=off", "-c", "full_page_writes=off"])),
                stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                break
            ready = subprocess.run([f"{PG_BIN}/pg_isready", "-q", "-h", "127.0.0.1", "-p", str(self.port), "-U", "intellidine", "-d", "postgres"])
            if ready.returncode == 0:
                return
            time.sleep(0.2)
        raise RuntimeError("PostgreSQL did not start: " + open(self.log_path, errors="replace").read()[-3000:])

    def restart(self):
        """A crash and a restart: the server is SIGQUIT (an immediate shutdown, no checkpoint), as
        when it is killed or its machine fails over, and started again on the same data."""
        self.process.send_signal(3)
        self.process.wait(30)
        self.start()

    def stop(self):
        if self.process and self.process.poll() is None:
            # A fast shutdown, asked of the server itself; then the process we started, by its id.
            subprocess.run(self.command(f"{PG_BIN}/pg_ctl", "stop", "-D", self.data, "-m", "fast", "-w", "-t", "20"),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.terminate()
                try:
                    self.process.wait(10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


class Cloud:
    """The real `intellidine-cloud` binary: its CLI, and `serve` on a free port."""

    def __init__(self, binary, database_url, port=None):
        self.binary = binary
        self.dir = tempfile.mkdtemp(prefix="intellidine-hq-")
        self.database_url = database_url
        self.credentials = os.path.join(self.dir, "master-key")
        with open(os.open(self.credentials, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as f:
            f.write(secrets.token_hex(32) + "\n")
        self.port = port or free_port()
        self.process = None
        self.log_path = os.path.join(self.dir, "cloud.log")

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def cli(self, *args, stdin=None):
        result = subprocess.run([self.binary, *args, "--database-url", self.database_url, "--credentials-file", self.credentials],
                                input=stdin, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"intellidine-cloud {' '.join(args)} failed ({result.returncode}): {result.stdout}{result.stderr}")
        return result.stdout

    def add_box(self, box_id, name):
        out = self.cli("box", "add", "--box-id", box_id, "--name", name)
        match = re.search(r"printf '%s' '([0-9a-f]{64})' > /etc/intellidine/cloud-secret", out)
        if not match:
            raise AssertionError("no key in the output of box add:\n" + out)
        return match.group(1)

    def start(self):
        # fsync off is safe for a test's crashes, which kill processes, not the machine: what a
        # commit wrote is in the kernel's cache. synchronous_commit stays on: off, a crash would
        # lose commits already acknowledged (the crash tests caught exactly that).
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [self.binary, "serve", "--database-url", self.database_url, "--credentials-file", self.credentials,
                 "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning"],
                stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline and self.process.poll() is None:
            with open(self.log_path, errors="replace") as f:
                if "intellidine-cloud listening on" in f.read():
                    return
            time.sleep(0.1)
        raise RuntimeError("intellidine-cloud did not start: " + open(self.log_path, errors="replace").read()[-3000:])

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)

    def request(self, method, path, body=None, headers=None):
        request = urllib.request.Request(self.base + path, method=method, data=body, headers=dict(headers or {}))
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def post_batch(self, box_id, key, events, backlog=None, oldest_unsent=None):
        """A batch as the box's forwarder sends it, signed with the box's key (its 64 hex characters)."""
        body = json.dumps({"box_id": box_id, "batch_id": f"batch-{box_id}-{events[0]['seq']}-{events[-1]['seq']}", "events": events},
                          separators=(",", ":")).encode()
        headers = {"Content-Type": "application/json", "X-Intellidine-Box": box_id,
                   "X-Intellidine-Signature": "sha256=" + hmac.new(key.encode("ascii"), body, hashlib.sha256).hexdigest()}
        if backlog is not None:
            headers["X-Intellidine-Backlog"] = str(backlog)
        if oldest_unsent is not None:
            headers["X-Intellidine-Oldest-Unsent"] = iso(oldest_unsent)
        status, _, answer = self.request("POST", "/v1/events", body, headers)
        if status != 200:
            raise AssertionError(f"POST /v1/events for {box_id}: {status} {answer[:500]!r}")
        return json.loads(answer)


