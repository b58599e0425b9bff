"""`make bench`: order placement over HTTP against a live release daemon, with the disk's fsync
rate and a trivial endpoint's request rate measured in the same run as baselines.

Each measurement runs ROUNDS times, interleaved, and the medians are reported: these shared
2-core machines are noisy. Results are written to BENCHMARKS.md."""
import atexit
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

BINARY = sys.argv[1] if len(sys.argv) > 1 else ".build/release/intellidine"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
DRAIN_ROUNDS = 4
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = 32
TENANT = "11111111-1111-1111-1111-111111111111"
HERE = os.path.dirname(os.path.abspath(__file__))
# The daemons' SMS spool goes on tmpfs when the machine has one. These VMs' root file system is ext4
# without a journal, where creating a file scans the inodes freed in the last few minutes (ext4's
# `recently_deleted`): 700–800 µs a spool file after a benchmark had deleted a state directory, against
# 40 µs on /dev/shm (a Python loop of create, write, rename; 2026-12-04). Since the notifier keeps up
# with a rush, that quirk took a fifth of the daemon's CPU; a box's journalled ext4 does not have it.
SPOOL_ROOT = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None


def spool_dir(state_dir):
    """Where the daemon of `state_dir` writes its texts (`SPOOL_ROOT`), removed when the script exits."""
    if SPOOL_ROOT is None:
        return os.path.join(state_dir, "sms", "outgoing")
    root = os.path.join(SPOOL_ROOT, "intellidine-bench-" + os.path.basename(os.path.normpath(state_dir)))
    if not os.path.isdir(root):
        os.makedirs(root)
        atexit.register(shutil.rmtree, root, True)
    return os.path.join(root, "outgoing")


def cpu_seconds(pid):
    """The process's CPU time so far, user and system (/proc)."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def settle(pid, quiet=0.02, limit=300):
    """Waits until a daemon's background work for the orders it took is done (its consumers: texts,
    kitchen tickets): its CPU over a second below `quiet` seconds. Returns the seconds waited.

    That work runs on after wrk stops. A build whose SMS notifier lagged once caught up during the
    next measurement, on the same two cores: the next run looked slower, and the orders' own CPU
    looked smaller than it was."""
    start = time.time()
    before = cpu_seconds(pid)
    while time.time() - start < limit:
        time.sleep(1)
        now = cpu_seconds(pid)
        if now - before < quiet:
            break
        before = now
    return time.time() - start


def check_stored(created, stored, connections, what):
    """Stops the bench unless the daemon stored every order wrk counted as created, and at most one more
    per connection (the requests in flight when wrk stopped on the clock): more 201s than orders
    would be replays, counted as orders."""
    if not created <= stored <= created + connections:
        raise SystemExit(f"{what}: wrk counted {created:.0f} orders created, the daemon stored {stored}")


def machine():
    """The machine line of a BENCHMARKS.md section: cores, CPU model, kernel."""
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), platform.processor())
    return f"{os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}"


def start_daemon(state_dir, group_commit_max_batch, extra_env=None, binary=None, wrapper=(), start_seconds=60):
    """A daemon on `state_dir`, and its port. `wrapper` goes before the binary (valgrind, say), and
    `start_seconds` is how long it may take to listen."""
    # The log goes to a file: a pipe nobody drains would fill and stall the daemon.
    log_path = os.path.join(state_dir, "daemon.log")
    env = dict(os.environ, INTELLIDINE_GROUP_COMMIT_MAX_BATCH=str(group_commit_max_batch), INTELLIDINE_SMS_SPOOL_DIR=spool_dir(state_dir))
    process = subprocess.Popen(
        [*wrapper, binary or BINARY, "serve", "--demo", "--state-dir", state_dir, "--host", "127.0.0.1", "--port", "0",
         "--rate-limit-per-minute", "0", "--log-level", "info"],
        env=dict(env, **(extra_env or {})),
        stdout=subprocess.DEVNULL, stderr=open(log_path, "w"))
    deadline = time.time() + start_seconds
    while time.time() < deadline and process.poll() is None:
        match = re.search(r"listening on 127\.0\.0\.1:(\d+)", open(log_path).read())
        if match:
            return process, int(match.group(1))
        time.sleep(0.1)
    process.kill()
    raise SystemExit("daemon did not start:\n" + open(log_path).read()[-3000:])


def post(port, path, body, token=None, tls=None):
    """POST JSON to the daemon; `tls` is an SSL context for a daemon serving HTTPS on `port`."""
    scheme = "https" if tls else "http"
    request = urllib.request.Request(f"{scheme}://127.0.0.1:{port}{path}", data=json.dumps(body).encode(), method="POST")
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, context=tls) as response:
        return json.load(response)


def stock_up(port, tls=None):
    """Books in ample stock, so that the benchmark measures ordering and not the 409 for a sold-out dish."""
    manager = post(port, "/api/auth/staff/login", {"username": "manager1", "password": "manager-demo-1", "tenant_id": TENANT},
                   tls=tls)["access_token"]
    # 10,000,000 (a restock's most) of each ingredient once ran out after some 33,000 orders of the
    # demo basket, well within a comparison's rounds at today's rates: twenty times as much.
    for ingredient in ("ing-paneer", "ing-dal", "ing-flour", "ing-chicken"):
        for _ in range(20):
            post(port, f"/api/inventory/ingredients/{ingredient}/restock", {"quantity": 10_000_000}, manager, tls=tls)


def guest_token(port, state_dir, tls=None):
    post(port, "/api/auth/customer/otp", {"phone_number": "9876543210"}, tls=tls)
    spool = spool_dir(state_dir)
    text = open(os.path.join(spool, sorted(os.listdir(spool))[-1])).read()
    code = re.search(r"is (\d{6})", text).group(1)
    return post(port, f"/api/auth/customer/verify-otp?tenant_id={TENANT}", {"phone_number": "9876543210", "otp": code},
                tls=tls)["access_token"]


def parse(output):
    match = re.search(r"RESULT (.*)", output)
    if not match:
        raise SystemExit("no RESULT in:\n" + output)
    return {k: float(v) for k, v in (pair.split("=") for pair in match.group(1).split())}


def wrk(port, path, script, token=None, threads=2, scheme="http", headers=(), env=None, seconds=None, connections=None, timeout_s=None):
    # BENCH_RUN makes each run's Idempotency-Keys its own (orders.lua), so no order is a replay.
    env = dict(os.environ, BENCH_TOKEN=token or "", BENCH_RUN=uuid.uuid4().hex, **(env or {}))
    extra = [argument for header in headers for argument in ("-H", header)]
    if timeout_s:
        extra += ["--timeout", f"{timeout_s}s"]
    output = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections or CONNECTIONS}", f"-d{seconds or SECONDS}s", "--latency", "-s", os.path.join(HERE, script), *extra,
         f"{scheme}://127.0.0.1:{port}{path}"], env=env, capture_output=True, text=True, check=True).stdout
    return parse(output)


def free_port():
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get_json(url):
    with urllib.request.urlopen(url) as response:
        return json.load(response)


def drain_bench():
    """A 100k-event backlog built while the cloud is down, then drained: events/s alone; then, in
    interleaved rounds on the same daemon, orders/s with no drain against orders/s while another
    100k drains."""
    state_dir = tempfile.mkdtemp(prefix="intellidine-bench-drain-")
    port = free_port()
    env = {"INTELLIDINE_CLOUD_URL": f"http://127.0.0.1:{port}", "INTELLIDINE_CLOUD_BOX_ID": "bench", "INTELLIDINE_RETRY_CAP_SECONDS": "1"}
    daemon, daemon_port = start_daemon(state_dir, 64, env)
    receiver = None
    try:
        stock_up(daemon_port)
        token = guest_token(daemon_port, state_dir)
        manager = post(daemon_port, "/api/auth/staff/login", {"username": "manager1", "password": "manager-demo-1", "tenant_id": TENANT})["access_token"]
        waiter = post(daemon_port, "/api/auth/staff/login", {"username": "waiter1", "password": "waiter-demo-1", "tenant_id": TENANT})["access_token"]
        # One real order gives a real payload; the backlog is 100k copies of its event, each with its own id.
        # A waiter places it: a walk-in order has no phone, so the SMS notifier reads past the copies
        # instead of texting 100,000 times (and the demo restaurant has no kitchen printer to queue for).
        post(daemon_port, f"/api/orders?tenant_id={TENANT}", {"table_id": "tbl-005", "items": [{"menu_item_id": "item_001", "quantity": 2}]}, waiter)
        database = os.path.join(state_dir, "db", "intellidine.sqlite")
        request = urllib.request.Request(f"http://127.0.0.1:{daemon_port}/api/admin/sync", headers={"Authorization": "Bearer " + manager})

        def backlog():
            return json.load(urllib.request.urlopen(request))["backlog"]

        def add_backlog(tag):
            subprocess.run(["sqlite3", "-cmd", ".timeout 10000", database, f"""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
                INSERT INTO events (id, tenant_id, type, aggregate_id, payload, occurred_at)
                SELECT 'evt-{tag}' || i, tenant_id, type, aggregate_id, payload, occurred_at FROM n,
                  (SELECT * FROM events WHERE type = 'order.created' LIMIT 1);"""], check=True)

        def drain_in_background():
            started = time.monotonic()
            finished = {}

            def watch():
                while backlog() > 0:
                    time.sleep(0.02)
                finished["seconds"] = time.monotonic() - started

            import threading
            watcher = threading.Thread(target=watch)
            watcher.start()
            return watcher, finished

        def receiver_up():
            return subprocess.Popen([sys.executable, os.path.join(HERE, "receiver.py"), str(port)])

        # 1. The drain alone: 100k events queued while the cloud was down, then the receiver comes up.
        add_backlog("a")
        queued = backlog()
        receiver = receiver_up()
        watcher, alone = drain_in_background()
        watcher.join()
        # 2. Interleaved rounds: orders with the forwarder idle, then orders while another 100k drains
        #    (queued with the receiver down, which then comes back as wrk starts).
        wrk(daemon_port, f"/api/orders?tenant_id={TENANT}", "orders.lua", token)  # warm-up, not reported
        idle, loaded, loaded_seconds = [], [], []
        def loaded_round(round_number):
            nonlocal receiver
            receiver.terminate()
            receiver.wait()
            add_backlog(f"r{round_number}x")
            time.sleep(0.5)
            receiver = receiver_up()
            watcher, finished = drain_in_background()
            loaded.append(wrk(daemon_port, f"/api/orders?tenant_id={TENANT}", "orders.lua", token))
            watcher.join()
            loaded_seconds.append(finished["seconds"])

        # Alternating which goes first (ABBA, an even number of rounds), so a daemon whose rate
        # drifts over the run favours neither side: the ratio of the sums cancels a steady drift.
        for round_number in range(DRAIN_ROUNDS):
            if round_number % 2 == 0:
                idle.append(wrk(daemon_port, f"/api/orders?tenant_id={TENANT}", "orders.lua", token))
                loaded_round(round_number)
            else:
                loaded_round(round_number)
                idle.append(wrk(daemon_port, f"/api/orders?tenant_id={TENANT}", "orders.lua", token))
            print(f"drain round {round_number + 1}: orders/s idle {idle[-1]['rate']:.0f}, while draining {loaded[-1]['rate']:.0f}; "
                  f"drain took {loaded_seconds[-1]:.1f} s", flush=True)
        received = get_json(f"http://127.0.0.1:{port}/")["events"]
        log_total = int(subprocess.run(["sqlite3", database, "SELECT COUNT(*) FROM events"], capture_output=True, text=True).stdout)
    finally:
        if receiver:
            receiver.terminate()
        daemon.terminate()
        daemon.wait()
        shutil.rmtree(state_dir, ignore_errors=True)
    return {"backlog": queued, "seconds": alone["seconds"], "idle": idle, "loaded": loaded, "loaded_seconds": loaded_seconds,
            "received": received, "log_total": log_total}


def prepend_report(report, path="BENCHMARKS.md"):
    """Puts a report's section at the top of BENCHMARKS.md, under its heading: newest first."""
    existing = open(path).read() if os.path.exists(path) else "# Benchmarks\n\nNewest first. Produced by `make bench`; figures are medians of interleaved rounds on a shared 2-core machine.\n"
    head, _, rest = existing.partition("\n## ")
    with open(path, "w") as out:
        out.write(head.rstrip() + "\n" + report + ("\n## " + rest if rest else ""))


def median(rows, key):
    return statistics.median(row[key] for row in rows)


def drain_section(drain):
    return f"""### Forwarding a backlog to the cloud

A backlog of {drain['backlog']:,} events (100,000 copies of a real `order.created`, each its own id, plus the day's own)
queued while the cloud was down; then a local ingest receiver (`bench/receiver.py`, Python, counting distinct ids) comes up
and the drain is timed until `/api/admin/sync` shows a backlog of 0. Then, on the same daemon, {DRAIN_ROUNDS} rounds
of wrk placing orders for {SECONDS} s with the forwarder idle, and again while another 100,000 drain (queued with the
receiver down, which comes back as wrk starts), alternating which comes first (ABBA). Batches of 500 events, HMAC-signed, over HTTP on loopback.

| measure | median | rounds |
|---|---|---|
| **drain alone: events/s** | **{drain['backlog'] / drain['seconds']:,.0f}** ({drain['seconds']:.1f} s) | |
| orders/s, forwarder idle | {median(drain['idle'], 'rate'):,.0f} | {', '.join(f"{r['rate']:.0f}" for r in drain['idle'])} |
| **orders/s while 100k events drain** | **{median(drain['loaded'], 'rate'):,.0f}** | {', '.join(f"{r['rate']:.0f}" for r in drain['loaded'])} |
| order p99, idle / draining | {median(drain['idle'], 'p99_ms'):.2f} / {median(drain['loaded'], 'p99_ms'):.2f} ms | |
| drain under the order load: seconds | {statistics.median(drain['loaded_seconds']):.1f} | {', '.join(f"{x:.1f}" for x in drain['loaded_seconds'])} |
| non-201 answers (all runs) | {sum(r['non2xx'] + r['errors'] for r in drain['idle'] + drain['loaded']):.0f} | |
| events in the log at the end; distinct ids the last receiver holds | {drain['log_total']:,}; {drain['received']:,} | |

Orders/s while draining against idle: {sum(r['rate'] for r in drain['loaded']) / sum(r['rate'] for r in drain['idle']):.2f}× as the
ratio of the ABBA sums, {median(drain['loaded'], 'rate') / median(drain['idle'], 'rate'):.2f}× as the ratio of the medians (target ≥ 0.90×).
Drain alone against the target of 10,000 events/s: {drain['backlog'] / drain['seconds'] / 10000:.2f}×.
"""


def drain_only():
    """`BENCH_ONLY=drain`: the forwarding rounds alone, printed, BENCHMARKS.md untouched."""
    print(drain_section(drain_bench()))


def main():
    if os.environ.get("BENCH_ONLY") == "drain":
        return drain_only()
    # Two daemons on two state directories: one with a transaction per order (the baseline), one
    # with group commit. Only one is loaded at a time.
    single_dir = tempfile.mkdtemp(prefix="intellidine-bench-single-")
    group_dir = tempfile.mkdtemp(prefix="intellidine-bench-group-")
    single, single_port = start_daemon(single_dir, 1)
    group, group_port = start_daemon(group_dir, 64)
    try:
        stock_up(single_port)
        stock_up(group_port)
        single_token = guest_token(single_port, single_dir)
        group_token = guest_token(group_port, group_dir)
        # Warm-up, not reported: the first seconds of a fresh daemon run well below its steady rate.
        wrk(single_port, f"/api/orders?tenant_id={TENANT}", "orders.lua", single_token)
        wrk(group_port, f"/api/orders?tenant_id={TENANT}", "orders.lua", group_token)
        fsync, health, singles, orders = [], [], [], []
        for round_number in range(ROUNDS):
            fsync.append(parse(subprocess.run(
                [sys.executable, os.path.join(HERE, "fsync_rate.py"), group_dir, "3"], capture_output=True, text=True, check=True).stdout))
            health.append(wrk(group_port, "/healthz", "latency.lua"))
            singles.append(wrk(single_port, f"/api/orders?tenant_id={TENANT}", "orders.lua", single_token))
            orders.append(wrk(group_port, f"/api/orders?tenant_id={TENANT}", "orders.lua", group_token))
            print(f"round {round_number + 1}: fsync/s {fsync[-1]['rate']:.0f}, healthz/s {health[-1]['rate']:.0f}, "
                  f"orders/s one-per-transaction {singles[-1]['rate']:.0f} (p99 {singles[-1]['p99_ms']:.2f} ms), "
                  f"group commit {orders[-1]['rate']:.0f} (p50 {orders[-1]['p50_ms']:.2f} ms, p99 {orders[-1]['p99_ms']:.2f} ms, "
                  f"non-2xx {orders[-1]['non2xx']:.0f})", flush=True)
        stored = subprocess.run(["sqlite3", os.path.join(group_dir, "db", "intellidine.sqlite"), "SELECT COUNT(*) FROM orders"],
                                capture_output=True, text=True).stdout.strip()
    finally:
        for process in (single, group):
            process.terminate()
            process.wait()
        shutil.rmtree(single_dir, ignore_errors=True)
        shutil.rmtree(group_dir, ignore_errors=True)

    drain = drain_bench()
    print(f"drain: {drain['backlog']} events in {drain['seconds']:.1f} s alone", flush=True)

    report = f"""
## Order placement over HTTP — {datetime.date.today().isoformat()}

- Machine: {machine()}
- Command: `make bench` (`bench/run.py`: release build, `--rate-limit-per-minute 0`, wrk {CONNECTIONS} connections, 2 threads,
  {SECONDS} s per run after one unreported warm-up run per daemon, {ROUNDS} interleaved rounds; medians). wrk runs on the
  same 2 cores as the daemon. Stock is booked in first so no order is refused for a sold-out dish.
- Each order is the demo journey's (3 lines, discount engine, GST), JWT-checked, with its own `Idempotency-Key`, written in one
  `synchronous=FULL` WAL transaction (order, 3 lines, stock reservations, history row, event, idempotency row) and
  acknowledged with 201. The daemon also runs its SMS notifier, which texts the guest for every order (a spool file and
  a recorded send each).

| measure | median | rounds |
|---|---|---|
| disk fsyncs/s (4 KiB write + fsync, same filesystem) | {median(fsync, 'rate'):,.0f} | {', '.join(f"{r['rate']:.0f}" for r in fsync)} |
| `GET /healthz` requests/s | {median(health, 'rate'):,.0f} | {', '.join(f"{r['rate']:.0f}" for r in health)} |
| orders/s, one transaction per order (`group_commit_max_batch = 1`) | {median(singles, 'rate'):,.0f} | {', '.join(f"{r['rate']:.0f}" for r in singles)} |
| order p99, one transaction per order | {median(singles, 'p99_ms'):.2f} ms | {', '.join(f"{r['p99_ms']:.2f}" for r in singles)} |
| **orders/s, group commit** (default, up to 64 per transaction) | **{median(orders, 'rate'):,.0f}** | {', '.join(f"{r['rate']:.0f}" for r in orders)} |
| order p50 latency | {median(orders, 'p50_ms'):.2f} ms | {', '.join(f"{r['p50_ms']:.2f}" for r in orders)} |
| order p99 latency | {median(orders, 'p99_ms'):.2f} ms | {', '.join(f"{r['p99_ms']:.2f}" for r in orders)} |
| non-201 answers (all runs) | {sum(r['non2xx'] + r['errors'] for r in orders + singles):.0f} | |

Group commit against one transaction per order: {median(orders, 'rate') / median(singles, 'rate'):.2f}×. Orders/s with group
commit against the trivial endpoint: {median(orders, 'rate') / median(health, 'rate'):.2f}×; against the disk's fsync rate:
{median(orders, 'rate') / median(fsync, 'rate'):.2f}×. Orders stored by the group-commit daemon at the end: {stored}.

{drain_section(drain)}"""
    print(report)
    prepend_report(report)


if __name__ == "__main__":
    main()
