"""`make soak`: half an hour at ten times a busy restaurant's peak, against the real binary.

Load, all at once on one daemon (`--rate-limit-per-minute 0`):
- 50 orders a second from 20 guests at the 10 tables, each order then cooked (PREPARING, READY by
  the kitchen) and served (SERVED by a waiter) a few seconds later;
- 20 kitchen screens on the live stream, each expected to see every order;
- 200 guests following an order of theirs on the live stream, each moving to a newer order every
  30 seconds (guests come and go);
- the cloud forwarder draining to a receiver that answers 503 to every seventh batch.
Each token's requests go over at most six kept-alive connections at once, as a browser's do.

Every 10 s it samples the daemon's RSS, the WAL's size and the orders stored. Targets: no error (any
answer but the expected one, any dropped socket), RSS growing by less than 5 MB after the first five
minutes, the WAL checkpointed and bounded, and every event at the receiver by the end.

Run: `python3 bench/soak.py <intellidine binary> [--minutes 30] [--check]`. SOAK_MINUTES sets the
default. Without --check the figures are put at the top of BENCHMARKS.md; with --check (`make test`
runs a one-minute soak on the debug build) they are asserted instead and nothing is written.
"""
import argparse
import asyncio
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hot_paths  # noqa: E402  (guest_tokens, rss_mb, stored_orders)
import run as bench  # noqa: E402  (start_daemon, post, stock_up, prepend_report)
from ws_latency import Kitchen  # noqa: E402  (the minimal WebSocket client)

TENANT = bench.TENANT
RATE = 50
KITCHENS = 20
FOLLOWERS = 200
GUESTS = 20
CONNECTIONS_PER_DEVICE = 6


class Soak:
    def __init__(self, port, tokens, kitchen, waiter):
        self.port, self.tokens, self.kitchen, self.waiter = port, tokens, kitchen, waiter
        self.errors = []
        self.placed = []         # (order id, guest index)
        self.moves = 0
        self.connections = {}
        self.gates = {}
        self.run = os.urandom(6).hex()

    async def http(self, method, path, body, token, expect, key=None):
        """One request over a kept-alive connection of this token's own pool, at most
        CONNECTIONS_PER_DEVICE at once, as a browser holds at most six connections to a host and
        queues the rest: without the bound, each stall of the load generator (one Python process on
        the daemon's two cores) opened connections that the daemon then held for their 75 s idle
        timeout, and the daemon's memory followed the client's pool rather than its own state."""
        async with self.gates.setdefault(token, asyncio.Semaphore(CONNECTIONS_PER_DEVICE)):
            return await self.send(method, path, body, token, expect, key)

    async def send(self, method, path, body, token, expect, key):
        """A kept connection the daemon closed while idle fails before a byte of answer: the request
        is sent again on a new connection, as browsers do; orders carry an Idempotency-Key, so even
        a request the daemon had taken could not become two orders."""
        pool = self.connections.setdefault(token, [])
        data = json.dumps(body).encode()
        head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
                + (f"Idempotency-Key: {key}\r\n" if key else "")
                + f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n").encode() + data
        for attempt in range(2):
            reused = bool(pool) and attempt == 0
            reader, writer = pool.pop() if reused else await asyncio.open_connection("127.0.0.1", self.port)
            try:
                writer.write(head)
                answer_head = await reader.readuntil(b"\r\n\r\n")
                length = int(next(line.split(b":")[1] for line in answer_head.split(b"\r\n") if line.lower().startswith(b"content-length")))
                answer = await reader.readexactly(length)
            except asyncio.IncompleteReadError as error:
                writer.close()
                if reused and not error.partial:
                    continue
                self.errors.append(f"{method} {path}: {error!r}")
                return None
            except OSError as error:
                writer.close()
                if reused:
                    continue
                self.errors.append(f"{method} {path}: {error!r}")
                return None
            pool.append((reader, writer))
            status = int(answer_head.split(b" ")[1])
            if status != expect:
                self.errors.append(f"{method} {path}: {status} {answer[:200]!r}")
                return None
            return json.loads(answer)
        return None

    async def cook_and_serve(self, order_id):
        for status, token in (("PREPARING", self.kitchen), ("READY", self.kitchen), ("SERVED", self.waiter)):
            await asyncio.sleep(2)
            if await self.http("PATCH", f"/api/orders/{order_id}/status", {"status": status}, token, 200) is not None:
                self.moves += 1

    async def place_orders(self, seconds):
        started, tasks = time.time(), []
        baskets = [[{"menu_item_id": "item_001", "quantity": 1}, {"menu_item_id": "item_005", "quantity": 2}],
                   [{"menu_item_id": "item_003", "quantity": 1}, {"menu_item_id": "item_006", "quantity": 2}],
                   [{"menu_item_id": "item_004", "quantity": 1, "options": ["extra-butter"]}]]

        async def one(index):
            guest = index % GUESTS
            answer = await self.http("POST", f"/api/orders?tenant_id={TENANT}",
                                     {"table_id": f"tbl-{guest % 10 + 1:03d}", "items": baskets[index % 3]}, self.tokens[guest], 201,
                                     key=f"soak-{self.run}-{index}")
            if answer:
                self.placed.append((answer["order"]["id"], guest))
                await self.cook_and_serve(answer["order"]["id"])

        for index in range(int(seconds * RATE)):
            delay = started + index / RATE - time.time()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(index)))
        await asyncio.gather(*tasks)

    async def follower(self, number, stop, frames):
        """A guest following their newest order, moving on to a newer one every 30 s."""
        while not stop.is_set():
            mine = [order for order, guest in self.placed if guest == number % GUESTS]
            if not mine:
                await asyncio.sleep(0.5)
                continue
            ticket = await self.http("POST", "/api/stream/tickets", {}, self.tokens[number % GUESTS], 201)
            if not ticket:
                await asyncio.sleep(1)
                continue
            client = Kitchen(self.port, ticket["ticket"] + f"&order_id={mine[-1]}")
            try:
                await client.connect()
            except (OSError, AssertionError, asyncio.IncompleteReadError) as error:
                self.errors.append(f"follower {number}: {error!r}")
                await asyncio.sleep(1)
                continue
            reading = asyncio.create_task(client.read())
            try:
                await asyncio.wait_for(stop.wait(), 30)
            except asyncio.TimeoutError:
                pass
            frames[0] += 1
            reading.cancel()
            if reading.done() and not reading.cancelled() and reading.exception():
                self.errors.append(f"follower {number}: {reading.exception()!r}")
            client.writer.close()


def memory_gauges(port):
    """The daemon's own account of its memory, from /metrics (loopback needs no token): SQLite's heap
    and malloc's bytes in use, in MB, so RSS growth can be told apart from caches filling."""
    wanted = {"intellidine_sqlite_memory_bytes": "sqlite_mb", "intellidine_heap_in_use_bytes": "heap_mb"}
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as answer:
        lines = answer.read().decode().splitlines()
    found = {wanted[name]: float(value) / 1e6 for name, value in (line.split(" ", 1) for line in lines if line.split(" ", 1)[0] in wanted)}
    return {key: found.get(key, 0.0) for key in wanted.values()}


def sample(port, process, state_dir):
    wal = os.path.join(state_dir, "db", "intellidine.sqlite-wal")
    return {"t": time.time(), "rss_mb": hot_paths.rss_mb(process.pid), "anon_mb": hot_paths.rss_mb(process.pid, "RssAnon"), "wal_mb": (os.path.getsize(wal) if os.path.exists(wal) else 0) / 1e6,
            "orders": hot_paths.stored_orders(state_dir), "fds": len(os.listdir(f"/proc/{process.pid}/fd")), **memory_gauges(port)}


async def soak(port, process, state_dir, tokens, kitchen, waiter, minutes):
    run = Soak(port, tokens, kitchen, waiter)
    kitchens = [Kitchen(port, bench.post(port, "/api/stream/tickets", {}, kitchen)["ticket"]) for _ in range(KITCHENS)]
    for screen in kitchens:
        await screen.connect()
    readers = [asyncio.create_task(screen.read()) for screen in kitchens]
    stop, frames = asyncio.Event(), [0]
    followers = [asyncio.create_task(run.follower(number, stop, frames)) for number in range(FOLLOWERS)]
    samples = [sample(port, process, state_dir)]

    async def sampler():
        while not stop.is_set():
            await asyncio.sleep(10)
            samples.append(await asyncio.to_thread(sample, port, process, state_dir))
            last = samples[-1]
            print(f"{(last['t'] - samples[0]['t']) / 60:5.1f} min: RSS {last['rss_mb']:.1f} MB (anonymous {last['anon_mb']:.1f}, heap in use {last['heap_mb']:.1f}, "
                  f"SQLite {last['sqlite_mb']:.1f}), WAL {last['wal_mb']:.1f} MB, "
                  f"{last['orders']:,} orders, {last['fds']} open files, {len(run.errors)} errors", flush=True)

    sampling = asyncio.create_task(sampler())
    await run.place_orders(minutes * 60)
    await asyncio.sleep(2)
    stop.set()
    await asyncio.gather(*followers, sampling)
    for screen in kitchens:
        screen.writer.close()
    for reader in readers:
        reader.cancel()
    placed = {order for order, _ in run.placed}
    missing = sum(len(placed - set(screen.arrivals)) for screen in kitchens)
    return run, samples, missing, frames[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--minutes", type=float, default=float(os.environ.get("SOAK_MINUTES", "30")))
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    bench.BINARY = args.binary
    state_dir = tempfile.mkdtemp(prefix="intellidine-soak-")
    receiver_port = bench.free_port()
    receiver = subprocess.Popen([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "receiver.py"), str(receiver_port), "7"])
    process, port = bench.start_daemon(state_dir, 64, {
        "INTELLIDINE_CLOUD_URL": f"http://127.0.0.1:{receiver_port}", "INTELLIDINE_CLOUD_BOX_ID": "soak", "INTELLIDINE_RETRY_CAP_SECONDS": "2"})
    try:
        bench.stock_up(port)
        tokens = hot_paths.guest_tokens(port, state_dir, GUESTS)
        kitchen = bench.post(port, "/api/auth/staff/login", {"username": "kitchen_staff1", "password": "kitchen-demo-1", "tenant_id": TENANT})["access_token"]
        waiter = bench.post(port, "/api/auth/staff/login", {"username": "waiter1", "password": "waiter-demo-1", "tenant_id": TENANT})["access_token"]
        started = time.time()
        run, samples, missing, followed = asyncio.run(soak(port, process, state_dir, tokens, kitchen, waiter, args.minutes))
        elapsed = time.time() - started
        # The forwarder drains what is left, through the receiver's refusals.
        database = os.path.join(state_dir, "db", "intellidine.sqlite")
        logged = int(subprocess.run(["sqlite3", database, "SELECT COUNT(*) FROM events"], capture_output=True, text=True, check=True).stdout)
        deadline = time.time() + 120
        while time.time() < deadline:
            received = json.load(urllib.request.urlopen(f"http://127.0.0.1:{receiver_port}/"))
            if received["events"] >= logged:
                break
            time.sleep(1)
        alive = process.poll() is None
    finally:
        process.terminate()
        process.wait()
        receiver.terminate()
        shutil.rmtree(state_dir, ignore_errors=True)

    settled = [s for s in samples if s["t"] - samples[0]["t"] >= min(300, elapsed / 3)]
    # A minute's median at each end: single samples move by a few MB as connections come and go.
    first, last = settled[:6], settled[-6:]
    def grew(key):
        return statistics.median(s[key] for s in last) - statistics.median(s[key] for s in first)
    growth = grew("rss_mb")
    fds = [s["fds"] for s in samples]
    wal_max = max(s["wal_mb"] for s in samples)
    orders = len(run.placed)
    figures = {
        "minutes": elapsed / 60, "orders": orders, "rate": orders / elapsed, "moves": run.moves, "errors": len(run.errors),
        "missing_frames": missing, "follower_sessions": followed, "rss_start": samples[0]["rss_mb"], "rss_settled": settled[0]["rss_mb"],
        "rss_end": samples[-1]["rss_mb"], "growth": growth, "anon_growth": grew("anon_mb"), "heap_growth": grew("heap_mb"), "sqlite_growth": grew("sqlite_mb"),
        "sqlite_end": samples[-1]["sqlite_mb"], "wal_max": wal_max, "wal_end": samples[-1]["wal_mb"],
        "logged": logged, "received": received["events"], "posts": received["posts"], "alive": alive,
    }
    print(json.dumps(figures, indent=1))
    print("\n".join(run.errors[:10]))
    if args.check:
        assert alive, "the daemon died"
        assert not run.errors, run.errors[:10]
        assert missing == 0, f"{missing} order frames never reached a kitchen screen"
        assert orders >= RATE * args.minutes * 60 * 0.95, f"only {orders} orders placed"
        assert run.moves == 3 * orders, f"{run.moves} status moves for {orders} orders"
        assert received["events"] >= logged, f"the receiver has {received['events']} of {logged} events"
        assert wal_max < 64, f"the WAL reached {wal_max:.1f} MB"
        return
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), platform.processor())
    report = f"""
## Soak: {figures['minutes']:.0f} minutes at ten times a busy restaurant's peak — {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}

- Machine: {os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}
- Command: `make soak` (`bench/soak.py {args.binary} --minutes {args.minutes:g}`): {RATE} orders/s from {GUESTS} guests at 10 tables, each
  cooked and served by status changes a few seconds later; {KITCHENS} kitchen screens and {FOLLOWERS} guests following their orders on
  the live stream; the forwarder draining to `bench/receiver.py`, which answers 503 to every seventh batch. The load
  generator is one Python process on the same 2 cores.

| measure | figure | target |
|---|---|---|
| orders placed / status changes | {orders:,} at {figures['rate']:.1f}/s / {run.moves:,} | |
| **errors** (any unexpected answer or dropped socket) | **{len(run.errors)}** | 0 {'**met**' if not run.errors else '**not met**'} |
| order frames missing on the {KITCHENS} kitchen screens | {missing} | 0 |
| guests' order-following sessions (30 s each) | {followed:,} | |
| RSS at start / after {min(300, elapsed / 3) / 60:.0f} min / at the end | {samples[0]['rss_mb']:.1f} / {settled[0]['rss_mb']:.1f} / {samples[-1]['rss_mb']:.1f} MB | |
| **RSS growth after the first {min(300, elapsed / 3) / 60:.0f} minutes** (median of the last minute's samples less that of the first settled minute) | **{growth:+.1f} MB** | < 5 MB {'**met**' if growth < 5 else '**not met**'} |
| growth over the same minutes of: anonymous memory (`RssAnon`: heap and stacks, not the binary's pages) / malloc's bytes in use (`intellidine_heap_in_use_bytes`) / SQLite's heap within them (`intellidine_sqlite_memory_bytes`) | {figures['anon_growth']:+.1f} / {figures['heap_growth']:+.1f} / {figures['sqlite_growth']:+.1f} MB (SQLite {figures['sqlite_end']:.1f} MB at the end) | |
| the daemon's open files (sockets), smallest / median / largest sample | {min(fds)} / {statistics.median(fds):.0f} / {max(fds)} | |
| **WAL size, largest sample / at the end** | **{wal_max:.1f} / {samples[-1]['wal_mb']:.1f} MB** | bounded (checkpointed) |
| events in the log / at the receiver after the drain ({received['posts']:,} batches posted, one in seven refused) | {logged:,} / {received['events']:,} | all |
"""
    print(report)
    bench.prepend_report(report)


if __name__ == "__main__":
    main()
