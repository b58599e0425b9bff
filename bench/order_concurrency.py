"""`make bench`: order placement against the number of connections, with how busy the two cores are
(docs/architecture.md, "Benchmarks").

Run: `python3 bench/order_concurrency.py .build/release/intellidine`.

#20's order target is set at 32 connections. This asks whether that rate is bounded by the CPU (the
cores busy, more connections add nothing) or by each order's time on its serial path (cores left
idle, more connections add orders). One release daemon, rate limit off, orders as in
`hot_paths.py` (`orders_spread.lua`: 20 guests, three baskets, unique Idempotency-Keys); for each
connection count (BENCH_CONNECTIONS, default 8,32,64,128) BENCH_ROUNDS interleaved rounds (default
2) of BENCH_SECONDS (default 10). For each run: wrk's rate and p99, the daemon's stored orders
(checked against wrk's 201s as in hot_paths.py), the whole machine's idle share from /proc/stat (wrk
included) and the daemon's CPU per order. The section goes to the top of BENCHMARKS.md.
"""
import datetime
import os
import shutil
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hot_paths  # noqa: E402
import run as bench  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = [int(c) for c in os.environ.get("BENCH_CONNECTIONS", "8,32,64,128").split(",")]


def cpu_times():
    """The machine's CPU times (/proc/stat's first line): user, nice, system, idle, iowait, …"""
    return [int(field) for field in open("/proc/stat").readline().split()[1:]]


def measure(process, port, state_dir, connections, env):
    before_orders = hot_paths.stored_orders(state_dir)
    before_machine, before_daemon = cpu_times(), bench.cpu_seconds(process.pid)
    result = bench.wrk(port, f"/api/orders?tenant_id={bench.TENANT}", "orders_spread.lua", env=env, seconds=SECONDS,
                       connections=connections)
    after_machine = cpu_times()
    # The daemon's CPU also over the texts and tickets the orders left behind (run.settle).
    bench.settle(process.pid)
    daemon_cpu = bench.cpu_seconds(process.pid) - before_daemon
    stored = hot_paths.stored_orders(state_dir) - before_orders
    bench.check_stored(result["created"], stored, connections, f"{connections} connections")
    spent = [after - before for before, after in zip(before_machine, after_machine)]
    result.update(stored=stored, idle=(spent[3] + spent[4]) / sum(spent), cpu_per_order_us=daemon_cpu / stored * 1e6)
    return result


def verdict(runs):
    """What the figures say about the rate at 32 connections (or the nearest count measured)."""
    rate = {c: statistics.median(r["rate"] for r in rs) for c, rs in runs.items()}
    idle = {c: statistics.median(r["idle"] for r in rs) for c, rs in runs.items()}
    at = min(rate, key=lambda c: abs(c - 32))
    most = max(rate)
    if most > at and rate[most] > 1.15 * rate[at] and idle[at] > 0.10:
        return (f"At {at} connections the machine is {idle[at]:.0%} idle, and {most} connections place {rate[most] / rate[at]:.2f}× the "
                f"orders: the rate at {at} is bounded by each order's time on its serial path (waiting for, and sharing, the group "
                "commit's batches), not by the CPU.")
    return (f"From {at} connections on the rate grows by {rate[most] / rate[at]:.2f}× at most while the machine is {idle[at]:.0%} idle at "
            f"{at}: the rate is bounded by the CPU.")


def main():
    bench.BINARY = sys.argv[1] if len(sys.argv) > 1 else ".build/release/intellidine"
    state_dir = tempfile.mkdtemp(prefix="intellidine-bench-concurrency-")
    process, port = bench.start_daemon(state_dir, 64)
    runs = {connections: [] for connections in CONNECTIONS}
    health = []
    try:
        bench.stock_up(port)
        env = {"BENCH_TOKENS": ",".join(hot_paths.guest_tokens(port, state_dir, hot_paths.GUESTS))}
        bench.wrk(port, f"/api/orders?tenant_id={bench.TENANT}", "orders_spread.lua", env=env, seconds=3)  # warm-up
        bench.settle(process.pid)  # its last orders, in flight when it stopped, are not the first run's
        for number in range(ROUNDS):
            for connections in CONNECTIONS:
                run = measure(process, port, state_dir, connections, env)
                runs[connections].append(run)
                print(f"round {number + 1}, {connections} connections: {run['rate']:.0f} orders/s, p99 {run['p99_ms']:.1f} ms, "
                      f"idle {run['idle']:.0%}, {run['cpu_per_order_us']:.0f} µs of daemon CPU per order", flush=True)
            # The baseline: what a request with no serial path leaves idle on the same machine.
            before = cpu_times()
            rate = bench.wrk(port, "/healthz", "latency.lua", seconds=SECONDS, connections=32)["rate"]
            spent = [after - b for b, after in zip(before, cpu_times())]
            health.append({"rate": rate, "idle": (spent[3] + spent[4]) / sum(spent)})
            print(f"round {number + 1}, /healthz at 32 connections: {rate:.0f}/s, idle {health[-1]['idle']:.0%}", flush=True)
    finally:
        process.terminate()
        process.wait()
        shutil.rmtree(state_dir, ignore_errors=True)

    rows = "\n".join(
        f"| {c} | {statistics.median(r['rate'] for r in runs[c]):,.0f} | {statistics.median(r['p99_ms'] for r in runs[c]):.1f} ms "
        f"| {statistics.median(r['idle'] for r in runs[c]):.0%} | {statistics.median(r['cpu_per_order_us'] for r in runs[c]):.0f} µs "
        f"| {', '.join('%.0f' % r['rate'] for r in runs[c])} |"
        for c in CONNECTIONS)
    report = f"""
## Orders against connections — {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}

- Machine: {bench.machine()}
- Command: `bench/order_concurrency.py {bench.BINARY}`: release build, `--rate-limit-per-minute 0`, wrk with 2 threads on the same
  2 cores, {SECONDS} s per run, {ROUNDS} interleaved rounds; medians. Orders as in the hot paths (20 guests, three baskets,
  unique Idempotency-Keys); every run's stored orders checked against wrk's 201s. Idle is the whole machine's (idle and
  I/O wait in /proc/stat, wrk included).

| connections | orders/s | p99 | machine idle | daemon CPU per order | rounds (orders/s) |
|---|---|---|---|---|---|
{rows}

`GET /healthz` at 32 connections in the same rounds: {statistics.median(h['rate'] for h in health):,.0f}/s with the machine
{statistics.median(h['idle'] for h in health):.0%} idle.

{verdict(runs)}
"""
    bench.prepend_report(report)
    print(report)


if __name__ == "__main__":
    main()
