"""A box whose storage fills up, against the real binary (docs/operations/README.md, "Storage full
and disk errors").

The daemon runs in a mount namespace of its own with its state directory on a 24 MB tmpfs, so the
test can fill that filesystem without touching the machine's. Commands that must see the daemon's
files (filling, freeing, counting orders with sqlite3, a backup) run inside the same namespace with
nsenter. Needs root, as CI runs; elsewhere it is skipped.

Run: `python3 Tests/faults/test_storage_faults.py <intellidine binary>`.
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

BINARY = os.path.abspath(sys.argv.pop(1)) if len(sys.argv) > 1 else ".build/debug/intellidine"
TENANT = "11111111-1111-1111-1111-111111111111"
PASSWORDS = {"manager1": "manager-demo-1", "waiter1": "waiter-demo-1", "kitchen_staff1": "kitchen-demo-1"}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def terminate(process):
    """SIGTERM, then SIGKILL if the daemon has not stopped within 20 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


class Box:
    """The daemon on a small filesystem in its own mount namespace, with a systemd notify socket."""

    def __init__(self):
        self.base = tempfile.mkdtemp(prefix="intellidine-disk-full-")
        self.state = os.path.join(self.base, "state")
        os.makedirs(self.state)
        self.port = free_port()
        self.notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.notify.bind(os.path.join(self.base, "notify"))
        self.notify.settimeout(0.2)
        self.log = open(os.path.join(self.base, "daemon.log"), "w")
        self.process = subprocess.Popen(
            ["unshare", "--mount", "--propagation", "private", "sh", "-c",
             'mount -t tmpfs -o size=24m tmpfs "$0" && exec "$1" serve --demo --state-dir "$0" --host 127.0.0.1 '
             '--port "$2" --rate-limit-per-minute 0', self.state, BINARY, str(self.port)],
            env=dict(os.environ, NOTIFY_SOCKET=os.path.join(self.base, "notify")), stdout=self.log, stderr=subprocess.STDOUT)
        self.wait_until_serving()

    def wait_until_serving(self):
        """Until /healthz answers (60 s at most); the log's tail if the daemon exits or never answers."""
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if self.request("GET", "/healthz")[0] == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        with open(self.log.name) as log:
            raise RuntimeError("the daemon did not start: " + log.read()[-2000:])

    def inside(self, *command, check=True):
        """A command in the daemon's mount namespace (it sees the tmpfs)."""
        return subprocess.run(["nsenter", "-t", str(self.process.pid), "-m", *command], capture_output=True, text=True, check=check)

    def request(self, method, path, body=None, token=None):
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method,
                                         data=None if body is None else json.dumps(body).encode())
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", "Bearer " + token)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def login(self, username):
        status, body = self.request("POST", "/api/auth/staff/login",
                                    {"username": username, "password": PASSWORDS[username], "tenant_id": TENANT})
        assert status == 200, body
        return json.loads(body)["access_token"]

    def order(self, token, table=5):
        return self.request("POST", f"/api/orders?tenant_id={TENANT}",
                            {"table_id": f"tbl-{table:03d}", "items": [{"menu_item_id": "item_006", "quantity": 1}]}, token)

    def status_lines(self, seconds):
        """systemd STATUS= lines the daemon sent over `seconds`."""
        lines, deadline = [], time.time() + seconds
        while time.time() < deadline:
            try:
                message = self.notify.recv(4096).decode()
            except socket.timeout:
                continue
            lines += [line for line in message.splitlines() if line.startswith("STATUS=")]
        return lines

    def fill(self):
        """Fills the tmpfs: big blocks, then small ones until not a byte more fits."""
        for size in ("1M", "4k"):
            self.inside("sh", "-c", f'i=0; while dd if=/dev/zero of="{self.state}/filler-{size}-$i" bs={size} count=256 2>/dev/null; '
                                    f'do i=$((i+1)); done; true')

    def free(self):
        self.inside("sh", "-c", f'rm -f "{self.state}"/filler-*')

    def sql(self, query):
        return self.inside("sqlite3", "-cmd", ".timeout 10000", os.path.join(self.state, "db", "intellidine.sqlite"), query).stdout.strip()

    def stop(self):
        terminate(self.process)
        self.notify.close()
        self.log.close()
        shutil.rmtree(self.base, ignore_errors=True)


def can_mount_a_small_filesystem():
    """Root, util-linux's unshare and nsenter, and a kernel (or container) that lets us mount."""
    if os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("nsenter"):
        return False
    probe = tempfile.mkdtemp(prefix="intellidine-mount-probe-")
    try:
        return subprocess.run(["unshare", "--mount", "--propagation", "private", "mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", probe],
                              capture_output=True).returncode == 0
    finally:
        os.rmdir(probe)


@unittest.skipUnless(can_mount_a_small_filesystem(), "needs root and a mount namespace for a small filesystem of the test's own")
class StorageFaultTests(unittest.TestCase):
    def setUp(self):
        self.box = Box()
        self.addCleanup(self.box.stop)

    def test_full_disk_refuses_writes_clearly_keeps_serving_and_recovers_without_a_restart(self):
        box = self.box
        waiter, kitchen, manager = box.login("waiter1"), box.login("kitchen_staff1"), box.login("manager1")
        status, _ = box.request("POST", "/api/inventory/ingredients/ing-flour/restock", {"quantity": 10_000_000}, manager)
        self.assertEqual(status, 200)
        acknowledged = []
        for table in range(1, 4):
            status, body = box.order(waiter, table)
            self.assertEqual(status, 201, body)
            acknowledged.append(json.loads(body)["order"]["id"])

        box.fill()
        # The WAL reuses space it already has: orders go on until it must grow, then the disk refuses.
        refusal = None
        for attempt in range(5_000):
            status, body = box.order(waiter, attempt % 10 + 1)
            if status == 201:
                acknowledged.append(json.loads(body)["order"]["id"])
                continue
            refusal = (status, json.loads(body))
            break
        self.assertIsNotNone(refusal, "the full disk never refused an order")
        self.assertEqual(refusal[0], 503)
        self.assertEqual(refusal[1]["error"]["code"], "STORAGE_FULL")
        self.assertIn("nothing was saved", refusal[1]["error"]["message"])
        # Refused again, and a payment too: the same clear answer, never a 500.
        status, body = box.order(waiter)
        self.assertEqual((status, json.loads(body)["error"]["code"]), (503, "STORAGE_FULL"))
        status, body = box.request("PATCH", f"/api/payments/{acknowledged[0]}/cash", {"amount_received": 100}, waiter)
        self.assertEqual((status, json.loads(body)["error"]["code"]), (503, "STORAGE_FULL"), body)

        # Reads keep working: the guest menu, the kitchen's board, an order's tracking.
        self.assertEqual(box.request("GET", f"/api/menu/items?tenant_id={TENANT}")[0], 200)
        status, body = box.request("GET", "/api/orders?status=PENDING", token=kitchen)
        self.assertEqual(status, 200, body)
        status, body = box.request("GET", f"/api/orders/{acknowledged[-1]}", token=waiter)
        self.assertEqual(status, 200, body)
        # Readiness, the metric and systemd's status line all say why.
        status, body = box.request("GET", "/readyz")
        self.assertEqual((status, json.loads(body)["error"]["code"]), (503, "STORAGE_FULL"))
        metrics = box.request("GET", "/metrics", token=manager)[1].decode()
        self.assertIn("intellidine_storage_full 1", metrics)
        self.assertTrue(any("STORAGE FULL" in line for line in box.status_lines(12)), "no STATUS= line said the storage is full")

        # A backup would fill what is left: it is skipped with a warning, and writes nothing.
        backup = box.inside(BINARY, "backup", "--state-dir", box.state, check=False)
        self.assertEqual(backup.returncode, 0, backup.stderr)
        self.assertIn("Backup skipped", backup.stderr)
        self.assertEqual(box.inside("sh", "-c", f'ls "{box.state}/backups" 2>/dev/null | wc -l').stdout.strip(), "0")

        # Space is freed: ordering resumes in the same process, and readiness comes back.
        pid = box.process.pid
        box.free()
        status, body = box.request("GET", "/readyz")
        self.assertEqual(status, 200, body)
        status, body = box.order(waiter)
        self.assertEqual(status, 201, body)
        acknowledged.append(json.loads(body)["order"]["id"])
        self.assertEqual(box.process.pid, pid)
        self.assertIsNone(box.process.poll())
        self.assertIn("intellidine_storage_full 0", box.request("GET", "/metrics", token=manager)[1].decode())

        # Every acknowledged order is in the database, nothing half-written, and the file is sound.
        stored = set(box.sql("SELECT id FROM orders").split())
        self.assertEqual(set(acknowledged) - stored, set())
        self.assertEqual(len(stored), len(acknowledged))
        self.assertEqual(box.sql("SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id)"), "0")
        self.assertEqual(box.sql("SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.aggregate_id = o.id AND e.type = 'order.created')"), "0")
        self.assertEqual(box.sql("PRAGMA integrity_check"), "ok")
        with open(box.log.name) as log_file:
            log = log_file.read()
        self.assertNotIn("Fatal error", log)
        self.assertTrue(re.search(r"storage refused a write", log), "the journal does not say why orders were refused")


if __name__ == "__main__":
    unittest.main(verbosity=2)
