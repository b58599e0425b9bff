"""HTTPS on the restaurant's Wi-Fi, through the real binary, real sockets and real clients.

Run by `make test`: `python3 Tests/tls/test_https.py <intellidine binary>`.
Each test makes a throwaway CA and server certificates with the `openssl` CLI (nothing secret is
committed), starts the daemon with them, and talks to it with Python's `ssl` trusting only that CA,
hostname checks on; the browser test runs Chromium trusting the test certificate's key.
"""
import base64
import hashlib
import http.client
import json
import os
import shutil
import signal
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.request
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "browser"))
import test_web_apps as web  # noqa: E402  (takes the binary's path from argv, as this file does)

from selenium.webdriver.common.by import By  # noqa: E402

BINARY = web.BINARY
TENANT = web.TENANT
NAME = "box.intellidine.test"


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


class TestPKI:
    """A throwaway CA (ECDSA P-256) in a temp dir, issuing server pairs for NAME and 127.0.0.1."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="intellidine-pki-")
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ca.key", cwd=self.dir)
        openssl("req", "-x509", "-new", "-key", "ca.key", "-subj", "/CN=IntelliDine test CA", "-days", "2", "-out", "ca.pem",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=self.dir)
        with open(os.path.join(self.dir, "ext.cnf"), "w") as f:
            f.write(f"subjectAltName=DNS:{NAME},IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n")
        with open(os.path.join(self.dir, "ca.cnf"), "w") as f:
            f.write(f"[ca]\ndefault_ca = test\n[test]\ndatabase = {self.dir}/index.txt\nnew_certs_dir = {self.dir}\n"
                    f"serial = {self.dir}/serial\ndefault_md = sha256\npolicy = any\ncopy_extensions = none\n"
                    "unique_subject = no\n[any]\ncommonName = supplied\n")
        open(os.path.join(self.dir, "index.txt"), "w").close()
        self.ca = os.path.join(self.dir, "ca.pem")
        self.count = 0

    def issue(self, algorithm="EC", start=None, end=None):
        """A new key and a certificate for it; `start`/`end` (YYYYMMDDHHMMSSZ) date it. Returns (cert, key, serial)."""
        self.count += 1
        name = f"server{self.count}"
        if algorithm == "EC":
            openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", f"{name}.key", cwd=self.dir)
        else:
            openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", f"{name}.key", cwd=self.dir)
        openssl("req", "-new", "-key", f"{name}.key", "-subj", f"/CN={NAME}", "-out", f"{name}.csr", cwd=self.dir)
        serial = uuid.uuid4().hex[:16].upper()
        if start or end:
            with open(os.path.join(self.dir, "serial"), "w") as f:
                f.write(serial + "\n")
            openssl("ca", "-batch", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key", "-in", f"{name}.csr",
                    "-out", f"{name}.leaf", "-notext", "-extfile", "ext.cnf", "-startdate", start or "20200101000000Z",
                    "-enddate", end or "20991231000000Z", cwd=self.dir)
        else:
            openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", "0x" + serial,
                    "-days", "2", "-extfile", "ext.cnf", "-out", f"{name}.leaf", cwd=self.dir)
        # The full chain, as a real deployment installs it: the leaf, then the CA.
        with open(os.path.join(self.dir, f"{name}.pem"), "w") as chain:
            for part in (f"{name}.leaf", "ca.pem"):
                with open(os.path.join(self.dir, part)) as f:
                    chain.write(f.read())
        return os.path.join(self.dir, f"{name}.pem"), os.path.join(self.dir, f"{name}.key"), int(serial, 16)

    def context(self):
        context = ssl.create_default_context(cafile=self.ca)  # only this CA; hostname checks on
        assert context.check_hostname and context.verify_mode == ssl.CERT_REQUIRED
        return context

    def spki_hash(self, cert):
        pub = subprocess.run(["openssl", "x509", "-in", cert, "-pubkey", "-noout"], check=True, capture_output=True).stdout
        der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "der"], input=pub, check=True, capture_output=True).stdout
        return base64.b64encode(hashlib.sha256(der).digest()).decode()

    def remove(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def replace(source, destination):
    """Installs a file as a deploy hook does: a temporary copy beside it, then an atomic rename."""
    shutil.copyfile(source, destination + ".tmp")
    os.replace(destination + ".tmp", destination)


class TLSDaemon(web.Daemon):
    """The real binary with HTTPS on: the app on `https_port`, the redirect on `port`."""

    def __init__(self, pki, extra=(), env=None):
        super().__init__(env)
        self.pki = pki
        self.https_port = web.free_port()
        self.cert = os.path.join(self.state, "cert.pem")
        self.key = os.path.join(self.state, "key.pem")
        self.extra = list(extra)
        self.context = pki.context()

    @property
    def base(self):  # Python's clients: the IP SAN, checked like the name
        return f"https://127.0.0.1:{self.https_port}"

    @property
    def public_url(self):  # what phones open
        return f"https://{NAME}:{self.https_port}"

    def command(self):
        return [BINARY, "serve", "--demo", "--state-dir", self.state, "--host", "127.0.0.1", "--port", str(self.port),
                "--https-port", str(self.https_port), "--tls-cert-file", self.cert, "--tls-key-file", self.key,
                "--public-url", self.public_url, "--rate-limit-per-minute", "0", "--log-level", "info"] + self.extra

    def install(self, cert, key):
        replace(key, self.key)
        replace(cert, self.cert)

    def start(self):
        self.log = open(os.path.join(self.state, "daemon.log"), "ab")
        self.process = subprocess.Popen(self.command(), stdout=self.log, stderr=self.log, env=self.env)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.base + "/readyz", timeout=1, context=self.context).read()
                return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.05)
        raise RuntimeError("daemon did not start: " + self.log_text()[-3000:])

    def log_text(self):
        with open(os.path.join(self.state, "daemon.log"), errors="replace") as f:
            return f.read()

    def served_serial(self):
        """A new handshake, by name: the serial of the certificate it is shown."""
        with socket.create_connection(("127.0.0.1", self.https_port), timeout=5) as raw:
            with self.context.wrap_socket(raw, server_hostname=NAME) as tls:
                return int(tls.getpeercert()["serialNumber"], 16)

    def metric(self, name):
        # /metrics from loopback is served on plain HTTP too (a local Prometheus needs no certificate).
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/metrics", timeout=10) as response:
            for line in response.read().decode().splitlines():
                if line.startswith(name + " ") or line.startswith(name + "{"):
                    return float(line.rsplit(" ", 1)[1])
        return None

    def stock_up(self, manager):
        for ingredient in ("ing-paneer", "ing-chicken", "ing-dal", "ing-flour", "ing-butter", "ing-cream"):
            self.call("POST", f"/api/inventory/ingredients/{ingredient}/restock", token=manager, body={"quantity": 1_000_000})

    def orders_in_database(self):
        out = subprocess.run(["sqlite3", os.path.join(self.state, "db", "intellidine.sqlite"), "SELECT COUNT(*) FROM orders"],
                             capture_output=True, text=True, check=True)
        return int(out.stdout.strip())


class NamedHTTPSConnection(http.client.HTTPSConnection):
    """A keep-alive HTTPS connection to 127.0.0.1 that asks for, and checks, the box's name."""

    def connect(self):
        raw = socket.create_connection((self.host, self.port), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=NAME)


class WebSocket:
    """A minimal RFC 6455 client over a TLS socket (wss), enough to follow the live stream."""

    def __init__(self, daemon, path):
        raw = socket.create_connection(("127.0.0.1", daemon.https_port), timeout=10)
        self.sock = daemon.context.wrap_socket(raw, server_hostname=NAME)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: {NAME}:{daemon.https_port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise AssertionError("closed during the upgrade")
            head += chunk
        head, self.buffer = head.split(b"\r\n\r\n", 1)
        assert head.startswith(b"HTTP/1.1 101"), head
        self.closed = False

    def _read(self, count):
        while len(self.buffer) < count:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def _send(self, opcode, payload):
        mask = os.urandom(4)
        header = bytes([0x80 | opcode])
        header += bytes([0x80 | len(payload)]) if len(payload) < 126 else bytes([0x80 | 126]) + struct.pack("!H", len(payload))
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def receive(self):
        """The next text frame as JSON; answers pings; raises ConnectionError when the server closes."""
        while True:
            first, second = self._read(2)
            length = second & 0x7F
            if length == 126:
                length = struct.unpack("!H", self._read(2))[0]
            elif length == 127:
                length = struct.unpack("!Q", self._read(8))[0]
            payload = self._read(length)
            opcode = first & 0x0F
            if opcode == 0x9:
                self._send(0xA, payload)
            elif opcode == 0x8:
                self.closed = True
                raise ConnectionError("the server closed the stream")
            elif opcode == 0x1:
                return json.loads(payload)

    def close(self, reader=None):
        """Closes the stream. `reader`, a thread still blocked in `receive`, is woken by a shutdown and
        joined before the descriptor is freed: a closed descriptor's number goes to the next socket
        opened, and a read still pending on it takes that socket's first bytes. (It once took five,
        a TLS record header, from a plain `/metrics` answer, which then began `1.1 200 OK`.)"""
        if reader is not None:
            # No close frame: one thread writing while another reads the same TLS connection is not safe.
            try:
                self.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            reader.join(10)
            assert not reader.is_alive(), "the stream's reader did not stop"
        else:
            try:
                self._send(0x8, struct.pack("!H", 1000))
            except OSError:
                pass
        self.sock.close()


def kitchen_stream(daemon, token):
    status, body = daemon.call("POST", "/api/stream/tickets", token=token)
    assert status == 201, body
    stream = WebSocket(daemon, f"/api/stream?ticket={body['ticket']}")
    assert stream.receive()["type"] == "snapshot"
    return stream


class HTTPSTests(unittest.TestCase):
    def setUp(self):
        self.pki = TestPKI()
        self.daemons = []

    def tearDown(self):
        for daemon in self.daemons:
            daemon.stop()
        self.pki.remove()

    def start(self, algorithm="EC", extra=(), env=None):
        daemon = TLSDaemon(self.pki, extra=extra, env=env)
        cert, key, serial = self.pki.issue(algorithm)
        daemon.install(cert, key)
        daemon.serial = serial
        self.daemons.append(daemon)
        daemon.start()
        return daemon

    def test_demo_journey_over_https_and_wss(self):
        daemon = self.start()
        self.assertEqual(daemon.served_serial(), daemon.serial)
        kitchen = daemon.staff_token("kitchen_staff1", "kitchen-demo-1")
        stream = kitchen_stream(daemon, kitchen)
        # OTP and sign-in over HTTPS, the code read from the SMS spool as a GSM modem would.
        status, body = daemon.call("POST", "/api/auth/customer/otp", body={"phone_number": web.PHONE})
        self.assertEqual(status, 200, body)
        status, body = daemon.call("POST", f"/api/auth/customer/verify-otp?tenant_id={TENANT}",
                                   body={"phone_number": web.PHONE, "otp": daemon.latest_otp()})
        self.assertEqual(status, 200, body)
        guest = body["access_token"]
        # The demo journey's order, with its numbers (docs/glossary.md, "Demo journey").
        status, body = daemon.call("POST", f"/api/orders?tenant_id={TENANT}", token=guest, body={"table_id": "tbl-005", "items": [
            {"menu_item_id": "item_001", "quantity": 2}, {"menu_item_id": "item_003", "quantity": 1},
            {"menu_item_id": "item_005", "quantity": 3}]})
        self.assertEqual(status, 201, body)
        order = body["order"]
        self.assertEqual(order["total"], 1088.55)
        # The kitchen's stream, over wss, sees it.
        frame = stream.receive()
        self.assertEqual((frame["type"], frame["event_type"], frame["order_id"]), ("event", "order.created", order["id"]))
        for new_status, token in (("PREPARING", kitchen), ("READY", kitchen), ("SERVED", daemon.staff_token("waiter1", "waiter-demo-1"))):
            status, body = daemon.call("PATCH", f"/api/orders/{order['id']}/status?tenant_id={TENANT}", token=token,
                                       body={"status": new_status})
            self.assertEqual(status, 200, body)
            frame = stream.receive()
            self.assertEqual(frame["event_type"], "order.status_changed")
        status, body = daemon.call("PATCH", f"/api/payments/{order['id']}/cash", token=daemon.staff_token("waiter1", "waiter-demo-1"),
                                   body={"amount_received": 1100})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["payment"]["change"], 11.45)
        self.assertEqual(body["order"]["status"], "COMPLETED")
        stream.close()
        # The tables' QR codes carry the https address, read back by a real decoder.
        image = os.path.join(daemon.state, "qr.png")
        with urllib.request.urlopen(f"{daemon.base}/tables/tbl-005/qr.png?tenant_id={TENANT}", context=daemon.context) as response:
            with open(image, "wb") as f:
                f.write(response.read())
        decoded = subprocess.run(["zbarimg", "--quiet", "--raw", image], capture_output=True, text=True, check=True).stdout.strip()
        self.assertEqual(decoded, f"{daemon.public_url}/table/tbl-005?tenant_id={TENANT}")

    def test_plain_http_redirects_with_308_and_https_carries_hsts(self):
        daemon = self.start(algorithm="RSA")
        connection = http.client.HTTPConnection("127.0.0.1", daemon.port, timeout=10)
        for method, target in (("GET", "/table/tbl-005?tenant_id=x&lang=hi"), ("POST", "/api/auth/customer/otp"), ("GET", "/kitchen")):
            connection.request(method, target, body=b"{}" if method == "POST" else None)
            response = connection.getresponse()
            response.read()
            self.assertEqual(response.status, 308, target)
            self.assertEqual(response.getheader("Location"), daemon.public_url + target)
        # An absolute-form target cannot send the guest to another host: only its path is kept.
        connection.request("GET", "http://evil.example/steal")
        response = connection.getresponse()
        response.read()
        self.assertEqual(response.getheader("Location"), daemon.public_url + "/steal")
        # Health and metrics from the box itself still answer plain.
        for path in ("/healthz", "/readyz", "/metrics"):
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            self.assertEqual(response.status, 200, path)
            self.assertIsNone(response.getheader("Strict-Transport-Security"))
        with urllib.request.urlopen(daemon.base + "/healthz", context=daemon.context) as response:
            self.assertEqual(response.headers["Strict-Transport-Security"], "max-age=31536000")
        # TLS 1.2 is the floor; ALPN picks http/1.1.
        old = daemon.pki.context()
        old.maximum_version = ssl.TLSVersion.TLSv1_1
        old.minimum_version = ssl.TLSVersion.TLSv1
        old.set_ciphers("DEFAULT:@SECLEVEL=0")  # this client would speak TLS 1.0/1.1: the server must refuse
        with self.assertRaises(ssl.SSLError):
            with socket.create_connection(("127.0.0.1", daemon.https_port), timeout=5) as raw:
                old.wrap_socket(raw, server_hostname=NAME)
        alpn = daemon.pki.context()
        alpn.set_alpn_protocols(["h2", "http/1.1"])
        with socket.create_connection(("127.0.0.1", daemon.https_port), timeout=5) as raw:
            with alpn.wrap_socket(raw, server_hostname=NAME) as tls:
                self.assertEqual(tls.selected_alpn_protocol(), "http/1.1")
                self.assertIn(tls.version(), ("TLSv1.2", "TLSv1.3"))
        # No local CA configured: nothing to download.
        with self.assertRaises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{daemon.port}/tls/ca.crt", timeout=10)
        self.assertEqual(refused.exception.code, 404)
        # The expiry is a metric; the reload failures start at 0.
        expiry = daemon.metric("intellidine_tls_certificate_expiry_timestamp_seconds")
        self.assertTrue(time.time() + 86_400 < expiry < time.time() + 3 * 86_400, expiry)
        self.assertEqual(daemon.metric("intellidine_tls_reload_failures_total"), 0)
        # The manager's Sync view: the certificate's state, with the warning (two days left).
        status, body = daemon.call("GET", "/api/admin/sync", token=daemon.staff_token())
        self.assertEqual(int(body["tls"]["serial"], 16), daemon.serial)
        self.assertTrue(body["tls"]["expiring_soon"])
        self.assertIn(body["tls"]["days_left"], (1, 2))

    def test_systemd_status_warns_when_the_certificate_nears_expiry(self):
        # systemd's notify protocol, on a datagram socket of the test's own.
        path = os.path.join(self.pki.dir, "notify.sock")
        notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        notify.bind(path)
        notify.settimeout(20)
        try:
            daemon = self.start(extra=["--log-level", "warning"], env={"NOTIFY_SOCKET": path})
            messages = []
            while not any(m.startswith("READY=1") for m in messages):
                messages.append(notify.recv(4096).decode())
            ready = next(m for m in messages if m.startswith("READY=1"))
            # The test certificate has under two days left: the status line says so.
            self.assertRegex(ready, r"STATUS=Serving; .*; TLS certificate expires in [12] days? \(20")
            self.assertIsNone(daemon.process.poll())
        finally:
            notify.close()

    def test_hsts_off_with_zero(self):
        daemon = self.start(extra=["--log-level", "warning"], env={"INTELLIDINE_HSTS_MAX_AGE_SECONDS": "0"})
        with urllib.request.urlopen(daemon.base + "/healthz", context=daemon.context) as response:
            self.assertIsNone(response.headers["Strict-Transport-Security"])

    def rotate_under_load(self, signal_it):
        # With SIGHUP the periodic check is an hour away, so only the signal can make the change.
        check = "3600" if signal_it else "1"
        daemon = self.start(extra=["--log-level", "warning"], env={"INTELLIDINE_TLS_RELOAD_CHECK_SECONDS": check})
        manager = daemon.staff_token()
        daemon.stock_up(manager)
        guests = [daemon.guest_token(f"98765{n:05d}") for n in range(8)]
        stream = kitchen_stream(daemon, daemon.staff_token("kitchen_staff1", "kitchen-demo-1"))
        created, stream_error = [], []

        def follow():
            try:
                while True:
                    frame = stream.receive()
                    if frame.get("event_type") == "order.created":
                        created.append(frame["order_id"])
            except (ConnectionError, OSError, ValueError) as error:
                if not stop.is_set():
                    stream_error.append(repr(error))

        stop = threading.Event()
        placed, failures = [], []

        def guest(index, token):
            connection = NamedHTTPSConnection("127.0.0.1", daemon.https_port, context=daemon.context, timeout=10)
            number = 0
            while not stop.is_set():
                number += 1
                body = json.dumps({"table_id": f"tbl-00{index % 8 + 1}", "items": [{"menu_item_id": "item_006", "quantity": 1}]})
                try:
                    connection.request("POST", f"/api/orders?tenant_id={TENANT}", body=body, headers={
                        "Authorization": "Bearer " + token, "Content-Type": "application/json",
                        "Idempotency-Key": f"rotate-{index}-{number}-{uuid.uuid4().hex}"})
                    response = connection.getresponse()
                    answer = json.loads(response.read())
                    if response.status == 201:
                        placed.append(answer["order"]["id"])
                    else:
                        failures.append((response.status, answer))
                except (OSError, http.client.HTTPException) as error:
                    failures.append(repr(error))
                    connection.close()
            connection.close()

        handshakes = []

        def newcomer():
            # A phone arriving mid-rotation: a new connection, so a full handshake, for each request.
            while not stop.is_set():
                try:
                    handshakes.append(daemon.call("GET", "/readyz")[0])
                except OSError as error:
                    failures.append(repr(error))

        threads = [threading.Thread(target=guest, args=(i, t)) for i, t in enumerate(guests)] + [threading.Thread(target=newcomer)]
        follower = threading.Thread(target=follow, daemon=True)
        follower.start()
        for thread in threads:
            thread.start()
        time.sleep(1.5)
        before = len(placed)
        cert, key, serial = self.pki.issue()
        daemon.install(cert, key)
        if signal_it:
            daemon.process.send_signal(signal.SIGHUP)
        deadline = time.time() + 10
        while daemon.served_serial() != serial and time.time() < deadline:
            time.sleep(0.1)
        rotated_at = len(placed)
        time.sleep(1.5)
        stop.set()
        for thread in threads:
            thread.join(30)
        self.assertEqual(daemon.served_serial(), serial, "new handshakes do not show the new certificate")
        self.assertEqual(failures, [], "requests failed across the rotation")
        self.assertTrue(handshakes and set(handshakes) == {200}, handshakes[:5])
        self.assertGreater(before, 8)
        self.assertGreater(len(placed), rotated_at, "no orders after the rotation")
        # Every order reached the kitchen's socket, which stayed open across the rotation.
        deadline = time.time() + 10
        while len(created) < len(placed) and time.time() < deadline:
            time.sleep(0.05)
        self.assertEqual(stream_error, [])
        self.assertEqual(sorted(created), sorted(placed))
        self.assertEqual(daemon.orders_in_database(), len(placed))
        stream.close(reader=follower)
        # (The periodic check may land between the key's and the certificate's renames and refuse
        # that half-installed pair once; docs/operations/https.md, "Renewal and reload".)
        self.assertLessEqual(daemon.metric("intellidine_tls_reload_failures_total"), 0 if signal_it else 1)
        return daemon

    def test_rotation_under_load_on_sighup(self):
        self.rotate_under_load(signal_it=True)

    def test_rotation_under_load_found_by_the_modification_time_check(self):
        self.rotate_under_load(signal_it=False)

    def test_a_bad_new_pair_is_refused_and_the_old_one_keeps_serving(self):
        daemon = self.start()
        # A key that is not the certificate's.
        cert, _, _ = self.pki.issue()
        _, other_key, _ = self.pki.issue()
        daemon.install(cert, other_key)
        daemon.process.send_signal(signal.SIGHUP)
        self.wait_for(lambda: daemon.metric("intellidine_tls_reload_failures_total") == 1)
        self.assertEqual(daemon.served_serial(), daemon.serial)
        self.assertIn("does not match the certificate's public key", daemon.log_text())
        # An expired certificate, with its own key.
        cert, key, _ = self.pki.issue(start="20200101000000Z", end="20200201000000Z")
        daemon.install(cert, key)
        daemon.process.send_signal(signal.SIGHUP)
        self.wait_for(lambda: daemon.metric("intellidine_tls_reload_failures_total") == 2)
        self.assertEqual(daemon.served_serial(), daemon.serial)
        self.assertIn("expired on 2020-02-01", daemon.log_text())
        # The Sync view counts them too; then a good pair is taken.
        status, body = daemon.call("GET", "/api/admin/sync", token=daemon.staff_token())
        self.assertEqual(body["tls"]["failed_reloads"], 2)
        cert, key, serial = self.pki.issue()
        daemon.install(cert, key)
        daemon.process.send_signal(signal.SIGHUP)
        self.wait_for(lambda: daemon.served_serial() == serial)

    def test_the_deploy_hook_installs_a_renewal_that_the_daemon_then_serves(self):
        daemon = self.start(extra=["--log-level", "warning"], env={"INTELLIDINE_TLS_RELOAD_CHECK_SECONDS": "1"})
        hook = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "deploy", "tls", "intellidine-cert-deploy-hook")
        env = dict(os.environ, INTELLIDINE_TLS_DIR=daemon.state, INTELLIDINE_TLS_GROUP="root", INTELLIDINE_NO_RELOAD="1")
        # A mismatched pair is refused by the hook itself: the installed files are not touched.
        cert, _, _ = self.pki.issue()
        _, other_key, _ = self.pki.issue()
        with open(daemon.cert, "rb") as f:
            before = f.read()
        refused = subprocess.run([hook, cert, other_key], env=env, capture_output=True, text=True)
        self.assertNotEqual(refused.returncode, 0)
        with open(daemon.cert, "rb") as f:
            self.assertEqual(f.read(), before)
        # A renewal as certbot hands it over (RENEWED_LINEAGE with fullchain.pem and privkey.pem).
        cert, key, serial = self.pki.issue()
        lineage = os.path.join(self.pki.dir, "live")
        os.makedirs(lineage)
        shutil.copyfile(cert, os.path.join(lineage, "fullchain.pem"))
        shutil.copyfile(key, os.path.join(lineage, "privkey.pem"))
        installed = subprocess.run([hook], env=dict(env, RENEWED_LINEAGE=lineage), capture_output=True, text=True)
        self.assertEqual(installed.returncode, 0, installed.stderr)
        self.assertEqual(oct(os.stat(daemon.key).st_mode & 0o777), "0o640")
        self.wait_for(lambda: daemon.served_serial() == serial)
        # (A check landing between the hook's two renames sees the new key with the old certificate
        # and refuses that once; docs/operations/https.md, "Renewal and reload".)
        self.assertLessEqual(daemon.metric("intellidine_tls_reload_failures_total"), 1)

    def wait_for(self, condition, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if condition():
                return
            time.sleep(0.1)
        self.fail("condition not met in time")

    def refused_at_start(self, cert, key, extra=()):
        daemon = TLSDaemon(self.pki, extra=extra)
        self.daemons.append(daemon)
        result = subprocess.run(
            [BINARY, "serve", "--state-dir", daemon.state, "--host", "127.0.0.1", "--port", str(daemon.port),
             "--https-port", str(daemon.https_port), "--tls-cert-file", cert, "--tls-key-file", key,
             "--public-url", daemon.public_url] + list(extra),
            capture_output=True, text=True, timeout=60)
        return result

    def test_a_certificate_out_of_its_dates_at_start_serves_and_warns(self):
        # A board without a clock battery may start before its clock is set: it serves and says why
        # phones will warn, rather than leaving the restaurant without its app.
        for start, end, message in (("20200101000000Z", "20200201000000Z", "expired on 2020-02-01"),
                                    ("20990101000000Z", "20991231000000Z", "is not valid until 2099-01-01")):
            daemon = TLSDaemon(self.pki, extra=["--log-level", "warning"])
            cert, key, _ = self.pki.issue(start=start, end=end)
            daemon.install(cert, key)
            self.daemons.append(daemon)
            daemon.process = subprocess.Popen(daemon.command(), stdout=subprocess.DEVNULL, stderr=open(os.path.join(daemon.state, "daemon.log"), "wb"))
            def up():
                try:
                    return urllib.request.urlopen(f"http://127.0.0.1:{daemon.port}/healthz", timeout=1).status == 200
                except OSError:
                    return daemon.process.poll() is not None
            self.wait_for(up, timeout=30)
            self.assertIsNone(daemon.process.poll(), daemon.log_text()[-1000:])
            self.assertIn(message, daemon.log_text())
            with urllib.request.urlopen(f"http://127.0.0.1:{daemon.port}/healthz", timeout=10) as response:
                self.assertEqual(response.status, 200)

    def test_bad_files_at_start_exit_2_naming_the_file(self):
        good_cert, good_key, _ = self.pki.issue()
        _, other_key, _ = self.pki.issue()
        expired_cert, expired_key, _ = self.pki.issue(start="20200101000000Z", end="20200201000000Z")
        future_cert, future_key, _ = self.pki.issue(start="20990101000000Z", end="20991231000000Z")
        garbage = os.path.join(self.pki.dir, "garbage.pem")
        with open(garbage, "w") as f:
            f.write("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n")
        missing = os.path.join(self.pki.dir, "missing.pem")
        cases = [
            (good_cert, other_key, f"tls_key_file {other_key} does not match the certificate's public key"),
            (garbage, good_key, f"tls_cert_file {garbage} is not a valid X.509 certificate"),
            (good_key, good_key, f"tls_cert_file {good_key} holds no PEM certificate"),
            (good_cert, good_cert, f"tls_key_file {good_cert} is not an unencrypted PEM private key"),
            (missing, good_key, f"tls_cert_file {missing} does not exist"),
        ]
        for cert, key, message in cases:
            result = self.refused_at_start(cert, key)
            self.assertEqual(result.returncode, 2, (message, result.stderr[-1000:]))
            self.assertIn(message, result.stderr)
            self.assertNotIn("Server started", result.stderr)
        # HTTPS without a public_url: refused, naming the key.
        result = subprocess.run(
            [BINARY, "serve", "--state-dir", os.path.join(self.pki.dir, "no-url"), "--port", "0", "--tls-cert-file", good_cert,
             "--tls-key-file", good_key], capture_output=True, text=True, timeout=60)
        self.assertEqual(result.returncode, 2)
        self.assertIn("public_url is not set", result.stderr)
        # HTTPS with a public_url that is not https: refused, naming the key.
        result = self.refused_at_start(good_cert, good_key, extra=["--public-url", "http://intellidine.local"])
        self.assertEqual(result.returncode, 2)
        self.assertIn("public_url", result.stderr)
        self.assertIn("must start with https://", result.stderr)

    def test_garbage_plain_http_stalled_handshakes_and_slowloris_block_no_guest(self):
        daemon = self.start(extra=["--log-level", "critical"])
        closed_after = {}

        def hold(name, connect_port, first_bytes, trickle):
            started = time.time()
            with socket.create_connection(("127.0.0.1", connect_port), timeout=60) as sock:
                if first_bytes:
                    sock.sendall(first_bytes)
                try:
                    while time.time() - started < 60:
                        if trickle:
                            sock.sendall(trickle)
                            sock.settimeout(1)
                        try:
                            if sock.recv(4096) == b"":
                                break
                        except socket.timeout:
                            continue
                except OSError:
                    pass
            closed_after[name] = time.time() - started

        attackers = [
            threading.Thread(target=hold, args=("garbage", daemon.https_port, os.urandom(512), None)),
            threading.Thread(target=hold, args=("plain HTTP on the TLS port", daemon.https_port,
                                                b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", None)),
            threading.Thread(target=hold, args=("no handshake", daemon.https_port, None, None)),
            threading.Thread(target=hold, args=("slowloris on http", daemon.port, b"GET / HTTP/1.1\r\n", b"X-a: b\r\n")),
        ]
        # A blank line first (the parser skips it) must not count as a finished head: the deadline
        # follows the HTTP parser, not a byte pattern.
        attackers.append(threading.Thread(target=hold, args=("slowloris after a blank line", daemon.port,
                                                             b"\r\n\r\nGET / HTTP/1.1\r\n", b"X-a: b\r\n")))
        for attacker in attackers:
            attacker.start()
        # Meanwhile guests are served, each in well under a second.
        for _ in range(20):
            started = time.time()
            status, _ = daemon.call("GET", "/healthz")
            self.assertEqual(status, 200)
            self.assertLess(time.time() - started, 2.0)
        for attacker in attackers:
            attacker.join(90)
        self.assertLess(closed_after["garbage"], 5)
        self.assertLess(closed_after["plain HTTP on the TLS port"], 5)
        self.assertTrue(9 <= closed_after["no handshake"] <= 15, closed_after)
        self.assertTrue(25 <= closed_after["slowloris on http"] <= 40, closed_after)
        self.assertTrue(25 <= closed_after["slowloris after a blank line"] <= 40, closed_after)
        self.assertIsNone(daemon.process.poll(), "the daemon died")
        self.assertEqual(daemon.call("GET", "/readyz")[0], 200)

    def test_a_flood_of_connections_waits_at_the_door_and_costs_no_memory(self):
        """Past `max_connections` a listener stops accepting: the next connection waits in the
        kernel's queue, costing the daemon nothing, and is served as soon as one closes. Each
        listener counts its own, so the flood on plain HTTP leaves HTTPS serving."""
        limit = 8
        daemon = self.start(extra=["--log-level", "warning"], env={"INTELLIDINE_MAX_CONNECTIONS": str(limit)})
        request = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"

        def answered(sock, seconds):
            sock.settimeout(seconds)
            try:
                return sock.recv(4096)
            except socket.timeout:
                return b""

        held = []
        for _ in range(limit):  # kept-alive connections, each answered once
            sock = socket.create_connection(("127.0.0.1", daemon.port), timeout=10)
            sock.sendall(request)
            self.assertTrue(answered(sock, 10).startswith(b"HTTP/1.1 200"))
            held.append(sock)
        waiting = socket.create_connection(("127.0.0.1", daemon.port), timeout=10)  # the kernel completes the handshake
        waiting.sendall(request)
        self.assertEqual(answered(waiting, 1.5), b"", "a connection past the limit was served")
        self.assertEqual(daemon.call("GET", "/healthz")[0], 200, "HTTPS has its own count")
        held.pop().close()
        self.assertTrue(answered(waiting, 10).startswith(b"HTTP/1.1 200"), "the waiting connection was not served once one closed")
        waiting.close()
        for sock in held:
            sock.close()
        self.assertIsNone(daemon.process.poll(), "the daemon died")

    def test_self_signed_fallback_serves_and_offers_its_ca(self):
        directory = os.path.join(self.pki.dir, "local")
        result = subprocess.run([BINARY, "tls", "self-signed", "--name", NAME, "--ip", "127.0.0.1", "--dir", directory],
                                capture_output=True, text=True, check=True)
        fingerprint = subprocess.run(["openssl", "x509", "-in", os.path.join(directory, "ca.pem"), "-noout", "-fingerprint",
                                      "-sha256"], capture_output=True, text=True, check=True).stdout.strip().split("=")[1]
        self.assertIn(fingerprint, result.stdout)
        self.assertIn("WILL show a certificate warning", result.stdout)
        self.assertEqual(oct(os.stat(os.path.join(directory, "ca-key.pem")).st_mode & 0o777), "0o600")
        verify = subprocess.run(["openssl", "verify", "-CAfile", os.path.join(directory, "ca.pem"), os.path.join(directory, "cert.pem")],
                                capture_output=True, text=True)
        self.assertEqual(verify.returncode, 0, verify.stdout + verify.stderr)
        # Run again: a new server certificate under the same CA (devices that trust it keep trusting).
        again = subprocess.run([BINARY, "tls", "self-signed", "--name", NAME, "--ip", "127.0.0.1", "--dir", directory],
                               capture_output=True, text=True, check=True)
        self.assertIn("Used the existing local CA", again.stdout)
        self.assertIn(fingerprint, again.stdout)
        local = TestPKI.__new__(TestPKI)
        local.ca = os.path.join(directory, "ca.pem")
        daemon = TLSDaemon(local, extra=["--log-level", "warning"], env={"INTELLIDINE_TLS_CA_FILE": local.ca})
        daemon.cert, daemon.key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
        self.daemons.append(daemon)
        daemon.start()
        self.assertEqual(daemon.call("GET", "/healthz")[0], 200)
        # Staff devices fetch the CA over plain HTTP (they cannot trust HTTPS yet), as a certificate.
        with urllib.request.urlopen(f"http://127.0.0.1:{daemon.port}/tls/ca.crt", timeout=10) as response:
            self.assertEqual(response.headers["Content-Type"], "application/x-x509-ca-cert")
            with open(local.ca, "rb") as f:
                self.assertEqual(response.read(), f.read())
        status, body = daemon.call("GET", "/api/admin/sync", token=daemon.staff_token())
        self.assertEqual(body["tls"]["ca_download"], "/tls/ca.crt")
        self.assertFalse(body["tls"]["expiring_soon"])


class SocketActivationTests(unittest.TestCase):
    """`intellidine.socket` and `intellidine-https.socket`, as systemd passes them (named fds)."""

    def activate(self, names, extra):
        """systemd-socket-activate listening on two ports, fds named `names`; `extra(https_port)` adds flags."""
        http_port, https_port = web.free_port(), web.free_port()
        state = tempfile.mkdtemp(prefix="intellidine-activated-tls-")
        env = {k: v for k, v in os.environ.items() if not k.startswith("INTELLIDINE_")}
        log = open(os.path.join(state, "log"), "wb")
        process = subprocess.Popen(
            ["systemd-socket-activate", "-l", f"127.0.0.1:{http_port}", "-l", f"127.0.0.1:{https_port}", f"--fdname={names}",
             BINARY, "serve", "--demo", "--state-dir", state, "--host", "192.0.2.1", "--port", "8080", "--https-port", "8443"]
            + extra(https_port), stdout=log, stderr=log, env=env)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", http_port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        return process, state, http_port, https_port

    def test_two_named_sockets_serve_the_redirect_and_the_app(self):
        pki = TestPKI()
        cert, key, serial = pki.issue()
        process, state, http_port, https_port = self.activate(
            "http:https", lambda port: ["--tls-cert-file", cert, "--tls-key-file", key, "--public-url", f"https://{NAME}:{port}"])
        try:
            # The first connection starts the daemon; it waits in the socket's queue meanwhile.
            context = pki.context()
            with urllib.request.urlopen(f"https://127.0.0.1:{https_port}/readyz", timeout=30, context=context) as response:
                self.assertEqual(response.status, 200)
                self.assertEqual(response.headers["Strict-Transport-Security"], "max-age=31536000")
            connection = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
            connection.request("GET", "/kitchen?x=1")
            response = connection.getresponse()
            self.assertEqual(response.status, 308)
            self.assertEqual(response.getheader("Location"), f"https://{NAME}:{https_port}/kitchen?x=1")
        finally:
            process.terminate()
            process.wait(30)
            pki.remove()
        with open(os.path.join(state, "log")) as f:
            log = f.read()
        self.assertIn("Server started on the socket systemd passed (fd 3): http, FileDescriptorName=http", log)
        self.assertIn("Server started on the socket systemd passed (fd 4): https, FileDescriptorName=https", log)
        self.assertEqual(process.returncode, 0, log[-2000:])
        shutil.rmtree(state, ignore_errors=True)

    def test_an_https_socket_without_a_certificate_is_refused_at_start(self):
        process, state, http_port, https_port = self.activate("http:https", lambda port: [])
        try:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{http_port}/readyz", timeout=30)
            except OSError:
                pass
            process.wait(30)
        finally:
            if process.poll() is None:
                process.kill()
        with open(os.path.join(state, "log")) as f:
            log = f.read()
        self.assertEqual(process.returncode, 2, log[-2000:])
        self.assertIn("systemd passed an https socket (intellidine-https.socket) but no certificate is configured", log)
        shutil.rmtree(state, ignore_errors=True)


def tls_browser(pki, cert, browser):
    """`browser` (the web tests' own) trusting the test certificate's key, with the box's name
    pointed at loopback."""
    def make(width, height, mobile=False, zone=None):
        return browser(width, height, mobile, zone, flags=(
            f"--ignore-certificate-errors-spki-list={pki.spki_hash(cert)}", f"--host-resolver-rules=MAP {NAME} 127.0.0.1"))
    return make


class BrowserOverHTTPSTests(unittest.TestCase):
    def test_guest_journey_and_kitchen_display_over_https_and_wss(self):
        pki = TestPKI()
        daemon = TLSDaemon(pki, extra=["--log-level", "warning"], env={"INTELLIDINE_TLS_CA_FILE": pki.ca})
        cert, key, _ = pki.issue()
        daemon.install(cert, key)
        daemon.start()
        drivers = []
        original = web.browser
        web.browser = tls_browser(pki, cert, original)

        class Phone:  # what the browser opens: the box's name, over https
            base = daemon.public_url
            latest_otp = staticmethod(daemon.latest_otp)
        try:
            kitchen = web.Kitchen(Phone)
            drivers.append(kitchen.driver)
            guest = web.Guest(Phone)
            drivers.append(guest.driver)
            g = guest.driver
            self.assertTrue(g.current_url.startswith(daemon.public_url + "/table/tbl-005"))
            guest.open_menu()
            guest.add("Breads", "Garlic Naan", 2)
            g.find_element(By.ID, "view-cart").click()
            web.wait(g, lambda d: d.find_elements(By.CSS_SELECTOR, '[data-total="total"]'))
            guest.place()
            status, orders = daemon.call("GET", "/api/orders", token=daemon.staff_token())
            order_id = orders["orders"][0]["id"]
            web.wait(kitchen.driver, lambda d: order_id in kitchen.ticket_ids(), timeout=5, message="ticket not on the kitchen display")
            # The guest's tracking follows the kitchen live, over wss.
            g.find_element(By.ID, "track").click()
            web.wait(g, lambda d: web.text(d, "#track-connection") == "● Live updates")
            kitchen.ticket(order_id).find_element(By.CSS_SELECTOR, "button.start").click()
            web.wait(g, lambda d: web.text(d, "#steps li.current").split("\n")[0] == "Being prepared", timeout=5)
            for driver in drivers:
                self.assertTrue(driver.execute_script("return window.isSecureContext"))
                # (The browser's own favicon probe is the one 404 a page may log.)
                problems = [entry["message"] for entry in driver.get_log("browser") if "/favicon.ico" not in entry["message"] and (
                            entry["level"] == "SEVERE" or "Mixed Content" in entry["message"] or "ERR_CERT" in entry["message"])]
                self.assertEqual(problems, [])
            web.shot(g, "guest-tracking-https")
            # The manager's Sync view warns of the test certificate's two days left and offers the CA.
            m = web.browser(1280, 900)
            drivers.append(m)
            m.get(daemon.public_url + "/staff")
            web.wait(m, lambda d: d.find_element(By.ID, "login").is_displayed())
            m.find_element(By.NAME, "username").send_keys("manager1")
            m.find_element(By.NAME, "password").send_keys("manager-demo-1")
            m.find_element(By.CSS_SELECTOR, "#login button").click()
            web.wait(m, lambda d: any(b.text == "Sync" for b in d.find_elements(By.CSS_SELECTOR, "#tabs button")))
            next(b for b in m.find_elements(By.CSS_SELECTOR, "#tabs button") if b.text == "Sync").click()
            web.wait(m, lambda d: d.find_elements(By.ID, "tls-warning"))
            self.assertIn("Renewal should have happened by now", web.text(m, "#tls-warning"))
            link = m.find_element(By.ID, "tls-ca")
            self.assertEqual(link.get_attribute("href"), daemon.public_url + "/tls/ca.crt")
            web.shot(m, "staff-sync-https")
        finally:
            web.browser = original
            for driver in drivers:
                driver.quit()
            daemon.stop()
            pki.remove()


if __name__ == "__main__":
    unittest.main(verbosity=2)
