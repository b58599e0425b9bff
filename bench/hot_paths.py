"""`make bench`: the guest's hot paths near the machine's limit (docs/architecture.md, "Benchmarks").

Run: `python3 bench/hot_paths.py .build/release/intellidine`.

1. Interleaved rounds (BENCH_ROUNDS, default 3) on one release daemon, rate limit off, wrk on the same
   2 cores: `GET /healthz` (the baseline), the guest menu (`GET /api/menu/items` with a guest token and
   no If-None-Match), and order placement (`orders_spread.lua`: 20 guests at the 10 tables, three
   different baskets, a unique Idempotency-Key per request and wrk thread). Each round's figures are
   also given as a ratio to that round's `/healthz`; the report gives medians. wrk's 201s are summed
   over its threads and checked against the orders the daemon stored: never more (a replay), and
   fewer by at most the requests still in flight when wrk stopped (one per connection), or the bench
   stops. The daemon's
   CPU time per order and per menu read comes from /proc (user + system), a steadier figure than the
   rate on a shared machine.
2. Memory: orders are placed until the daemon holds 100,000, then its RSS is read (VmRSS), and again
   after 10 s idle.
3. Start-up: a database of 1,000,000 orders (`big_database.py`), then exec to `READY=1` on the
   daemon's NOTIFY_SOCKET, three times, median.

The kitchen's commit → socket latency is measured by `bench/ws_latency.py` from the daemon's own
histogram. The section is put at the top of BENCHMARKS.md.
"""
import datetime
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import big_database  # noqa: E402
import run as bench  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = 32
GUESTS = 20
MEMORY_ORDERS = int(os.environ.get("BENCH_MEMORY_ORDERS", "100000"))
BIG_ORDERS = int(os.environ.get("BENCH_BIG_ORDERS", "1000000"))
TENANT = bench.TENANT


def guest_tokens(port, state_dir, count):
    """`count` guests signed in by OTP, phones 9876500000…: each code read from the SMS spool."""
    spool = bench.spool_dir(state_dir)
    tokens = []
    for index in range(count):
        phone = f"98765{index:05d}"
        bench.post(port, "/api/auth/customer/otp", {"phone_number": phone})
        texts = [open(os.path.join(spool, name)).read() for name in sorted(os.listdir(spool))]
        code = [re.search(r"OTP is (\d{6})", text).group(1) for text in texts if f"To: 91{phone}" in text and "OTP is" in text][-1]
        tokens.append(bench.post(port, f"/api/auth/customer/verify-otp?tenant_id={TENANT}",
                                 {"phone_number": phone, "otp": code})["access_token"])
    return tokens


def wrk(port, path, script, env=None, headers=(), seconds=SECONDS):
    """`run.wrk` with this bench's environment and duration."""
    return bench.wrk(port, path, script, headers=headers, env=env, seconds=seconds)


def rss_mb(pid, field="VmRSS"):
    """The resident size in MB; `field` RssAnon is the heap and stacks, RssFile the mapped binary and libraries."""
    line = next(line for line in open(f"/proc/{pid}/status") if line.startswith(field + ":"))
    return int(line.split()[1]) / 1024


def stored_orders(state_dir):
    database = os.path.join(state_dir, "db", "intellidine.sqlite")
    return int(subprocess.run(["sqlite3", "-cmd", ".timeout 10000", database, "SELECT count(*) FROM orders"],
                              capture_output=True, text=True, check=True).stdout)


def measured(process, run, settling=False):
    """Runs `run()` and adds the daemon's CPU seconds over it; `settling`, also over the work it left
    behind (`bench.settle`), which is then done before the next measurement starts."""
    before = bench.cpu_seconds(process.pid)
    result = run()
    if settling:
        result["settle_s"] = bench.settle(process.pid)
    result["cpu_s"] = bench.cpu_seconds(process.pid) - before
    return result


def rounds_and_memory():
    state_dir = tempfile.mkdtemp(prefix="intellidine-bench-hot-")
    process, port = bench.start_daemon(state_dir, 64)
    try:
        bench.stock_up(port)
        tokens = guest_tokens(port, state_dir, GUESTS)
        orders_env = {"BENCH_TOKENS": ",".join(tokens)}
        menu_headers = [f"Authorization: Bearer {tokens[0]}"]
        menu_path = f"/api/menu/items?tenant_id={TENANT}"
        # Warm-up, not reported.
        wrk(port, "/healthz", "latency.lua", seconds=3)
        wrk(port, menu_path, "latency.lua", headers=menu_headers, seconds=3)
        wrk(port, f"/api/orders?tenant_id={TENANT}", "orders_spread.lua", orders_env, seconds=3)
        health, menus, orders = [], [], []
        for number in range(ROUNDS):
            health.append(measured(process, lambda: wrk(port, "/healthz", "latency.lua")))
            menus.append(measured(process, lambda: wrk(port, menu_path, "latency.lua", headers=menu_headers)))
            before = stored_orders(state_dir)
            orders.append(measured(process, lambda: wrk(port, f"/api/orders?tenant_id={TENANT}", "orders_spread.lua", orders_env), settling=True))
            stored = stored_orders(state_dir) - before
            bench.check_stored(orders[-1]["created"], stored, CONNECTIONS, f"round {number + 1}")
            orders[-1]["stored"] = stored
            print(f"round {number + 1}: healthz/s {health[-1]['rate']:.0f}, menu/s {menus[-1]['rate']:.0f} "
                  f"({menus[-1]['rate'] / health[-1]['rate']:.2f}×, p99 {menus[-1]['p99_ms']:.2f} ms), orders/s {orders[-1]['rate']:.0f} "
                  f"(p99 {orders[-1]['p99_ms']:.2f} ms, {stored} stored, wrk counted {orders[-1]['created']:.0f} 201s, non-2xx {orders[-1]['non2xx']:.0f})", flush=True)

        # Memory: orders until the daemon holds MEMORY_ORDERS.
        while stored_orders(state_dir) < MEMORY_ORDERS:
            wrk(port, f"/api/orders?tenant_id={TENANT}", "orders_spread.lua", orders_env, seconds=20)
        held = stored_orders(state_dir)
        memory = {"orders": held, "rss_mb": rss_mb(process.pid)}
        time.sleep(10)
        memory["rss_idle_mb"] = rss_mb(process.pid)
        print(f"memory: {held:,} orders, RSS {memory['rss_mb']:.1f} MB, after 10 s idle {memory['rss_idle_mb']:.1f} MB", flush=True)
    finally:
        process.terminate()
        process.wait()
        shutil.rmtree(state_dir, ignore_errors=True)
    return health, menus, orders, memory


def time_to_ready(binary, state_dir):
    """Seconds from exec to the daemon's READY=1 on a NOTIFY_SOCKET of our own."""
    path = os.path.join(tempfile.mkdtemp(prefix="intellidine-notify-"), "notify")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(path)
    listener.settimeout(120)
    started = time.perf_counter()
    process = subprocess.Popen([binary, "serve", "--demo", "--state-dir", state_dir, "--host", "127.0.0.1", "--port", "0"],
                               env=dict(os.environ, NOTIFY_SOCKET=path), stdout=subprocess.DEVNULL,
                               stderr=open(os.path.join(state_dir, "start.log"), "w"))
    try:
        while "READY=1" not in listener.recv(4096).decode():
            pass
        return time.perf_counter() - started
    finally:
        process.terminate()
        process.wait()
        listener.close()
        shutil.rmtree(os.path.dirname(path), ignore_errors=True)


def start_up(binary):
    state_dir = tempfile.mkdtemp(prefix="intellidine-bench-big-")
    try:
        count, size, seconds = big_database.generate(binary, state_dir, BIG_ORDERS)
        print(f"start-up: {count:,} orders, {size / 1e6:,.0f} MB, generated in {seconds:.0f} s", flush=True)
        times = [time_to_ready(binary, state_dir) for _ in range(3)]
        print(f"start-up: exec → READY=1 {', '.join(f'{t:.2f}' for t in times)} s", flush=True)
        return {"orders": count, "bytes": size, "seconds": times}
    finally:
        shutil.rmtree(state_dir, ignore_errors=True)


def ratio(rows, baseline):
    return statistics.median(row["rate"] / base["rate"] for row, base in zip(rows, baseline))


def median(rows, key):
    return statistics.median(row[key] for row in rows)


def verdict(met):
    return "**met**" if met else "**not met**"


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else ".build/release/intellidine"
    bench.BINARY = binary
    health, menus, orders, memory = rounds_and_memory()
    startup = start_up(binary)

    menu_ratio = ratio(menus, health)
    order_rate, order_p99 = median(orders, "rate"), median(orders, "p99_ms")
    cpu_per_order = statistics.median(o["cpu_s"] / o["stored"] * 1e6 for o in orders)
    cpu_per_menu = statistics.median(m["cpu_s"] / m["requests"] * 1e6 for m in menus)
    cpu_per_health = statistics.median(h["cpu_s"] / h["requests"] * 1e6 for h in health)
    ready = statistics.median(startup["seconds"])
    report = f"""
## The guest's hot paths — {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}

- Machine: {bench.machine()}
- Command: `make bench` (`bench/hot_paths.py {binary}`): release build, `--rate-limit-per-minute 0`, wrk {CONNECTIONS} connections
  and 2 threads on the same 2 cores, {SECONDS} s per run, {ROUNDS} interleaved rounds after a warm-up; medians. Orders come
  from {GUESTS} guests at the demo's 10 tables with three baskets. The daemon stored {sum(o['stored'] for o in orders):,} orders
  in the rounds against wrk's {sum(o['created'] for o in orders):,.0f} 201s (the rest were in flight when wrk stopped; never more 201s
  than orders, so none was a replay). CPU per request is the daemon's user + system time over the run; for orders, also
  over the work they left behind (texts, kitchen tickets), waited for before the next run (median {statistics.median(o['settle_s'] for o in orders):.0f} s).

| measure | median | ratio to `/healthz` (same round) | rounds | target |
|---|---|---|---|---|
| `GET /healthz` requests/s | {median(health, 'rate'):,.0f} | 1 | {', '.join(f"{r['rate']:.0f}" for r in health)} | |
| **guest menu reads/s** (no If-None-Match) | **{median(menus, 'rate'):,.0f}** | **{menu_ratio:.2f}×** | {', '.join(f"{r['rate']:.0f}" for r in menus)} | ≥ 0.5× {verdict(menu_ratio >= 0.5)} |
| guest menu p99 | {median(menus, 'p99_ms'):.2f} ms | | {', '.join(f"{r['p99_ms']:.2f}" for r in menus)} | |
| **orders/s** at {CONNECTIONS} connections | **{order_rate:,.0f}** | {ratio(orders, health):.3f}× | {', '.join(f"{r['rate']:.0f}" for r in orders)} | ≥ 3,000 {verdict(order_rate >= 3000)} |
| **order p99** | **{order_p99:.2f} ms** | | {', '.join(f"{r['p99_ms']:.2f}" for r in orders)} | ≤ 25 ms {verdict(order_p99 <= 25)} |
| daemon CPU per order / per menu read / per `/healthz` | {cpu_per_order:,.0f} / {cpu_per_menu:,.0f} / {cpu_per_health:,.0f} µs | | | |
| **RSS after {memory['orders']:,} orders** (VmRSS) | **{memory['rss_mb']:.1f} MB** ({memory['rss_idle_mb']:.1f} MB after 10 s idle) | | | ≤ 64 MB {verdict(memory['rss_mb'] <= 64)} |
| **exec → `READY=1`, {startup['orders']:,} orders** ({startup['bytes'] / 1e9:.1f} GB file) | **{ready:.2f} s** | | {', '.join(f"{t:.2f}" for t in startup['seconds'])} | ≤ 1 s {verdict(ready <= 1)} |

Non-2xx answers in all rounds: {sum(r['non2xx'] + r['errors'] for r in menus + orders + health):.0f}. The kitchen's commit → socket
p99 is in "Kitchen stream latency" (`bench/ws_latency.py`, from the daemon's own histogram).
"""
    print(report)
    bench.prepend_report(report)


if __name__ == "__main__":
    main()
