"""`make bench`: instructions per order, counted by callgrind (docs/architecture.md, "Counting
instructions").

Run: `python3 bench/instructions.py .build/release/intellidine`.

Wall-clock rates on these shared 2-core VMs move two- to threefold between runs, and the VMs expose
no hardware counters to `perf stat`. Callgrind counts the instructions the daemon executes, which do
not depend on how busy the host is. Its figures are not the same as a CPU's: it runs the daemon
about fifty times slower, so timers, batches and waits differ. Read them as a ratio to `/healthz`
counted the same way, and compare builds with it.

One daemon (a copy of the binary without its debug information, which valgrind 3.19 cannot read;
its symbols stay) runs under `valgrind --tool=callgrind --instr-atstart=no`. The script:
1. warms up;
2. turns instrumentation on with `callgrind_control`;
3. counts 10 s of the daemon idle, for scale;
4. runs `/healthz` for BENCH_SECONDS, waits for the daemon's CPU to settle, and dumps the counts;
5. does the same for orders (`orders_spread.lua`, 4 connections), including the texts and tickets
   they leave behind;
6. divides each count by what the daemon itself counted: the orders stored in its database, and the
   `/healthz` answers wrk received.
"""
import datetime
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hot_paths  # noqa: E402
import run as bench  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))
CONNECTIONS = 4
IDLE_SECONDS = 10


def callgrind(pid, *arguments):
    subprocess.run(["callgrind_control", *arguments, str(pid)], check=True, capture_output=True)


def dumped_instructions(out_dir, before):
    """The instructions of the dump written since `before` (the set of dump files seen then)."""
    deadline = time.time() + 60
    while time.time() < deadline:
        new = sorted(set(glob.glob(os.path.join(out_dir, "callgrind.out*"))) - before)
        for path in new:
            text = open(path).read()
            match = re.search(r"^(?:summary|totals): (\d+)", text, re.MULTILINE)
            if match:
                return int(match.group(1)), set(glob.glob(os.path.join(out_dir, "callgrind.out*")))
        time.sleep(0.5)
    raise SystemExit("callgrind wrote no dump")


def wrk(port, path, script, env, seconds):
    """wrk at this bench's connections, with a long timeout: under callgrind an answer takes tens of
    milliseconds."""
    return bench.wrk(port, path, script, env=env, seconds=seconds, connections=CONNECTIONS, timeout_s=30)


def measure(process, out_dir, seen, run):
    """Instructions over `run()` and the work it leaves behind."""
    callgrind(process.pid, "--zero")
    callgrind(process.pid, "--instr=on")
    result = run()
    bench.settle(process.pid)
    callgrind(process.pid, "--dump")
    instructions, seen = dumped_instructions(out_dir, seen)
    callgrind(process.pid, "--instr=off")
    return instructions, result, seen


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else ".build/release/intellidine"
    scratch = tempfile.mkdtemp(prefix="intellidine-bench-instructions-")
    state_dir = os.path.join(scratch, "state")
    out_dir = os.path.join(scratch, "callgrind")
    os.makedirs(state_dir)
    os.makedirs(out_dir)
    binary = os.path.join(scratch, "intellidine")
    shutil.copy(source, binary)
    # Debug information out, symbols kept: valgrind reads the symbols, so a kept dump can be read by function.
    subprocess.run(["strip", "--strip-debug", binary], check=True)
    process, port = bench.start_daemon(
        state_dir, 64, binary=binary, start_seconds=300,
        wrapper=("valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out_dir}/callgrind.out"))
    try:
        bench.stock_up(port)
        tokens = hot_paths.guest_tokens(port, state_dir, hot_paths.GUESTS)
        env = {"BENCH_TOKENS": ",".join(tokens)}
        orders_path = f"/api/orders?tenant_id={bench.TENANT}"
        wrk(port, orders_path, "orders_spread.lua", env, 5)  # warm-up: caches, prepared statements
        bench.settle(process.pid)
        seen = set(glob.glob(os.path.join(out_dir, "callgrind.out*")))

        # What the daemon does on its own (timers, the consumers' safety polls), for scale.
        idle_instructions, _, seen = measure(process, out_dir, seen, lambda: time.sleep(IDLE_SECONDS))
        healthz_instructions, healthz, seen = measure(
            process, out_dir, seen, lambda: wrk(port, "/healthz", "latency.lua", {}, SECONDS))
        before = hot_paths.stored_orders(state_dir)
        order_instructions, orders, seen = measure(
            process, out_dir, seen, lambda: wrk(port, orders_path, "orders_spread.lua", env, SECONDS))
        stored = hot_paths.stored_orders(state_dir) - before
        # BENCH_KEEP_DUMPS: a folder to keep the dumps in, for `callgrind_annotate --inclusive=yes`.
        if os.environ.get("BENCH_KEEP_DUMPS"):
            shutil.copytree(out_dir, os.environ["BENCH_KEEP_DUMPS"], dirs_exist_ok=True)
    finally:
        process.terminate()
        try:
            process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(scratch, ignore_errors=True)

    if stored == 0 or healthz["requests"] == 0:
        raise SystemExit(f"nothing measured: {stored} orders, {healthz['requests']} /healthz answers")
    if orders["created"] > stored:
        raise SystemExit(f"wrk counted {orders['created']} orders created but the daemon stored {stored}: replays")
    per_order = order_instructions / stored
    per_healthz = healthz_instructions / healthz["requests"]
    report(per_order, per_healthz, idle_instructions / IDLE_SECONDS, stored, int(healthz["requests"]), source)


def report(per_order, per_healthz, idle_per_second, orders, healthz, source):
    # BENCH_BUILD_LABEL names a binary built from another commit (a baseline).
    build = os.environ.get("BENCH_BUILD_LABEL") or subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    section = f"""
## Instructions per order, counted by callgrind — {datetime.date.today().isoformat()}

- Machine: {bench.machine()}. Build: `{build}` (`{source}`, debug information stripped).
- Command: `make bench` (`bench/instructions.py`): one daemon under `valgrind --tool=callgrind`, instrumentation
  on only while measuring; {SECONDS} s of wrk each ({CONNECTIONS} connections), then until the daemon's CPU settles, so
  the texts and tickets an order leaves behind are counted with it. Divided by the daemon's own count: {orders:,} orders
  stored, {healthz:,} `/healthz` answers.

| measure | instructions | ÷ `/healthz` |
|---|---|---|
| one order (`orders_spread.lua`), with the work it leaves behind | {per_order:,.0f} | {per_order / per_healthz:.1f} |
| one `/healthz` | {per_healthz:,.0f} | 1.0 |
| a second of the daemon idle, for scale | {idle_per_second:,.0f} | {idle_per_second / per_healthz:.1f} |

"""
    print(section)
    bench.prepend_report(section)


if __name__ == "__main__":
    main()
