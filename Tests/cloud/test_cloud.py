"""Two real boxes and the real head office, end to end (docs/cloud.md).

Run: `python3 Tests/cloud/test_cloud.py <intellidine binary> <intellidine-cloud binary>`.

Two `intellidine` daemons (two demo restaurants) trade a service while the cloud is down: orders at
ten tables each, paid in cash, by UPI and card, some bills split, some orders cancelled. Their
forwarders keep retrying. Then PostgreSQL and `intellidine-cloud serve` come up and the boxes drain.
Every event must land exactly once, and head office's projections (orders, payments, invoices, daily
sales) must equal each box's own SQL over its orders, payments and invoices, to the paisa; the fleet
shows both boxes caught up. The same drain then runs three more times from the same two boxes (their
state directories copied while stopped): with the ingest process SIGKILLed mid-drain, with Postgres
restarted mid-drain, and with two ingest processes on one Postgres, each box sending to its own.

Faults at the door, each against the real binary: forged signatures, unknown boxes, replays,
conflicting payloads, a malformed body, a 10 MB body, Postgres killed mid-batch (no half batch; the
sender's retry ends exactly once), and a box revoked while its batches are in flight.
"""
import hashlib
import hmac
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from harness import Cloud, Postgres, free_port  # noqa: E402

BOX_BINARY = os.path.abspath(sys.argv.pop(1) if len(sys.argv) > 1 else ".build/debug/intellidine")
CLOUD_BINARY = os.path.abspath(sys.argv.pop(1) if len(sys.argv) > 1 else ".build/debug/intellidine-cloud")
TENANT = "11111111-1111-1111-1111-111111111111"
ORDERS_PER_BOX = int(os.environ.get("CLOUD_TEST_ORDERS_PER_BOX", "1000"))
PHONE = "9876543210"


def read(path):
    with open(path, errors="replace") as f:
        return f.read()


def http(method, url, body=None, token=None, headers=None):
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    request = urllib.request.Request(url, method=method, data=data, headers=dict(headers or {}))
    if body is not None and "Content-Type" not in request.headers:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            raw = response.read()
            return response.status, (json.loads(raw) if raw[:1] in (b"{", b"[") else raw)
    except urllib.error.HTTPError as error:
        raw = error.read()
        return error.code, (json.loads(raw) if raw[:1] in (b"{", b"[") else raw)


class Box:
    """The real `intellidine` daemon with the demo restaurant, forwarding to `cloud_url`."""

    def __init__(self, box_id, state_dir, cloud_port, key):
        self.box_id, self.state_dir, self.cloud_port = box_id, state_dir, cloud_port
        os.makedirs(state_dir, exist_ok=True)
        self.write_config(cloud_port, key)
        self.process = None

    def write_config(self, cloud_port, key):
        self.cloud_port = cloud_port
        secret = os.path.join(self.state_dir, "cloud-secret")
        with open(os.open(secret, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
            f.write(key)  # the 64 hex characters, no newline: the box signs with these bytes
        with open(os.path.join(self.state_dir, "box.conf"), "w") as f:
            f.write(f"cloud_url = http://127.0.0.1:{cloud_port}\ncloud_box_id = {self.box_id}\ncloud_secret_file = {secret}\n"
                    "retry_cap_seconds = 1\nrate_limit_per_minute = 0\n")

    def start(self):
        self.log_path = os.path.join(self.state_dir, "daemon.log")
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [BOX_BINARY, "serve", "--state-dir", self.state_dir, "--host", "127.0.0.1", "--port", "0", "--demo",
                 "--config", os.path.join(self.state_dir, "box.conf"), "--log-level", "info"],
                stdout=subprocess.DEVNULL, stderr=log, env={k: v for k, v in os.environ.items() if not k.startswith("INTELLIDINE_")})
        deadline = time.time() + 60
        while time.time() < deadline:
            text = read(self.log_path)
            found = re.findall(r"listening on 127\.0\.0\.1:(\d+)", text)
            if found:
                self.base = f"http://127.0.0.1:{found[-1]}"
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise RuntimeError(f"{self.box_id} did not start: " + read(self.log_path)[-2000:])

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(30)

    def call(self, method, path, body=None, token=None):
        return http(method, self.base + path, body, token)

    def sql(self, query):
        connection = sqlite3.connect(f"file:{os.path.join(self.state_dir, 'db', 'intellidine.sqlite')}?mode=ro", uri=True)
        try:
            return connection.execute(query).fetchall()
        finally:
            connection.close()

    def otp(self):
        spool = os.path.join(self.state_dir, "sms", "outgoing")
        for name in sorted(os.listdir(spool), key=lambda n: os.path.getmtime(os.path.join(spool, n)), reverse=True):
            text = read(os.path.join(spool, name))
            match = re.search(r"\b(\d{6})\b", text)
            if f"To: 91{PHONE}" in text and "OTP" in text and match:
                return match.group(1)
        raise AssertionError("no OTP in the spool")

    def trade(self, orders):
        """A service: `orders` orders at ten tables, three to a table's bill, settled in turn."""
        status, answer = self.call("POST", "/api/auth/staff/login", {"username": "manager1", "password": "manager-demo-1", "tenant_id": TENANT})
        assert status == 200, answer
        staff = answer["access_token"]
        status, stock = self.call("GET", "/api/inventory", token=staff)
        for ingredient in stock["ingredients"]:
            self.call("POST", f"/api/inventory/ingredients/{ingredient['id']}/restock", {"quantity": 5_000_000}, token=staff)
        assert self.call("POST", "/api/auth/customer/otp", {"phone_number": PHONE})[0] == 200
        status, answer = self.call("POST", f"/api/auth/customer/verify-otp?tenant_id={TENANT}", {"phone_number": PHONE, "otp": self.otp()})
        assert status == 200, answer
        guest = answer["access_token"]
        placed, bill = 0, 0
        while placed < orders:
            bill += 1
            table = f"tbl-{bill % 10 + 1:03d}"
            ids, session = [], None
            for round_ in range(min(3, orders - placed)):
                items = [{"menu_item_id": ["item_001", "item_003", "item_005", "item_006"][(bill + round_) % 4], "quantity": 1 + (bill + round_) % 3}]
                status, answer = self.call("POST", f"/api/orders?tenant_id={TENANT}", {"table_id": table, "items": items}, token=guest)
                assert status == 201, answer
                ids.append(answer["order"]["id"])
                session = answer["order"]["table_session_id"]
                placed += 1
            if bill % 7 == 0 and len(ids) > 1:
                status, answer = self.call("PATCH", f"/api/orders/{ids.pop()}/status", {"status": "CANCELLED", "notes": "Guest left"}, token=staff)
                assert status == 200, answer
            if bill % 5 == 0:
                status, answer = self.call("POST", f"/api/sessions/{session}/split", {"mode": "equal", "parts": 2}, token=staff)
                assert status == 200, answer
                for index, part in enumerate(answer["session"]["parts"]):
                    if index == 0:
                        status, paid = self.call("POST", f"/api/sessions/{session}/parts/{part['id']}/cash", {"amount_received": 100000}, token=staff)
                    else:
                        status, paid = self.call("POST", f"/api/sessions/{session}/parts/{part['id']}/counter",
                                                 {"method": "UPI", "reference": f"9{bill:011d}"}, token=staff)
                    assert status == 200, paid
                continue
            for index, order_id in enumerate(ids):
                method = ["CASH", "UPI", "CARD"][(bill + index) % 3]
                if method == "CASH":
                    status, paid = self.call("PATCH", f"/api/payments/{order_id}/cash", {"amount_received": 100000}, token=staff)
                else:
                    reference = f"{bill % 9 + 1}{bill:08d}{index:03d}" if method == "UPI" else f"AC{bill}X{index}"
                    status, paid = self.call("POST", f"/api/payments/{order_id}/counter", {"method": method, "reference": reference}, token=staff)
                assert status == 200, paid


class EndToEndTests(unittest.TestCase):
    """Two boxes trade offline; the cloud comes up four ways; every event lands once."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="intellidine-e2e-")
        cls.boxes = {}
        # The boxes trade with nothing listening at their cloud_url: every batch fails and is retried.
        dead_port = free_port()
        for box_id in ("box-a", "box-b"):
            box = Box(box_id, os.path.join(cls.dir, box_id), dead_port, "0" * 64)
            box.start()
            cls.boxes[box_id] = box
        threads = [threading.Thread(target=box.trade, args=(ORDERS_PER_BOX,)) for box in cls.boxes.values()]
        errors = []

        def run(thread):
            try:
                thread.run()
            except BaseException as error:  # noqa: BLE001
                errors.append(error)
        workers = [threading.Thread(target=run, args=(t,)) for t in threads]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        for box in cls.boxes.values():
            box.stop()
        if errors:
            raise errors[0]
        # What each drain starts from: the boxes as they were when the service ended.
        for box_id in cls.boxes:
            shutil.copytree(os.path.join(cls.dir, box_id), os.path.join(cls.dir, box_id + "-snapshot"))

    @classmethod
    def tearDownClass(cls):
        for box in cls.boxes.values():
            box.stop()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def fresh_boxes(self, ports, keys):
        """The two boxes back at the end of the service, pointed at `ports`, with the cloud's keys."""
        boxes = {}
        for box_id, port in ports.items():
            state = os.path.join(self.dir, box_id)
            self.boxes[box_id].stop()
            shutil.rmtree(state)
            shutil.copytree(os.path.join(self.dir, box_id + "-snapshot"), state)
            box = Box(box_id, state, port, keys[box_id])
            boxes[box_id] = box
            self.boxes[box_id] = box
        return boxes

    def drain(self, fault=None):
        postgres = Postgres()
        postgres.start()
        clouds = []
        try:
            first = Cloud(CLOUD_BINARY, postgres.url)
            clouds.append(first)
            keys = {box_id: first.add_box(box_id, f"Restaurant {box_id}") for box_id in ("box-a", "box-b")}
            ports = {"box-a": first.port, "box-b": first.port}
            if fault == "two processes":
                second = Cloud(CLOUD_BINARY, postgres.url)
                second.credentials = first.credentials
                clouds.append(second)
                ports["box-b"] = second.port
            boxes = self.fresh_boxes(ports, keys)
            expected = {box_id: box.sql("SELECT COUNT(*) FROM events")[0][0] for box_id, box in boxes.items()}
            self.assertGreater(min(expected.values()), ORDERS_PER_BOX, "the service wrote its events")
            for box in boxes.values():
                box.start()
            time.sleep(1)  # the forwarders fail against the closed port, then back off
            for cloud in clouds:
                cloud.start()
            stored = lambda: dict(psql(postgres, "SELECT box_id, count(*) FROM events GROUP BY box_id"))  # noqa: E731
            if fault in ("kill ingest", "restart postgres"):
                deadline = time.time() + 60
                while sum(stored().values()) == 0 and time.time() < deadline:
                    time.sleep(0.02)
                self.assertLess(sum(stored().values()), sum(expected.values()), "the fault strikes mid-drain")
                if fault == "kill ingest":
                    first.process.kill()
                    first.process.wait()
                    time.sleep(1)
                    first.start()
                else:
                    postgres.restart()
            deadline = time.time() + 240
            while time.time() < deadline and stored() != {k: int(v) for k, v in expected.items()}:
                time.sleep(0.5)
            self.assertEqual(stored(), expected, "every event once")
            self.assert_projections(postgres, boxes)
            # The fleet, as head office reads it: both boxes caught up (their last batch said nothing was left).
            first.cli("user", "add", "--username", "hq1", stdin="head-office-pass-1\n")
            status, headers, _ = first.request("POST", "/hq/api/login", json.dumps({"username": "hq1", "password": "head-office-pass-1"}).encode(),
                                               {"Content-Type": "application/json"})
            self.assertEqual(status, 200)
            cookie = headers["Set-Cookie"].split(";")[0]
            status, _, body = clouds[-1].request("GET", "/hq/api/fleet", headers={"Cookie": cookie})
            self.assertEqual(status, 200, "any ingest process knows the sign-in")
            fleet = {box["box_id"]: box for box in json.loads(body)["boxes"]}
            for box_id, box in boxes.items():
                self.assertEqual((fleet[box_id]["backlog"], fleet[box_id]["behind"], fleet[box_id]["gaps"], fleet[box_id]["conflicts"]),
                                 (0, False, 0, 0), f"{box_id} caught up")
                self.assertEqual(fleet[box_id]["last_seq"], box.sql("SELECT MAX(seq) FROM events")[0][0])
                self.assertEqual(fleet[box_id]["events_received"], expected[box_id])
            self.assertEqual(psql(postgres, "SELECT count(*) FROM seq_gaps")[0][0], 0)
            self.assertEqual(psql(postgres, "SELECT count(*) FROM event_conflicts")[0][0], 0)
            ids = {row[0] for row in psql(postgres, "SELECT event_id FROM events")}
            for box in boxes.values():
                self.assertTrue({row[0] for row in box.sql("SELECT id FROM events")} <= ids)
        finally:
            for box in self.boxes.values():
                box.stop()
            for cloud in clouds:
                cloud.stop()
            postgres.stop()

    def assert_projections(self, postgres, boxes):
        for box_id, box in boxes.items():
            self.assertEqual(
                sorted(psql(postgres, f"SELECT order_id, status, total_paise FROM orders WHERE box_id = '{box_id}'")),
                sorted(box.sql("SELECT id, status, total_paise FROM orders")), f"{box_id}: orders")
            self.assertEqual(
                sorted(psql(postgres, f"SELECT payment_id, method, amount_paise FROM payments WHERE box_id = '{box_id}'")),
                sorted(box.sql("SELECT id, payment_method, amount_paise FROM payments WHERE status = 'COMPLETED'")), f"{box_id}: payments")
            self.assertEqual(
                sorted(psql(postgres, f"SELECT invoice_number, total_paise, cgst_paise + sgst_paise FROM invoices WHERE box_id = '{box_id}'")),
                sorted(box.sql("SELECT id, total_paise, cgst_paise + sgst_paise FROM invoices")), f"{box_id}: invoices")
            # Daily sales on the restaurant's own days (Asia/Kolkata: UTC + 5:30).
            self.assertEqual(
                sorted((str(d), int(o), int(s)) for d, o, s in psql(
                    postgres, f"SELECT to_char(local_date, 'YYYY-MM-DD'), orders, sales_paise FROM daily_sales WHERE box_id = '{box_id}' AND orders > 0")),
                sorted(box.sql("""SELECT date(created_at, '+330 minutes'), COUNT(*), SUM(total_paise) FROM orders
                                  WHERE status != 'CANCELLED' GROUP BY 1""")), f"{box_id}: daily sales")

    def test_1_drain(self):
        self.drain()

    def test_2_drain_with_the_ingest_process_killed(self):
        self.drain("kill ingest")

    def test_3_drain_with_postgres_restarted(self):
        self.drain("restart postgres")

    def test_4_drain_into_two_ingest_processes(self):
        self.drain("two processes")


class DoorTests(unittest.TestCase):
    """What reaches `POST /v1/events` that a box would not send, and faults in the middle of a batch."""

    @classmethod
    def setUpClass(cls):
        cls.postgres = Postgres()
        cls.postgres.start()
        cls.cloud = Cloud(CLOUD_BINARY, cls.postgres.url)
        cls.keys = {box_id: cls.cloud.add_box(box_id, f"Restaurant {box_id}") for box_id in ("door-a", "door-b", "door-c")}
        cls.cloud.start()

    @classmethod
    def tearDownClass(cls):
        cls.cloud.stop()
        cls.postgres.stop()

    @staticmethod
    def events(prefix, first, count, total="100.5"):
        return [{"id": f"{prefix}-{seq}", "seq": seq, "tenant_id": "t1", "type": "order.created", "aggregate_id": f"ord-{prefix}-{seq}",
                 "occurred_at": "2026-12-03T07:00:00.000Z",
                 "payload": json.loads(f'{{"order_id": "ord-{prefix}-{seq}", "ticket_number": {seq}, "table_number": 1, "total": {total}, "items": []}}')}
                for seq in range(first, first + count)]

    def post(self, box_id, body, key=None, headers=None):
        raw = body if isinstance(body, bytes) else json.dumps(body, separators=(",", ":")).encode()
        signed = {"Content-Type": "application/json", "X-Intellidine-Box": box_id,
                  "X-Intellidine-Signature": "sha256=" + hmac.new((key or self.keys[box_id]).encode(), raw, hashlib.sha256).hexdigest()}
        signed.update(headers or {})
        try:
            return http("POST", self.cloud.base + "/v1/events", raw, headers=signed)
        except (ConnectionError, urllib.error.URLError, OSError) as error:
            return 0, str(error)

    def stored(self, prefix):
        return psql(self.postgres, f"SELECT count(*) FROM events WHERE event_id LIKE '{prefix}%'")[0][0]

    def test_forged_replayed_conflicting_malformed_and_oversized(self):
        batch = {"box_id": "door-a", "batch_id": "batch-door-a-1-3", "events": self.events("fr", 1, 3)}
        self.assertEqual(self.post("door-a", batch), (200, {"stored": 3, "duplicates": 0, "conflicts": 0}))
        self.assertEqual(self.post("door-a", batch), (200, {"stored": 0, "duplicates": 3, "conflicts": 0}), "a replay stores nothing")
        changed = {"box_id": "door-a", "batch_id": "batch-door-a-1-3", "events": self.events("fr", 1, 3, total="1")}
        self.assertEqual(self.post("door-a", changed), (200, {"stored": 0, "duplicates": 3, "conflicts": 3}), "kept aside, still 2xx")
        self.assertEqual(psql(self.postgres, "SELECT DISTINCT payload->>'total' FROM events WHERE event_id LIKE 'fr-%'"), [("100.5",)], "the first copy stays")
        self.assertEqual(psql(self.postgres, "SELECT conflicts FROM boxes WHERE box_id = 'door-a'"), [(3,)])
        fresh = {"box_id": "door-a", "batch_id": "x", "events": self.events("forged", 1, 2)}
        self.assertEqual(self.post("door-a", fresh, key=self.keys["door-b"])[0], 401, "signed with another box's key")
        self.assertEqual(self.post("door-a", fresh, headers={"X-Intellidine-Signature": "sha256=" + "0" * 64})[0], 401)
        self.assertEqual(self.post("door-a", fresh, headers={"X-Intellidine-Signature": "md5=zz"})[0], 401)
        self.assertEqual(self.post("nobody", dict(fresh, box_id="nobody"), key="0" * 64)[0], 401, "an unknown box")
        self.assertEqual(self.stored("forged"), 0)
        for body in (b"{not json", json.dumps({"box_id": "door-b", "batch_id": "x", "events": []}).encode(),
                     json.dumps({"box_id": "door-a", "batch_id": "x", "events": [dict(self.events("bad", 1, 1)[0], occurred_at="yesterday")]}).encode(),
                     json.dumps({"box_id": "door-a", "batch_id": "x", "events": [dict(self.events("bad", 1, 1)[0], payload=[1])]}).encode()):
            status, answer = self.post("door-a", body)
            self.assertEqual(status, 400, body)
            self.assertEqual(answer["error"]["code"], "BAD_BATCH")
        # 10 MB: refused from its Content-Length, before a byte of it is read.
        import socket
        with socket.create_connection(("127.0.0.1", self.cloud.port), timeout=30) as connection:
            connection.sendall(b"POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Intellidine-Box: door-a\r\n"
                               b"X-Intellidine-Signature: sha256=00\r\nContent-Length: 10485760\r\n\r\n" + b"[" * 65536)
            head = connection.recv(4096).decode(errors="replace")
        self.assertTrue(head.startswith("HTTP/1.1 413"), head)
        # Streamed without a length (chunked): read up to the limit, then 413 and the connection closed.
        with socket.create_connection(("127.0.0.1", self.cloud.port), timeout=30) as connection:
            connection.sendall(b"POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Intellidine-Box: door-a\r\n"
                               b"X-Intellidine-Signature: sha256=00\r\nTransfer-Encoding: chunked\r\n\r\n")
            head, sent, cut = "", 0, False
            while not head and not cut and sent < (10 << 20):
                try:
                    connection.sendall(b"10000\r\n" + b"x" * 65536 + b"\r\n")
                    sent += 65536
                    head = connection.recv(4096, socket.MSG_DONTWAIT).decode(errors="replace")
                except BlockingIOError:
                    continue
                except OSError:
                    cut = True
        # The 413 is sent and the connection closed; the client may see the answer or, still sending,
        # only the reset that the unread rest of its body causes. Either way it stopped well short.
        self.assertTrue(head.startswith("HTTP/1.1 413") or cut, head)
        self.assertLess(sent, 4 << 20, "refused near the 2 MiB limit, not after 10 MB")
        self.assertEqual(http("GET", self.cloud.base + "/healthz")[0], 200, "still serving")

    def test_postgres_killed_mid_batch(self):
        """Batches sent as the forwarder sends them, each retried until 2xx, while Postgres is killed and
        restarted under them: no half batch is ever stored, and every event ends stored once."""
        statuses, done, in_flight = [], threading.Event(), threading.Event()

        def sender():
            for index in range(30):
                batch = {"box_id": "door-b", "batch_id": f"pk-{index}", "events": self.events(f"pk{index:02d}", index * 500 + 1, 500)}
                while True:
                    in_flight.set()
                    status, _ = self.post("door-b", batch)
                    in_flight.clear()
                    statuses.append(status)
                    if status == 200:
                        break
                    time.sleep(0.2)
            done.set()
        thread = threading.Thread(target=sender)
        thread.start()
        deadline = time.time() + 120
        while statuses.count(200) < 5 and time.time() < deadline:
            time.sleep(0.005)
        in_flight.wait(30)
        self.postgres.restart()  # SIGQUIT while a batch is on its way in, then up again on the same data
        halves = psql(self.postgres, "SELECT split_part(event_id, '-', 1), count(*) FROM events WHERE event_id LIKE 'pk%' GROUP BY 1 HAVING count(*) <> 500")
        self.assertEqual(halves, [], "no half batch")
        thread.join(240)
        self.assertTrue(done.is_set())
        # The batch the crash met was refused (503), cut off (0: a broken connection or a timeout, which
        # the forwarder also sends again), or waited for a new connection and was stored; each once.
        self.assertTrue(set(statuses) <= {200, 503, 0}, statuses)
        self.assertEqual(self.stored("pk"), 30 * 500, "every event once")

    def test_box_revoked_while_its_batches_are_in_flight(self):
        outcomes, stop = [], threading.Event()

        def sender():
            index = 0
            while not stop.is_set() and index < 400:
                batch = {"box_id": "door-c", "batch_id": f"rv-{index}", "events": self.events(f"rv{index:03d}", index * 20 + 1, 20)}
                status, answer = self.post("door-c", batch)
                outcomes.append((index, status))
                if status not in (200, 401):
                    print(f"batch {index}: {status} {answer}", file=sys.stderr)
                index += 1
        thread = threading.Thread(target=sender)
        thread.start()
        while len(outcomes) < 10:
            time.sleep(0.01)
        self.cloud.cli("box", "revoke", "--box-id", "door-c")
        time.sleep(0.5)
        stop.set()
        thread.join(60)
        accepted = [index for index, status in outcomes if status == 200]
        refused = [index for index, status in outcomes if status == 401]
        self.assertTrue(accepted and refused, outcomes[-5:])
        # A 503 (Postgres busy) is the contract's "send it again": nothing of it was stored either.
        self.assertTrue(set(status for _, status in outcomes) <= {200, 401, 503}, outcomes)
        self.assertLess(max(accepted), min(refused), "nothing is taken once the revocation is committed")
        for index, status in outcomes:
            self.assertEqual(self.stored(f"rv{index:03d}-"), 20 if status == 200 else 0, f"batch {index}: {status}")


def psql(postgres, query):
    output = subprocess.run([f"{'/usr/lib/postgresql/15/bin'}/psql", postgres.url, "-At", "-F", "\t", "-c", query],
                            capture_output=True, text=True, check=True).stdout
    rows = []
    for line in output.splitlines():
        rows.append(tuple(int(cell) if cell.lstrip("-").isdigit() else cell for cell in line.split("\t")))
    return rows


if __name__ == "__main__":
    unittest.main(verbosity=2)
