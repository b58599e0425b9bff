"""The API contract against the live daemon: schemathesis fuzzes every operation in openapi.yaml.

Run by `make test`: `python3 Tests/contract/test_contract.py <intellidine binary>`. The daemon is the real
binary on the demo restaurant, with online payment pointed at a fake Razorpay that speaks its wire format
(`POST /v1/orders`). Each role's token runs a campaign: schemathesis's examples, coverage, fuzzing and the
stateful links (quote → place → status → payment); the checks are no server error, and status codes,
content types, headers and bodies as the spec says. A fixed seed and bounded examples keep it to a few
minutes. `make fuzz` runs the long campaign (bench/fuzz.py) with the same set-up.

Environment: CONTRACT_EXAMPLES (per operation, default 6), CONTRACT_SEED (default 20261203).
"""
import http.client
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "browser"))
import test_web_apps as web  # noqa: E402  (takes the binary's path from argv, as this file does)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance"


class FakeRazorpay(http.server.ThreadingHTTPServer):
    """Razorpay's Orders API, as far as the box uses it: `POST /v1/orders` answers an order for the amount."""

    def __init__(self):
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                server.orders += 1
                answer = {"id": f"order_fake{server.orders:08d}", "entity": "order", "amount": body.get("amount"), "amount_paid": 0,
                          "amount_due": body.get("amount"), "currency": "INR", "receipt": body.get("receipt"), "status": "created",
                          "attempts": 0, "notes": body.get("notes", {}), "created_at": 1796542200}
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        server = self
        self.orders = 0
        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()


def contract_daemon():
    """The demo box with online payment on, against a fake Razorpay; (daemon, razorpay)."""
    razorpay = FakeRazorpay()
    keys = tempfile.mkdtemp(prefix="intellidine-contract-keys-")
    for name, value in [("id", "rzp_test_contract"), ("secret", "contract-secret"), ("webhook", "contract-webhook")]:
        with open(os.path.join(keys, name), "w") as f:
            f.write(value)
    daemon = web.Daemon(env={
        "INTELLIDINE_RAZORPAY_KEY_ID_FILE": os.path.join(keys, "id"),
        "INTELLIDINE_RAZORPAY_KEY_SECRET_FILE": os.path.join(keys, "secret"),
        "INTELLIDINE_RAZORPAY_WEBHOOK_SECRET_FILE": os.path.join(keys, "webhook"),
        "INTELLIDINE_RAZORPAY_API_URL": f"http://127.0.0.1:{razorpay.server_address[1]}",
    })
    daemon.start()
    return daemon, razorpay


def role_tokens(daemon):
    """A token for each role, and none: schemathesis runs once with each."""
    return {
        "manager": daemon.staff_token("manager1", "manager-demo-1"),
        "waiter": daemon.staff_token("waiter1", "waiter-demo-1"),
        "kitchen": daemon.staff_token("kitchen_staff1", "kitchen-demo-1"),
        "customer": daemon.guest_token("9876543210"),
        "anonymous": None,
    }


def schemathesis(daemon, token, examples, seed, report, extra=()):
    """One schemathesis campaign; its JSON run report."""
    command = [sys.executable, "-m", "schemathesis.cli", "run", daemon.base + "/openapi.json", "--checks", CHECKS, "--seed", str(seed),
               "--max-examples", str(examples), "--workers", "1", "--no-color", "--report", "json", "--report-json-path", report,
               "--request-timeout", "10", "--generation-database", "none", *extra]
    if token:
        # Signing out would end the campaign's own token half-way.
        command += ["-H", f"Authorization: Bearer {token}", "--exclude-operation-id", "logout"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    with open(report) as f:
        result = json.load(f)
    result["output"] = run.stdout[-6000:] + run.stderr[-2000:]
    return result


class ContractTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.daemon, cls.razorpay = contract_daemon()

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()
        cls.razorpay.shutdown()

    def test_the_served_contract_is_openapi_yaml(self):
        import yaml
        with open(os.path.join(ROOT, "openapi.yaml"), encoding="utf-8") as f:
            spec = yaml.safe_load(f)
        connection = http.client.HTTPConnection("127.0.0.1", self.daemon.port, timeout=10)
        connection.request("GET", "/openapi.json")
        response = connection.getresponse()
        self.assertEqual(response.status, 200)
        self.assertTrue(response.getheader("Content-Type").startswith("application/json"))
        served = json.loads(response.read())
        connection.close()
        self.assertTrue(served == spec, "the daemon serves another contract than openapi.yaml: run `make openapi` and rebuild")

    def test_a_chunked_body_over_the_limit_is_413_not_500(self):
        # No Content-Length, so the limit is only met while reading (the contract's fuzzing found a 500 here).
        connection = http.client.HTTPConnection("127.0.0.1", self.daemon.port, timeout=10)
        chunks = (b"x" * 16_384 for _ in range(8))
        connection.request("POST", "/api/auth/staff/login", body=chunks, headers={"Content-Type": "application/json"}, encode_chunked=True)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        self.assertEqual(response.status, 413, body)
        self.assertEqual(json.loads(body)["error"]["code"], "PAYLOAD_TOO_LARGE")

    def test_schemathesis_finds_no_failure_for_any_role(self):
        examples = int(os.environ.get("CONTRACT_EXAMPLES", "6"))
        seed = int(os.environ.get("CONTRACT_SEED", "20261203"))
        figures = {}
        for role, token in role_tokens(self.daemon).items():
            with self.subTest(role=role):
                result = schemathesis(self.daemon, token, examples, seed, os.path.join(self.daemon.state, f"schemathesis-{role}.json"))
                figures[role] = {"operations": result["operations"]["tested"], "cases": result["test_cases"]["generated"],
                                 "failures": result["test_cases"]["with_failures"], "seconds": round(result["running_time"])}
                self.assertEqual(result["operations"]["tested"], result["operations"]["selected"], result["output"])
                self.assertEqual(result["failures"], [], result["output"])
                self.assertEqual(result["errors"], [], result["output"])
        # The daemon is still the one that started (no crash), and serves.
        self.assertIsNone(self.daemon.process.poll(), "the daemon exited during the campaign")
        self.assertEqual(self.daemon.call("GET", "/healthz")[0], 200)
        with open(os.path.join(self.daemon.state, "daemon.log"), errors="replace") as f:
            self.assertNotIn("unhandled error", f.read())
        print("contract figures:", json.dumps(figures))


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
