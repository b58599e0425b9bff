"""`make bench`, reports over a year of trade: a database with a year of orders (300,000 by default),
their payments, table sessions and GST invoices is generated straight into SQLite (`generate`),
then a release daemon answers a month's sales report, a year's sales report and a month's GSTR-1
tables, timed over several rounds beside `/healthz`. Target: a month's report and the GST tables
within 300 ms. Results are written to BENCHMARKS.md."""
import datetime
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run as base  # noqa: E402  (the same binary argument, daemon start and helpers)

ORDERS = int(os.environ.get("BENCH_YEAR_ORDERS", "300000"))
ROUNDS = int(os.environ.get("BENCH_REPORT_ROUNDS", "7"))
TENANT = base.TENANT
START = datetime.date(2025, 12, 1)
DAYS = 365
ITEMS = [("item_001", "Paneer Tikka", 28_000), ("item_003", "Dal Makhani", 25_000), ("item_005", "Garlic Naan", 5_000),
         ("item_006", "Tandoori Roti", 3_000)]


def generate(path, orders=ORDERS, seed=42):
    """A year of trade at 5 %: each order one or two lines, paid in cash or UPI, its table session closed and
    invoiced in the gap-free series of its financial year. Written with the schema the daemon migrated."""
    rng = random.Random(seed)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    per_day = orders // DAYS
    order_rows, item_rows, payment_rows, session_rows, invoice_rows = [], [], [], [], []
    counters = {}
    n = 0
    for day in range(DAYS):
        date = START + datetime.timedelta(days=day)
        local = date.isoformat()
        year = f"{date.year if date.month >= 4 else date.year - 1}-{(date.year + 1 if date.month >= 4 else date.year) % 100:02d}"
        short = year[2:4] + year[5:7]
        for ticket in range(1, per_day + 1):
            n += 1
            oid, sid = f"ord-y{n:08d}", f"ses-y{n:08d}"
            minute = 660 + rng.randrange(0, 660)  # 11:00 to 22:00 local
            created = (datetime.datetime.combine(date, datetime.time()) + datetime.timedelta(minutes=minute - 330)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
            lines = rng.sample(ITEMS, rng.choice((1, 2)))
            subtotal = 0
            for position, (item, name, price) in enumerate(lines):
                quantity = rng.choice((1, 1, 2))
                subtotal += price * quantity
                item_rows.append((f"oi-y{n:08d}-{position}", oid, TENANT, position, item, name, quantity, price, price, price * quantity, 15, 500))
            tax = (subtotal * 500 + 5000) // 10000
            sgst = tax // 2
            cgst = tax - sgst
            total = subtotal + tax
            tax_lines = json.dumps([{"rate_bp": 500, "taxable": subtotal, "cgst": cgst, "sgst": sgst}], separators=(",", ":"))
            table = rng.randrange(1, 9)
            order_rows.append((oid, TENANT, ticket, local, f"tbl-00{table}", table, sid, "COMPLETED", subtotal, subtotal, cgst, sgst, total, total,
                               500, total, 15, created, created, tax_lines))
            session_rows.append((sid, TENANT, f"tbl-00{table}", "CLOSED", created, "bench", created))
            method = rng.choice(("CASH", "UPI", "CASH", "CARD"))
            payment_rows.append((f"pay-y{n:08d}", TENANT, oid, total, method, "COMPLETED", "waiter1", created, local))
            counters[year] = counters.get(year, 0) + 1
            sequence = counters[year]
            invoice_rows.append((f"INV/{short}/{sequence:06d}", TENANT, sid, year, sequence, created, local, subtotal, cgst, sgst, total, method, tax_lines))
    db.executemany("""INSERT INTO table_sessions (id, tenant_id, table_id, status, opened_at, opened_by, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?)""", session_rows)
    db.executemany("""INSERT INTO orders (id, tenant_id, ticket_number, business_date, table_id, table_number, table_session_id, status,
        original_subtotal_paise, subtotal_paise, cgst_paise, sgst_paise, total_paise, original_total_paise, gst_rate_bp, paid_paise,
        estimated_preparation_time, created_at, updated_at, tax_lines) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", order_rows)
    db.executemany("""INSERT INTO order_items (id, order_id, tenant_id, position, menu_item_id, name, quantity, unit_price_paise,
        discounted_unit_price_paise, subtotal_paise, preparation_time, gst_rate_bp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", item_rows)
    db.executemany("""INSERT INTO payments (id, tenant_id, order_id, amount_paise, payment_method, status, recorded_by, created_at, business_date)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", payment_rows)
    db.executemany("""INSERT INTO invoices (id, tenant_id, session_id, financial_year, sequence, issued_at, local_date, taxable_paise, cgst_paise,
        sgst_paise, total_paise, payment_methods, tax_lines) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", invoice_rows)
    for year, last in counters.items():
        db.execute("INSERT OR REPLACE INTO invoice_counters (tenant_id, financial_year, last_number) VALUES (?, ?, ?)", (TENANT, year, last))
    db.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return n


def timed(port, path, token):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        body = response.read()
    return (time.perf_counter() - started) * 1000, body


def main():
    state = tempfile.mkdtemp(prefix="intellidine-bench-year-")
    try:
        process, port = base.start_daemon(state, 64)  # migrates and seeds the demo restaurant
        process.terminate()
        process.wait()
        started = time.perf_counter()
        orders = generate(os.path.join(state, "db", "intellidine.sqlite"))
        generated = time.perf_counter() - started
        process, port = base.start_daemon(state, 64)
        try:
            token = base.post(port, "/api/auth/staff/login", {"username": "manager1", "password": "manager-demo-1", "tenant_id": TENANT})["access_token"]
            month = "/api/reports/sales?from=2026-11-01&to=2026-11-30"
            year = "/api/reports/sales?from=2025-12-01&to=2026-11-30"
            gstr1 = "/api/reports/gstr1?month=2026-11"
            checks = json.loads(timed(port, month, token)[1])  # also the warm-up
            counted = checks["report"]["totals"]["orders"]
            rounds = {name: [] for name in ("healthz", "month", "year", "gstr1")}
            for _ in range(ROUNDS):
                rounds["healthz"].append(timed(port, "/healthz", None)[0])
                rounds["month"].append(timed(port, month, token)[0])
                rounds["gstr1"].append(timed(port, gstr1, token)[0])
                rounds["year"].append(timed(port, year, token)[0])
            b2cs = json.loads(timed(port, gstr1, token)[1])["b2cs"]
        finally:
            process.terminate()
            process.wait()
    finally:
        shutil.rmtree(state, ignore_errors=True)
    med = {name: statistics.median(values) for name, values in rounds.items()}
    for name, value in med.items():
        print(f"{name}: median {value:.1f} ms over {ROUNDS} rounds", flush=True)
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), platform.processor())
    row = lambda name, label: f"| {label} | **{med[name]:.0f} ms** | {', '.join(f'{v:.0f}' for v in rounds[name])} |"  # noqa: E731
    report = f"""
## Reports over a year of trade — {datetime.date.today().isoformat()}

- Machine: {os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}
- Command: `make bench` (`bench/year_reports.py`): {orders:,} orders over 365 days (December 2025 to November 2026, about
  {orders // 365} a day), each with its lines, its payment (cash, UPI or card), its table session and its GST invoice, written
  straight into the daemon's SQLite file in {generated:.0f} s; then a release daemon, {ROUNDS} rounds of each request after
  one unreported warm-up, one at a time over loopback, timed from request to last byte; medians.

| request | median | rounds (ms) |
|---|---|---|
{row('healthz', '`/healthz` (the floor)')}
{row('month', "a month's sales report (November 2026: {:,} orders)".format(counted))}
{row('gstr1', "a month's GSTR-1 tables (B2C by rate: {} row)".format(len(b2cs)))}
{row('year', "a year's sales report (every table over {:,} orders)".format(orders))}

Target: a month's report and the GST tables within 300 ms.
"""
    print(report)
    base.prepend_report(report)


if __name__ == "__main__":
    main()
