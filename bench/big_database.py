"""A box's database with a million orders, for the start-up benchmark (`bench/hot_paths.py`).

Run: `python3 bench/big_database.py <intellidine binary> <state dir> [--orders 1000000]`.

The daemon itself makes the demo restaurant and places one real order (lines, history, event);
then SQLite copies it into `--orders` completed orders over the days before today (1,000 a day,
each day's tickets numbered from 1), with their two lines, history row and `order.created` event.
The consumers' cursors are moved to the end of the log, as on a box that has long handled it.
"""
import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as bench  # noqa: E402

PER_DAY = 1_000


def columns(database, table):
    out = subprocess.run(["sqlite3", database, f"SELECT name FROM pragma_table_info('{table}')"], capture_output=True, text=True, check=True)
    return out.stdout.split()


def copy(database, table, count, overrides, source):
    """`INSERT INTO table SELECT …` `count` times from the one real row `source`, with `overrides`
    (column → SQL over `i`, the copy's number) for the columns that must differ."""
    names = columns(database, table)
    select = ", ".join(overrides.get(name, f"s.{name}") for name in names)
    return f"""
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
        INSERT INTO {table} ({", ".join(names)}) SELECT {select} FROM n, ({source}) AS s;"""


def generate(binary, state_dir, orders):
    bench.BINARY = binary
    process, port = bench.start_daemon(state_dir, 64)
    try:
        bench.stock_up(port)
        token = bench.guest_token(port, state_dir)
        bench.post(port, f"/api/orders?tenant_id={bench.TENANT}", {"table_id": "tbl-005", "items": [
            {"menu_item_id": "item_001", "quantity": 2}, {"menu_item_id": "item_003", "quantity": 1}]}, token)
    finally:
        process.terminate()
        process.wait()
    database = os.path.join(state_dir, "db", "intellidine.sqlite")
    day = f"date('now', '-' || (1 + (i - 1) / {PER_DAY}) || ' days')"
    at = f"({day} || 'T13:00:00.000Z')"
    order_id = "('ord-big-' || i)"
    script = "PRAGMA foreign_keys = OFF; BEGIN;" + copy(database, "orders", orders, {
        "id": order_id, "ticket_number": f"1 + (i - 1) % {PER_DAY}", "business_date": day, "table_session_id": "NULL",
        "status": "'COMPLETED'", "paid_paise": "s.total_paise", "created_at": at, "updated_at": at,
    }, "SELECT * FROM orders LIMIT 1") + copy(database, "order_items", orders * 2, {
        "id": "('oi-big-' || i)", "order_id": "('ord-big-' || ((i + 1) / 2))", "position": "1 + (i + 1) % 2",
    }, "SELECT * FROM order_items LIMIT 1") + copy(database, "order_status_history", orders, {
        "id": "('osh-big-' || i)", "order_id": order_id, "from_status": "'SERVED'", "status": "'COMPLETED'", "changed_at": at,
    }, "SELECT * FROM order_status_history LIMIT 1") + copy(database, "events", orders, {
        "seq": "NULL", "id": "('evt-big-' || i)", "aggregate_id": order_id, "occurred_at": at,
    }, "SELECT * FROM events WHERE type = 'order.created' LIMIT 1") + """
        UPDATE consumer_cursors SET last_seq = (SELECT max(seq) FROM events);
        COMMIT; PRAGMA wal_checkpoint(TRUNCATE);"""
    started = time.time()
    subprocess.run(["sqlite3", database], input=script, text=True, check=True, capture_output=True)
    count = subprocess.run(["sqlite3", database, "SELECT count(*) FROM orders"], capture_output=True, text=True, check=True).stdout.strip()
    return int(count), os.path.getsize(database), time.time() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("state_dir")
    parser.add_argument("--orders", type=int, default=1_000_000)
    args = parser.parse_args()
    count, size, seconds = generate(args.binary, args.state_dir, args.orders)
    print(f"{count:,} orders, {size / 1e6:,.0f} MB, generated in {seconds:.0f} s")


if __name__ == "__main__":
    main()
