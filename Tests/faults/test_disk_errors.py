"""A box whose disk fails under it, against the real binary (docs/operations/README.md, "Storage full
and disk errors"):

- I/O errors: every write and sync of the state directory fails with EIO (a dying SD card), then works
  again. The daemon is run with Tests/faults/failing_disk.c preloaded (LD_PRELOAD), which fails them
  while a flag file exists.
- A read-only filesystem: the same, with EROFS, as after the kernel remounts a failing disk read-only.
- A vanished state directory: the database's directory is moved away while the daemon runs.

Each: orders get 503 with a clear code, reads and the kitchen go on, nothing acknowledged is lost
(counted with sqlite3 afterwards), `PRAGMA integrity_check` is ok; recovery without a restart when the
fault goes, or, for the vanished file, which cannot be recovered in-process, an exit that systemd's
Restart=on-failure turns into a restart, said in the journal. Needs a C compiler (the toolchain's).

Run: `python3 Tests/faults/test_disk_errors.py <intellidine binary>`.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_storage_faults as faults  # noqa: E402  (takes the binary's path from argv)

TENANT = faults.TENANT
SHIM_SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "failing_disk.c")


class Daemon:
    """The real binary on a fresh demo state directory, optionally with the failing-disk shim."""

    def __init__(self, shim=None):
        self.base = tempfile.mkdtemp(prefix="intellidine-disk-errors-")
        self.state = os.path.join(self.base, "state")
        self.flag = os.path.join(self.base, "fault")
        self.port = faults.free_port()
        env = dict(os.environ)
        if shim:
            env.update(LD_PRELOAD=shim, INTELLIDINE_TEST_DISK_FAULT=self.flag, INTELLIDINE_TEST_DISK_DIR=self.state)
        self.log = open(os.path.join(self.base, "daemon.log"), "w")
        self.process = subprocess.Popen(
            [faults.BINARY, "serve", "--demo", "--state-dir", self.state, "--host", "127.0.0.1", "--port", str(self.port),
             "--rate-limit-per-minute", "0"], env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.wait_until_serving()

    request = faults.Box.request
    wait_until_serving = faults.Box.wait_until_serving
    login = faults.Box.login
    order = faults.Box.order

    def log_text(self):
        with open(self.log.name, errors="replace") as f:
            return f.read()

    def sql(self, query, state=None):
        database = os.path.join(state or self.state, "db", "intellidine.sqlite")
        return subprocess.run(["sqlite3", "-cmd", ".timeout 10000", database, query], capture_output=True, text=True, check=True).stdout.strip()

    def stop(self):
        faults.terminate(self.process)
        self.log.close()
        shutil.rmtree(self.base, ignore_errors=True)


class DiskErrorTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.build = tempfile.mkdtemp(prefix="intellidine-shim-")
        cls.shim = os.path.join(cls.build, "failing_disk.so")
        compiler = shutil.which("cc") or shutil.which("clang")
        if compiler is None:
            raise unittest.SkipTest("no C compiler to build the failing-disk shim")
        subprocess.run([compiler, "-shared", "-fPIC", "-O1", "-o", cls.shim, SHIM_SOURCE, "-ldl"], check=True)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.build, ignore_errors=True)

    def fails_then_recovers(self, flag_suffix):
        daemon = Daemon(shim=self.shim)
        self.addCleanup(daemon.stop)
        waiter, kitchen = daemon.login("waiter1"), daemon.login("kitchen_staff1")
        acknowledged = []
        for table in range(1, 4):
            status, body = daemon.order(waiter, table)
            self.assertEqual(status, 201, body)
            acknowledged.append(json.loads(body)["order"]["id"])

        open(daemon.flag + flag_suffix, "w").close()
        for table in range(4, 8):
            status, body = daemon.order(waiter, table)
            self.assertEqual(status, 503, body)
            error = json.loads(body)["error"]
            self.assertEqual(error["code"], "STORAGE_UNAVAILABLE")
            self.assertIn("nothing was saved", error["message"])
            self.assertNotIn("SQLITE", body.decode().upper())
        # Reads go on: the menu, the kitchen's orders, one order, and /readyz says why it is not ready.
        self.assertEqual(daemon.request("GET", f"/api/menu/items?tenant_id={TENANT}")[0], 200)
        status, body = daemon.request("GET", "/api/orders", token=kitchen)
        self.assertEqual(status, 200)
        self.assertEqual({order["id"] for order in json.loads(body)["orders"]}, set(acknowledged))
        self.assertEqual(daemon.request("GET", f"/api/orders/{acknowledged[0]}", token=kitchen)[0], 200)
        status, body = daemon.request("GET", "/readyz")
        self.assertEqual((status, json.loads(body)["error"]["code"]), (503, "STORAGE_UNAVAILABLE"))

        # The disk works again: ordering resumes, no restart.
        os.remove(daemon.flag + flag_suffix)
        status, body = daemon.order(waiter, 9)
        self.assertEqual(status, 201, body)
        acknowledged.append(json.loads(body)["order"]["id"])
        self.assertEqual(daemon.request("GET", "/readyz")[0], 200)
        self.assertIsNone(daemon.process.poll(), "the daemon restarted")

        daemon.process.terminate()
        daemon.process.wait(timeout=20)
        stored = set(daemon.sql("SELECT id FROM orders").split())
        self.assertEqual(stored, set(acknowledged), "every acknowledged order, and only those")
        self.assertEqual(daemon.sql("PRAGMA integrity_check"), "ok")

    def test_io_errors_refuse_orders_with_503_and_ordering_resumes_when_the_disk_works(self):
        self.fails_then_recovers("")

    def test_a_read_only_filesystem_refuses_orders_with_503_and_ordering_resumes_when_writable(self):
        self.fails_then_recovers(".rofs")

    def test_a_vanished_database_refuses_writes_and_the_daemon_exits_for_systemd_to_restart_it(self):
        daemon = Daemon()
        self.addCleanup(daemon.stop)
        waiter = daemon.login("waiter1")
        status, body = daemon.order(waiter, 1)
        self.assertEqual(status, 201, body)
        acknowledged = json.loads(body)["order"]["id"]
        # Someone moves the state away (a botched restore, an `rm -r` of the wrong directory).
        moved = daemon.state + "-moved"
        os.rename(daemon.state, moved)
        status, body = daemon.order(waiter, 2)
        self.assertEqual(status, 503, body)
        self.assertEqual(json.loads(body)["error"]["code"], "STORAGE_UNAVAILABLE")
        # It cannot recover in-process: it exits non-zero (Restart=on-failure), and says why.
        self.assertNotEqual(daemon.process.wait(timeout=15), 0)
        self.assertNotEqual(daemon.process.returncode, 2, "2 is the refusal to start, which systemd does not restart")
        self.assertIn("deleted or replaced while open", daemon.log_text())
        # Nothing acknowledged went into the void: the moved file holds the one order, and is sound.
        self.assertEqual(daemon.sql("SELECT id FROM orders", state=moved).split(), [acknowledged])
        self.assertEqual(daemon.sql("PRAGMA integrity_check", state=moved), "ok")
        shutil.rmtree(moved, ignore_errors=True)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
