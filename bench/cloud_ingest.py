"""Head office's ingest under a chain's morning catch-up: 50 boxes each post a day's backlog at once.

Run: `python3 bench/cloud_ingest.py <intellidine-cloud binary> [--boxes 50] [--events 20000]`.

A PostgreSQL 15 of the bench's own (durable settings: fsync and synchronous_commit on) and the real
`intellidine-cloud serve`. Each simulated box has its own key (`box add`) and posts its backlog as the
forwarder does: batches of 500 events in seq order, signed, one batch at a time, over a kept-alive
connection, retrying on anything but 200. All boxes start together. Then the same into two ingest
processes on the same Postgres (half the boxes each). Every run checks exactly-once in Postgres (the
events count and the boxes' counters) before its figure is reported. The batches are built and signed
before the clock starts, so the figure is the server's, not Python's.
"""
import argparse
import hashlib
import hmac
import http.client
import json
import os
import platform
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "Tests", "cloud"))
from harness import Cloud, Postgres  # noqa: E402

BATCH = 500
SETTINGS = ["-c", "fsync=on", "-c", "synchronous_commit=on", "-c", "shared_buffers=256MB", "-c", "max_wal_size=2GB",
            "-c", "checkpoint_timeout=15min", "-c", "max_connections=200"]


def batches(box_id, key, events):
    """The box's backlog as signed request bodies: order.created, payment.completed and
    order.status_changed in the proportions of a service."""
    out = []
    for first in range(1, events + 1, BATCH):
        rows = []
        for seq in range(first, min(events, first + BATCH - 1) + 1):
            order = f"ord-{box_id}-{seq // 3}"
            kind = seq % 3
            if kind == 1:
                rows.append({"id": f"evt-{box_id}-{seq}", "seq": seq, "tenant_id": "t1", "type": "order.created", "aggregate_id": order,
                             "occurred_at": "2026-12-03T07:00:00.000Z", "payload": {
                                 "order_id": order, "ticket_number": seq // 3, "table_number": seq % 10 + 1, "total": 1088.55,
                                 "taxes": [{"rate": 18, "taxable": 922.5, "cgst": 83.03, "sgst": 83.02}],
                                 "items": [{"item_id": "item_001", "name": "Paneer Tikka", "quantity": 2, "unit_price": 280, "discount_applied": 0}],
                                 "timestamp": "2026-12-03T07:00:00.000Z"}})
            elif kind == 2:
                rows.append({"id": f"evt-{box_id}-{seq}", "seq": seq, "tenant_id": "t1", "type": "order.status_changed", "aggregate_id": order,
                             "occurred_at": "2026-12-03T07:10:00.000Z", "payload": {
                                 "order_id": order, "new_status": "SERVED", "old_status": "READY", "changed_by": "waiter1",
                                 "timestamp": "2026-12-03T07:10:00.000Z"}})
            else:
                rows.append({"id": f"evt-{box_id}-{seq}", "seq": seq, "tenant_id": "t1", "type": "payment.completed", "aggregate_id": order,
                             "occurred_at": "2026-12-03T07:20:00.000Z", "payload": {
                                 "order_id": order, "payment_id": f"pay-{box_id}-{seq}", "amount": 1088.55, "method": "UPI",
                                 "timestamp": "2026-12-03T07:20:00.000Z"}})
        body = json.dumps({"box_id": box_id, "batch_id": f"batch-{box_id}-{first}", "events": rows}, separators=(",", ":")).encode()
        signature = "sha256=" + hmac.new(key.encode(), body, hashlib.sha256).hexdigest()
        out.append((body, signature, min(events, first + BATCH - 1)))
    return out


def send(port, box_id, prepared, errors, retries):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    for body, signature, last in prepared:
        while True:
            try:
                connection.request("POST", "/v1/events", body=body, headers={
                    "Content-Type": "application/json", "X-Intellidine-Box": box_id, "X-Intellidine-Signature": signature,
                    "X-Intellidine-Backlog": str(len(prepared) * BATCH - last)})
                response = connection.getresponse()
                response.read()
                if response.status == 200:
                    break
                retries.append(response.status)
            except (OSError, http.client.HTTPException) as error:
                retries.append(str(error))
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            if len(retries) > 1000:
                errors.append(f"{box_id}: too many retries")
                return
            time.sleep(0.1)
    connection.close()


def psql(postgres, query):
    return subprocess.run(["/usr/lib/postgresql/15/bin/psql", postgres.url, "-At", "-c", query], capture_output=True, text=True, check=True).stdout.strip()


def run(binary, boxes, events, processes):
    postgres = Postgres(settings=SETTINGS)
    postgres.start()
    clouds = [Cloud(binary, postgres.url)]
    try:
        for _ in range(processes - 1):
            extra = Cloud(binary, postgres.url)
            extra.credentials = clouds[0].credentials
            clouds.append(extra)
        ids = [f"bench-{index:02d}" for index in range(boxes)]
        keys = {box_id: clouds[0].add_box(box_id, f"Restaurant {box_id}") for box_id in ids}
        prepared = {box_id: batches(box_id, keys[box_id], events) for box_id in ids}
        for cloud in clouds:
            cloud.start()
        errors, retries = [], []
        threads = [threading.Thread(target=send, args=(clouds[index % processes].port, box_id, prepared[box_id], errors, retries))
                   for index, box_id in enumerate(ids)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        stored = int(psql(postgres, "SELECT count(*) FROM events"))
        received = int(psql(postgres, "SELECT sum(events_received) FROM boxes"))
        assert not errors, errors
        assert stored == boxes * events == received, f"exactly once: {stored} stored, {received} counted, {boxes * events} sent"
        orders = int(psql(postgres, "SELECT count(*) FROM orders"))
        return {"events": stored, "seconds": elapsed, "per_second": stored / elapsed, "retries": len(retries), "orders": orders}
    finally:
        for cloud in clouds:
            cloud.stop()
        postgres.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--boxes", type=int, default=50)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--out", default="BENCHMARKS.md")
    args = parser.parse_args()
    one = run(args.binary, args.boxes, args.events, 1)
    print(f"one ingest process: {one}")
    two = run(args.binary, args.boxes, args.events, 2)
    print(f"two ingest processes: {two}")
    machine = f"{platform.node()}, {os.cpu_count()} cores, {platform.platform()}"
    section = f"""
## Head office's ingest: {args.boxes} boxes catching up at once (`bench/cloud_ingest.py`)

{datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}, {machine}; `python3 bench/cloud_ingest.py {args.binary}`.
Each box posts {args.events:,} events (a day's backlog: orders created, served and paid) in signed batches
of {BATCH}, one at a time, all boxes at once; PostgreSQL 15 on the same 2 cores with
`{' '.join(SETTINGS[1::2])}` (durable: every commit flushed). Exactly once checked in Postgres after each run.

| ingest processes | events stored | seconds | events/s | retries | target |
|---|---|---|---|---|---|
| 1 | {one['events']:,} | {one['seconds']:.1f} | {one['per_second']:,.0f} | {one['retries']} | 20,000/s |
| 2 | {two['events']:,} | {two['seconds']:.1f} | {two['per_second']:,.0f} | {two['retries']} | 20,000/s |
"""
    with open(args.out, "a") as f:
        f.write(section)
    print(section)


if __name__ == "__main__":
    main()
