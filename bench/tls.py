"""`make bench`, HTTPS: order placement over keep-alive TLS against plain HTTP in the same run, and
full TLS handshakes per second (a new connection for every request) against new plain TCP
connections. Two release daemons, one with TLS and one without, loaded one at a time in
interleaved rounds; medians reported. Results are written to BENCHMARKS.md."""
import datetime
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import re
import ssl
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run as base  # noqa: E402  (the same binary argument, wrk runner and helpers)

ROUNDS = base.ROUNDS
TENANT = base.TENANT


def make_pair(directory):
    """A throwaway CA and an ECDSA P-256 server certificate, as a real box would serve (the daemon's own command)."""
    subprocess.run([base.BINARY, "tls", "self-signed", "--name", "bench.intellidine.test", "--ip", "127.0.0.1", "--dir", directory],
                   check=True, capture_output=True)
    return os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")


def start_tls_daemon(state_dir, cert, key):
    https_port = base.free_port()
    process, http_port = base.start_daemon(state_dir, 64, extra_env={
        "INTELLIDINE_TLS_CERT_FILE": cert, "INTELLIDINE_TLS_KEY_FILE": key, "INTELLIDINE_HTTPS_PORT": str(https_port),
        "INTELLIDINE_PUBLIC_URL": f"https://bench.intellidine.test:{https_port}"})
    return process, http_port, https_port


def wait_for_https(port, context):
    """The HTTPS listener starts beside the plain one; set-up waits until it answers."""
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"https://127.0.0.1:{port}/readyz", timeout=1, context=context).read()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("HTTPS did not come up")


def full_handshakes(port, clients=4):
    """Full TLS handshakes per second: `openssl s_time -new` never resumes a session (wrk does, so
    its new connections are mostly resumptions); `clients` of them at once, each connecting,
    completing the handshake and closing."""
    runs = [subprocess.Popen(["openssl", "s_time", "-connect", f"127.0.0.1:{port}", "-new", "-time", str(base.SECONDS)],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) for _ in range(clients)]
    rate = 0.0
    for run in runs:
        output, _ = run.communicate()
        match = re.search(r"(\d+) connections in (\d+) real seconds", output)
        if not match:
            raise SystemExit("no s_time result in:\n" + output)
        rate += int(match.group(1)) / max(1, int(match.group(2)))
    return {"rate": rate}


def orders_stored(state_dir):
    return int(subprocess.run(["sqlite3", os.path.join(state_dir, "db", "intellidine.sqlite"), "SELECT COUNT(*) FROM orders"],
                              capture_output=True, text=True, check=True).stdout.strip())


def main():
    plain_dir = tempfile.mkdtemp(prefix="intellidine-bench-plain-")
    tls_dir = tempfile.mkdtemp(prefix="intellidine-bench-tls-")
    cert, key = make_pair(os.path.join(tls_dir, "tls"))
    plain, plain_port = base.start_daemon(plain_dir, 64)
    secure, redirect_port, tls_port = start_tls_daemon(tls_dir, cert, key)
    context = ssl.create_default_context(cafile=os.path.join(tls_dir, "tls", "ca.pem"))
    try:
        wait_for_https(tls_port, context)
        base.stock_up(plain_port)
        plain_token = base.guest_token(plain_port, plain_dir)
        base.stock_up(tls_port, tls=context)
        tls_token = base.guest_token(tls_port, tls_dir, tls=context)
        path = f"/api/orders?tenant_id={TENANT}"
        # Warm-up, not reported.
        base.wrk(plain_port, path, "orders.lua", plain_token)
        base.wrk(tls_port, path, "orders.lua", tls_token, scheme="https")
        plain_orders, tls_orders, handshakes, full, new_tcp, tls_health = [], [], [], [], [], []
        for round_number in range(ROUNDS):
            plain_orders.append(base.wrk(plain_port, path, "orders.lua", plain_token))
            tls_orders.append(base.wrk(tls_port, path, "orders.lua", tls_token, scheme="https"))
            # "Connection: close": wrk opens a new connection, so a full handshake, for every request.
            handshakes.append(base.wrk(tls_port, "/healthz", "latency.lua", scheme="https", headers=["Connection: close"]))
            full.append(full_handshakes(tls_port))
            new_tcp.append(base.wrk(plain_port, "/healthz", "latency.lua", headers=["Connection: close"]))
            tls_health.append(base.wrk(tls_port, "/healthz", "latency.lua", scheme="https"))
            print(f"round {round_number + 1}: orders/s plain {plain_orders[-1]['rate']:.0f}, TLS {tls_orders[-1]['rate']:.0f}; "
                  f"new TLS connections/s {handshakes[-1]['rate']:.0f} (full handshakes {full[-1]['rate']:.0f}); new TCP connections/s {new_tcp[-1]['rate']:.0f}; "
                  f"keep-alive TLS healthz/s {tls_health[-1]['rate']:.0f}", flush=True)
        stored_plain, stored_tls = orders_stored(plain_dir), orders_stored(tls_dir)
    finally:
        for process in (plain, secure):
            process.terminate()
            process.wait()
        shutil.rmtree(plain_dir, ignore_errors=True)
        shutil.rmtree(tls_dir, ignore_errors=True)

    median = base.median
    answered = lambda rows: sum(r["requests"] - r["non2xx"] - r["errors"] for r in rows)  # noqa: E731
    ratio = median(tls_orders, "rate") / median(plain_orders, "rate")
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), platform.processor())
    rounds = lambda rows, key="rate": ", ".join(f"{r[key]:.0f}" for r in rows)  # noqa: E731
    report = f"""
## HTTPS: orders over TLS and full handshakes — {datetime.date.today().isoformat()}

- Machine: {os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}
- Command: `make bench` (`bench/tls.py`): two release daemons, one with TLS (an ECDSA P-256 certificate from
  `intellidine tls self-signed`; TLS 1.3 as negotiated by wrk's OpenSSL) and one plain, loaded one at a time in {ROUNDS}
  interleaved rounds of {base.SECONDS} s after one unreported warm-up each; wrk {base.CONNECTIONS} connections, 2 threads, on
  the same 2 cores; medians. Orders are the demo journey's (3 lines), each with its own `Idempotency-Key` (a run id, the wrk thread and a counter).

| measure | median | rounds |
|---|---|---|
| orders/s, plain HTTP, keep-alive | {median(plain_orders, 'rate'):,.0f} | {rounds(plain_orders)} |
| **orders/s, HTTPS, keep-alive** | **{median(tls_orders, 'rate'):,.0f}** | {rounds(tls_orders)} |
| order p99, plain / HTTPS | {median(plain_orders, 'p99_ms'):.2f} / {median(tls_orders, 'p99_ms'):.2f} ms | |
| **full TLS handshakes/s** (`openssl s_time -new`, 4 clients at once, handshake then close, no session resumption) | **{median(full, 'rate'):,.0f}** | {rounds(full)} |
| new TLS connections/s with wrk (HTTPS `/healthz`, `Connection: close`; wrk resumes TLS sessions) | {median(handshakes, 'rate'):,.0f} | {rounds(handshakes)} |
| new plain TCP connections/s (HTTP `/healthz`, a new connection each) | {median(new_tcp, 'rate'):,.0f} | {rounds(new_tcp)} |
| HTTPS `/healthz`/s, keep-alive | {median(tls_health, 'rate'):,.0f} | {rounds(tls_health)} |
| non-2xx answers and socket errors (all order runs) | {sum(r['non2xx'] + r['errors'] for r in plain_orders + tls_orders):.0f} | |

HTTPS against plain HTTP for orders: **{ratio:.2f}×** (target ≥ 0.85×). Full handshakes against new plain connections:
{median(full, 'rate') / median(new_tcp, 'rate'):.2f}×. Orders stored at the end: plain {stored_plain:,}, TLS {stored_tls:,}
(wrk counted {answered(plain_orders):,} and {answered(tls_orders):,} answered 201s in the reported rounds; the stores also hold
the warm-up run and each daemon's set-up). HTTP/2 is not served: ALPN offers `http/1.1` only.
"""
    print(report)
    base.prepend_report(report)


if __name__ == "__main__":
    main()
