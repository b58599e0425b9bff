"""`make bench-compare BASE=<commit>`: order placement on two builds side by side, in one run.

A refactor must not slow the guest's order down. Two release daemons, the base commit's and this
tree's, each on its own state directory, are loaded in turn (never together) for ROUNDS
interleaved rounds; the medians and their ratio go into BENCHMARKS.md. The daemons' own order
counts are checked against what wrk reports, so a replayed key cannot pass for an order.

Beside the rate, each round reads the daemon's CPU time (user + system, /proc) per order it stored.
On these shared 2-core VMs the rate moved twofold between rounds of one run as the host's load
came and went; the CPU an order costs moves far less, and it is what the change is about. The
report also gives each round's new ÷ base, the two runs of a round being back to back."""
import datetime
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (the daemon start, log-in and wrk helpers)

BASE, NEW = sys.argv[1], sys.argv[2]
BASE_LABEL = os.environ.get("BENCH_BASE_LABEL", BASE)
NEW_LABEL = os.environ.get("BENCH_NEW_LABEL", NEW)
PATH = f"/api/orders?tenant_id={run.TENANT}"


def start(binary):
    state_dir = tempfile.mkdtemp(prefix="intellidine-compare-")
    run.BINARY = binary
    process, port = run.start_daemon(state_dir, 64)
    run.stock_up(port)
    return {"dir": state_dir, "process": process, "port": port, "token": run.guest_token(port, state_dir), "rounds": []}


def stored_orders(daemon):
    database = os.path.join(daemon["dir"], "db", "intellidine.sqlite")
    return int(subprocess.run(["sqlite3", database, "SELECT COUNT(*) FROM orders"], capture_output=True, text=True).stdout)


def main():
    daemons = {"base": start(BASE), "new": start(NEW)}
    try:
        for daemon in daemons.values():  # warm-up, not reported
            run.wrk(daemon["port"], PATH, "orders.lua", daemon["token"])
            run.settle(daemon['process'].pid)
        warm = {name: stored_orders(daemon) for name, daemon in daemons.items()}
        for round_number in range(run.ROUNDS):
            for name in (("base", "new") if round_number % 2 == 0 else ("new", "base")):
                daemon = daemons[name]
                cpu, orders = run.cpu_seconds(daemon['process'].pid), stored_orders(daemon)
                result = run.wrk(daemon["port"], PATH, "orders.lua", daemon["token"])
                # Every answer must be a 201: a sold-out dish's quick 409s once passed for a faster build.
                if result["non2xx"] or result["errors"]:
                    raise SystemExit(f"{name}: {result['non2xx']:.0f} non-2xx answers and {result['errors']:.0f} errors in a round")
                # The CPU per order counts the work the orders left behind as well (`run.settle`).
                result["settle_s"] = run.settle(daemon['process'].pid)
                result["cpu_us"] = (run.cpu_seconds(daemon['process'].pid) - cpu) / max(1, stored_orders(daemon) - orders) * 1e6
                daemon["rounds"].append(result)
            print(f"round {round_number + 1}: " + ", ".join(
                f"{name} {d['rounds'][-1]['rate']:.0f}/s p99 {d['rounds'][-1]['p99_ms']:.1f} ms {d['rounds'][-1]['cpu_us']:.0f} µs CPU/order"
                f" (settled in {d['rounds'][-1]['settle_s']:.0f} s)" for name, d in daemons.items()),
                flush=True)
        for name, daemon in daemons.items():
            placed = stored_orders(daemon) - warm[name]
            answered = sum(r["requests"] - r["non2xx"] for r in daemon["rounds"])
            # wrk counts requests that completed in time; the daemon may have committed a few more.
            if placed < answered:
                raise SystemExit(f"{name}: wrk saw {answered:.0f} orders but the database holds {placed}: replays?")
            daemon["stored"] = placed
    finally:
        for daemon in daemons.values():
            daemon["process"].terminate()
            daemon["process"].wait()
            shutil.rmtree(daemon["dir"], ignore_errors=True)

    def med(name, key):
        return statistics.median(r[key] for r in daemons[name]["rounds"])

    def rounds(name, key):
        return ", ".join(f"{r[key]:.0f}" if key == "rate" else f"{r[key]:.1f}" for r in daemons[name]["rounds"])

    def paired(key):
        ratios = [n[key] / b[key] for b, n in zip(daemons["base"]["rounds"], daemons["new"]["rounds"])]
        return f"{statistics.median(ratios):.2f}× ({', '.join(f'{r:.2f}' for r in ratios)})"

    report = f"""
## Order placement, before and after a change — {datetime.date.today().isoformat()}

- Machine: {run.machine()}
- Command: `make bench-compare BASE=<commit>` (`bench/compare.py`: two release daemons, group commit, wrk
  {run.CONNECTIONS} connections, {run.SECONDS} s runs after a warm-up each, {run.ROUNDS} interleaved rounds, medians). Base:
  {BASE_LABEL}; new: {NEW_LABEL}. Orders stored, counted in each database: base {daemons['base']['stored']}, new
  {daemons['new']['stored']}.

| measure | base | new | new ÷ base | rounds (base; new) |
|---|---|---|---|---|
| orders/s | {med('base', 'rate'):,.0f} | {med('new', 'rate'):,.0f} | **{med('new', 'rate') / med('base', 'rate'):.2f}×** | {rounds('base', 'rate')}; {rounds('new', 'rate')} |
| p50 ms | {med('base', 'p50_ms'):.1f} | {med('new', 'p50_ms'):.1f} | {med('new', 'p50_ms') / med('base', 'p50_ms'):.2f}× | {rounds('base', 'p50_ms')}; {rounds('new', 'p50_ms')} |
| p99 ms | {med('base', 'p99_ms'):.1f} | {med('new', 'p99_ms'):.1f} | {med('new', 'p99_ms') / med('base', 'p99_ms'):.2f}× | {rounds('base', 'p99_ms')}; {rounds('new', 'p99_ms')} |
| daemon CPU µs per order, with the work left behind | {med('base', 'cpu_us'):,.0f} | {med('new', 'cpu_us'):,.0f} | **{med('new', 'cpu_us') / med('base', 'cpu_us'):.2f}×** | {rounds('base', 'cpu_us')}; {rounds('new', 'cpu_us')} |
| seconds to settle after a run | {med('base', 'settle_s'):.0f} | {med('new', 'settle_s'):.0f} | | {rounds('base', 'settle_s')}; {rounds('new', 'settle_s')} |

New ÷ base within each round, median (rounds): orders/s {paired('rate')}; CPU per order {paired('cpu_us')}.
"""
    print(report)
    run.prepend_report(report)


if __name__ == "__main__":
    main()
