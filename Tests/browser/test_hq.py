"""Head office's web app (`intellidine-cloud`, /hq/) in Debian's headless chromium, on a real PostgreSQL 15.

Run: `python3 Tests/browser/test_hq.py <intellidine-cloud binary>`. The test starts its own PostgreSQL
15 (/usr/lib/postgresql/15/bin, as `nobody` when run as root: Postgres refuses root), registers two
boxes and a head-office user with the CLI, starts `intellidine-cloud serve`, and posts signed batches
as the boxes' forwarders do: orders, a cancellation, payments and GST invoices over today and two
earlier days, one box caught up and the other 40 minutes behind. Then, in the browser: a wrong
password and a right one, the fleet (today's trade per restaurant, the box behind said in words), the
chain over a week (totals per restaurant equal to the posted events, to the paisa; both SVG charts with
labels of 12 px or more), the accountant's three CSVs downloaded and added up, a 360 px phone (nothing
scrolls sideways, no serious or critical axe finding), and signing out.
Screenshots go to $SCREENSHOT_DIR (default .build/screenshots), as hq-*.png.
"""
import csv
import hashlib
import hmac
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal

BINARY = os.path.abspath(sys.argv.pop(1) if len(sys.argv) > 1 else ".build/debug/intellidine-cloud")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# test_web_apps takes the box daemon's path from argv: it gets a placeholder, not unittest's arguments.
_argv, sys.argv = sys.argv, [sys.argv[0], "unused"]
import test_web_apps as web  # noqa: E402
from test_guest_phones import LAYOUT, axe_serious  # noqa: E402
sys.argv = _argv

from selenium.webdriver.common.by import By  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "cloud"))
from harness import Cloud, Postgres  # noqa: E402

PG_BIN = "/usr/lib/postgresql/15/bin"
IST = timezone(timedelta(hours=5, minutes=30))
PASSWORD = "head-office-pass-1"
NAMES = {"box-a": "Spice Garden Indiranagar", "box-b": "Dosa Corner Koramangala"}
REVOKED = ("box-c", "Old Branch MG Road")
PHONE = (360, 780, 3)


def rupees(value):
    """₹1,23,456.78, as Intl.NumberFormat('en-IN', {style: 'currency', currency: 'INR'}) writes it."""
    value = Decimal(value).quantize(Decimal("0.01"))
    whole, fraction = f"{value:.2f}".split(".")
    if len(whole) > 3:
        head, tail = whole[:-3], whole[-3:]
        groups = []
        while len(head) > 2:
            groups.insert(0, head[-2:])
            head = head[:-2]
        whole = ",".join(([head] if head else []) + groups + [tail])
    return f"₹{whole}.{fraction}"


def iso(moment):
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class Trade:
    """What a box did, as events, and the sums head office must show for it (in Decimal rupees)."""

    def __init__(self, box_id, tenant):
        self.box_id, self.tenant = box_id, tenant
        self.events = []
        self.orders = {}  # order id -> {"total", "gst", "date", "status"}
        self.payments = []  # (amount, date)
        self.invoices = []  # total
        self.invoice_rows = []

    def event(self, kind, aggregate, at, payload):
        seq = len(self.events) + 1
        self.events.append({"id": f"evt-{self.box_id}-{seq:04d}", "seq": seq, "tenant_id": self.tenant, "type": kind,
                            "aggregate_id": aggregate, "occurred_at": iso(at), "payload": payload})

    def order(self, order_id, at, ticket, table, lines, rate=5):
        subtotal = sum(Decimal(str(price)) * qty for _, price, qty in lines)
        gst = (subtotal * rate / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        # The odd paisa goes to CGST, as on the box (docs/tax.md).
        sgst = (gst * 100 // 2) / Decimal(100)
        cgst = gst - sgst
        total = subtotal + gst
        self.event("order.created", order_id, at, {
            "order_id": order_id, "ticket_number": ticket, "table_number": table, "total": float(total),
            "taxes": [{"rate": rate, "taxable": float(subtotal), "cgst": float(cgst), "sgst": float(sgst)}],
            "items": [{"item_id": f"item_{i:03d}", "name": name, "quantity": qty, "unit_price": price, "discount_applied": 0}
                      for i, (name, price, qty) in enumerate(lines, 1)],
            "timestamp": iso(at)})
        self.orders[order_id] = {"total": total, "gst": gst, "cgst": cgst, "sgst": sgst, "taxable": subtotal,
                                 "date": at.astimezone(IST).date(), "status": "PENDING", "table": table}
        return order_id

    def status(self, order_id, at, new_status):
        self.event("order.status_changed", order_id, at, {"order_id": order_id, "new_status": new_status, "timestamp": iso(at)})
        self.orders[order_id]["status"] = new_status

    def pay(self, order_id, at, method, invoice_number, buyer_gstin=None):
        order = self.orders[order_id]
        payment_id = "pay-" + order_id
        self.event("payment.completed", order_id, at, {"payment_id": payment_id, "order_id": order_id, "amount": float(order["total"]),
                                                       "method": method, "timestamp": iso(at)})
        self.payments.append((order["total"], order["date"]))
        payload = {"invoice_number": invoice_number, "table_session_id": "ses-" + order_id, "table_number": order["table"],
                   "date": order["date"].isoformat(), "taxable_value": float(order["taxable"]), "cgst": float(order["cgst"]),
                   "sgst": float(order["sgst"]), "total": float(order["total"]), "payment_methods": method}
        if buyer_gstin:
            payload["buyer_gstin"] = buyer_gstin
        self.event("invoice.issued", "ses-" + order_id, at + timedelta(seconds=1), payload)
        self.invoices.append(order["total"])

    def in_range(self, first, last):
        orders = [o for o in self.orders.values() if first <= o["date"] <= last]
        live = [o for o in orders if o["status"] != "CANCELLED"]
        sales = sum((o["total"] for o in live), Decimal(0))
        return {"orders": len(live), "cancelled": len(orders) - len(live), "sales": sales,
                "payments": sum((a for a, d in self.payments if first <= d <= last), Decimal(0)),
                "average": (sales / len(live)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if live else None}


class HeadOfficeTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.postgres = Postgres()
        cls.addClassCleanup(cls.postgres.stop)
        cls.postgres.start()
        cls.cloud = Cloud(BINARY, cls.postgres.url)
        cls.addClassCleanup(cls.cloud.stop)
        cls.keys = {box_id: cls.cloud.add_box(box_id, name) for box_id, name in NAMES.items()}
        # A box taken out of service: still listed, greyed, sending nothing.
        cls.cloud.add_box(*REVOKED)
        cls.cloud.cli("box", "revoke", "--box-id", REVOKED[0])
        out = cls.cloud.cli("user", "add", "--username", "hq1", stdin=PASSWORD + "\n")
        assert "hq1" in out, out
        cls.cloud.start()
        cls.post_the_trade()

    @classmethod
    def post_the_trade(cls):
        now = datetime.now(timezone.utc)
        cls.today = now.astimezone(IST).date()
        midnight = datetime(cls.today.year, cls.today.month, cls.today.day, tzinfo=IST)
        # Today's events a few minutes ago, but never before the restaurant's midnight.
        base = max(now - timedelta(minutes=8), midnight + timedelta(seconds=1))

        def today(seconds):
            return base + timedelta(seconds=seconds)

        def earlier(days, hour=13, minute=0):
            d = cls.today - timedelta(days=days)
            return datetime(d.year, d.month, d.day, hour, minute, tzinfo=IST)

        a = Trade("box-a", "tenant-spice-garden")
        a.order("ord-a1", today(0), 1, 5, [("Paneer Tikka", 280, 2), ("Butter Naan", 60, 3), ("Dal Makhani", 240, 1)], rate=18)
        a.status("ord-a1", today(30), "SERVED")
        a.pay("ord-a1", today(40), "UPI", "INV/2627/000101")
        a.order("ord-a2", today(60), 2, 7, [("Veg Biryani", 320, 1), ("Sweet Lassi", 90, 2)])
        a.pay("ord-a2", today(90), "CASH", "INV/2627/000102")
        a.order("ord-a3", today(120), 3, 2, [("Masala Chai", 40, 5)])
        a.status("ord-a3", today(150), "CANCELLED")
        a.order("ord-a4", earlier(1), 41, 9, [("Chicken Biryani", 360, 4), ("Raita", 70, 4), ("Gulab Jamun", 110, 3)])
        a.pay("ord-a4", earlier(1, 14), "CARD", "INV/2627/000090", buyer_gstin="29AAGCB7383J1Z4")
        a.order("ord-a5", earlier(3), 12, 1, [("Wedding catering, 250 plates", 470.5, 250)])
        a.pay("ord-a5", earlier(3, 18), "RAZORPAY", "INV/2627/000071")

        b = Trade("box-b", "tenant-dosa-corner")
        b.order("ord-b1", today(5), 1, 3, [("Masala Dosa", 120, 2), ("Filter Coffee", 45, 4)])
        b.pay("ord-b1", today(100), "CASH", "INV/2627/000501")
        b.order("ord-b2", today(70), 2, 4, [("Rava Idli", 95, 3), ("Vada", 55, 1)])
        b.order("ord-b3", earlier(1, 9), 30, 6, [("Pongal", 110, 5), ("Kesari Bath", 65, 5), ("Filter Coffee", 45, 5)])
        b.order("ord-b4", earlier(1, 10), 31, 2, [("Set Dosa", 150, 1)])
        b.status("ord-b4", earlier(1, 10, 5), "CANCELLED")
        cls.trade = {"box-a": a, "box-b": b}

        answer = cls.cloud.post_batch("box-a", cls.keys["box-a"], a.events, backlog=0)
        assert answer == {"stored": len(a.events), "duplicates": 0, "conflicts": 0}, answer
        # The same batch again (a retry after a lost answer): nothing counts twice.
        answer = cls.cloud.post_batch("box-a", cls.keys["box-a"], a.events, backlog=0)
        assert answer == {"stored": 0, "duplicates": len(a.events), "conflicts": 0}, answer
        # An event id sent again with other content: the first copy stays, head office sees a conflict.
        changed = dict(a.events[0], payload=dict(a.events[0]["payload"], table_number=99))
        answer = cls.cloud.post_batch("box-a", cls.keys["box-a"], [changed], backlog=0)
        assert answer == {"stored": 0, "duplicates": 1, "conflicts": 1}, answer
        # Box B has 120 events still to send, the oldest from 40 minutes ago: it is behind. Its last
        # batch skips a seq: a gap.
        oldest = now - timedelta(minutes=40)
        answer = cls.cloud.post_batch("box-b", cls.keys["box-b"], b.events, backlog=120, oldest_unsent=oldest)
        assert answer == {"stored": len(b.events), "duplicates": 0, "conflicts": 0}, answer
        served = {"id": f"evt-box-b-{len(b.events) + 2:04d}", "seq": len(b.events) + 2, "tenant_id": b.tenant, "type": "order.status_changed",
                  "aggregate_id": "ord-b2", "occurred_at": iso(today(200)), "payload": {"order_id": "ord-b2", "new_status": "SERVED"}}
        answer = cls.cloud.post_batch("box-b", cls.keys["box-b"], [served], backlog=120, oldest_unsent=oldest)
        assert answer == {"stored": 1, "duplicates": 0, "conflicts": 0}, answer

    def setUp(self):
        self.downloads = tempfile.mkdtemp(prefix="intellidine-hq-downloads-")
        self.addCleanup(shutil.rmtree, self.downloads, True)
        self.driver = web.browser(1280, 900)
        self.addCleanup(self.driver.quit)
        self.driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": self.downloads})

    # --- Helpers ---------------------------------------------------------------------------------

    def phone(self, on=True):
        if on:
            width, height, ratio = PHONE
            self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": ratio, "mobile": True})
        else:
            self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    def layout_holds(self, where):
        problems = self.driver.execute_script(LAYOUT)
        self.assertEqual(problems, [], f"{where} holds on a 360 px phone")
        self.assertLessEqual(self.driver.execute_script("return document.documentElement.scrollWidth"),
                             self.driver.execute_script("return window.innerWidth"), f"{where}: nothing scrolls sideways")

    def smallest_chart_text(self):
        """The smallest chart label as drawn on screen: its font size times the chart's scale."""
        return self.driver.execute_script("""
            const sizes = [...document.querySelectorAll('svg.hq-chart text')].map((t) => {
              const m = t.ownerSVGElement.getScreenCTM();
              return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
            });
            return sizes.length ? Math.min(...sizes) : 0;""")

    def cell(self, css):
        return web.text(self.driver, css)

    def csp_violations(self):
        return [entry["message"] for entry in self.driver.get_log("browser") if "Content Security Policy" in entry["message"]]

    # --- The test --------------------------------------------------------------------------------

    def test_the_server_guards_head_office(self):
        status, headers, body = self.cloud.request("GET", "/hq/api/fleet")
        self.assertEqual((status, json.loads(body)["error"]["code"]), (401, "SIGN_IN"))
        status, headers, body = self.cloud.request("GET", "/hq/")
        self.assertEqual(status, 200)
        self.assertIn("script-src 'self'", headers.get("Content-Security-Policy", ""))
        for name in ("hq.js", "hq.css"):
            self.assertEqual(self.cloud.request("GET", "/hq/" + name)[0], 200, name)

    def test_head_office_reads_the_fleet_and_the_chain_and_downloads_the_accountants_files(self):
        d = self.driver
        a, b = self.trade["box-a"], self.trade["box-b"]

        # Signing in: a wrong password first.
        d.get(self.cloud.base + "/hq/")
        web.wait(d, lambda d: d.find_element(By.ID, "login").is_displayed(), 15)
        d.find_element(By.NAME, "username").send_keys("hq1")
        d.find_element(By.NAME, "password").send_keys("not-the-password")
        d.find_element(By.CSS_SELECTOR, "#login button[type=submit]").click()
        web.wait(d, lambda d: "Wrong username or password" in web.text(d, "#login-error"), 20)
        self.assertTrue(d.find_element(By.ID, "login").is_displayed())
        self.phone()
        self.layout_holds("the sign-in form")
        web.shot(d, "hq-sign-in-phone")
        self.assertEqual(axe_serious(d), [], "the sign-in form has no serious or critical accessibility problem")
        self.phone(False)
        d.find_element(By.NAME, "password").send_keys(PASSWORD)
        d.find_element(By.CSS_SELECTOR, "#login button[type=submit]").click()

        # The fleet: both restaurants, today's trade without the cancelled order, box B behind in words.
        web.wait(d, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#fleet-rows tr")) == 3, 20)
        self.assertFalse(d.find_element(By.ID, "login").is_displayed())
        self.assertEqual(self.cell("#who"), "hq1")
        for box_id, trade in self.trade.items():
            row = f'#fleet-rows tr[data-box="{box_id}"]'
            day = trade.in_range(self.today, self.today)
            self.assertIn(NAMES[box_id], self.cell(row + " th"))
            self.assertEqual(self.cell(row + " td.today-orders"), str(day["orders"]), box_id)
            self.assertEqual(self.cell(row + " td.today-sales"), rupees(day["sales"]), box_id)
            contact = d.find_element(By.CSS_SELECTOR, row + " td.contact time")
            self.assertRegex(contact.text, r"^(just now|\d+ min ago)$")
            self.assertIn(str(self.today.year), contact.get_attribute("title"), "the exact time is in the tooltip")
        self.assertEqual((a.in_range(self.today, self.today)["orders"], b.in_range(self.today, self.today)["orders"]), (2, 2))
        self.assertEqual(self.cell('#fleet-rows tr[data-box="box-a"] td.backlog'), "✓ Caught up")
        self.assertRegex(self.cell('#fleet-rows tr[data-box="box-b"] td.backlog'), r"^⚠ Behind: 120 events, oldest 4[0-2] min$")
        self.assertIn("Dosa Corner Koramangala is behind: 120 events waiting", self.cell("#fleet-alerts"))
        # Gaps and conflicts only where there are some, as warnings.
        self.assertIn("⚠ 1 conflict", self.cell('#fleet-rows tr[data-box="box-a"] td.log'))
        self.assertNotIn("gap", self.cell('#fleet-rows tr[data-box="box-a"] td.log'))
        self.assertIn("⚠ 1 gap", self.cell('#fleet-rows tr[data-box="box-b"] td.log'))
        self.assertNotIn("conflict", self.cell('#fleet-rows tr[data-box="box-b"] td.log'))
        self.assertIn("Spice Garden Indiranagar: 1 conflicting event", self.cell("#fleet-alerts"))
        self.assertIn("Dosa Corner Koramangala: 1 gap", self.cell("#fleet-alerts"))
        revoked = f'#fleet-rows tr[data-box="{REVOKED[0]}"]'
        self.assertIn("revoked", d.find_element(By.CSS_SELECTOR, revoked).get_attribute("class"))
        self.assertIn("revoked", self.cell(revoked + " th"))
        self.assertEqual(self.cell(revoked + " td.contact"), "never")
        self.assertEqual(self.cell("#kpi-restaurants").splitlines()[1:], ["2", "and 1 revoked"])
        both = a.in_range(self.today, self.today)["sales"] + b.in_range(self.today, self.today)["sales"]
        self.assertIn(rupees(both), self.cell("#kpi-sales"))
        self.assertEqual(self.cell("#kpi-orders").splitlines()[-1], "4")
        self.assertEqual(self.cell("#kpi-behind").splitlines()[1], "1")
        web.shot(d, "hq-fleet")
        self.phone()
        self.layout_holds("the fleet")
        web.shot(d, "hq-fleet-phone")
        self.assertEqual(axe_serious(d), [], "the fleet has no serious or critical accessibility problem")
        self.phone(False)

        # The chain: the default range is the browser's last 7 days; a bad range says why.
        d.find_element(By.ID, "tab-chain").click()
        web.wait(d, lambda d: d.find_element(By.ID, "chain-result").is_displayed(), 15)
        local_today = date.fromisoformat(d.execute_script(
            "const n = new Date(); return `${n.getFullYear()}-${String(n.getMonth() + 1).padStart(2, '0')}-${String(n.getDate()).padStart(2, '0')}`"))
        self.assertEqual((d.find_element(By.NAME, "from").get_attribute("value"), d.find_element(By.NAME, "to").get_attribute("value")),
                         ((local_today - timedelta(days=6)).isoformat(), local_today.isoformat()))
        self.show_range(self.today.isoformat(), (self.today - timedelta(days=2)).isoformat())
        web.wait(d, lambda d: "to not before from" in web.text(d, "#chain-error"), 15)
        self.assertFalse(d.find_element(By.ID, "chain-result").is_displayed(), "no figures for a range that was refused")

        first, last = self.today - timedelta(days=6), self.today
        self.show_range(first.isoformat(), last.isoformat())
        web.wait(d, lambda d: d.find_element(By.ID, "chain-result").is_displayed() and not web.text(d, "#chain-error"), 15)
        web.wait(d, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#chain-rows tr")) == 3)
        self.assertEqual([c.text for c in d.find_elements(By.CSS_SELECTOR, f'#chain-rows tr[data-box="{REVOKED[0]}"] td')],
                         ["0", "₹0.00", "—", "0", "₹0.00", "0.0 %"], "a restaurant with no trade shows zeros")
        totals = {"orders": 0, "cancelled": 0, "sales": Decimal(0), "payments": Decimal(0)}
        for box_id, trade in self.trade.items():
            expected = trade.in_range(first, last)
            row = f'#chain-rows tr[data-box="{box_id}"]'
            self.assertIn(NAMES[box_id], self.cell(row + " th"))
            self.assertEqual(self.cell(row + ' td[data-key="orders"]'), str(expected["orders"]), box_id)
            self.assertEqual(self.cell(row + ' td[data-key="sales"]'), rupees(expected["sales"]), box_id)
            self.assertEqual(self.cell(row + ' td[data-key="average"]'), rupees(expected["average"]), box_id)
            self.assertEqual(self.cell(row + ' td[data-key="cancelled"]'), str(expected["cancelled"]), box_id)
            self.assertEqual(self.cell(row + ' td[data-key="payments"]'), rupees(expected["payments"]), box_id)
            for key in totals:
                totals[key] += expected[key]
        self.assertEqual((totals["orders"], totals["cancelled"]), (7, 2), "the trade posted: 7 orders kept, 2 cancelled")
        self.assertEqual(self.cell('#chain-foot td[data-key="sales"]'), rupees(totals["sales"]))
        self.assertEqual(self.cell('#chain-foot td[data-key="orders"]'), str(totals["orders"]))
        self.assertIn(rupees(totals["sales"]), self.cell("#chain-kpi-sales"))

        # The charts: one bar per restaurant; one bar per restaurant and day, drawn where there were sales.
        self.assertEqual(len(d.find_elements(By.CSS_SELECTOR, "#restaurant-chart rect.bar")), 3)
        self.assertIn(rupees(a.in_range(first, last)["sales"]), self.cell("#chart-restaurants"))
        self.assertEqual(len(d.find_elements(By.CSS_SELECTOR, "#day-chart rect.bar")), 7 * 3)
        drawn = [r for r in d.find_elements(By.CSS_SELECTOR, "#day-chart rect.bar") if float(r.get_attribute("height")) > 0]
        self.assertEqual(len(drawn), 5, "box A sold on 3 days of the week, box B on 2")
        self.assertGreaterEqual(len(d.find_elements(By.CSS_SELECTOR, "#day-chart text")), 14, "a label under each day")
        self.assertGreaterEqual(self.smallest_chart_text(), 12, "chart labels are at least 12 px")
        web.shot(d, "hq-chain")

        # The accountant's three files, for the same range, added up.
        d.find_element(By.ID, "export-orders").click()
        d.find_element(By.ID, "export-payments").click()
        d.find_element(By.ID, "export-invoices").click()
        names = {kind: f"{kind}-{first.isoformat()}-{last.isoformat()}.csv" for kind in ("orders", "payments", "invoices")}
        web.wait(d, lambda d: set(names.values()) <= set(os.listdir(self.downloads)), 20, "the three CSVs are downloaded")
        rows = {}
        for kind, name in names.items():
            with open(os.path.join(self.downloads, name), newline="", encoding="utf-8") as f:
                rows[kind] = list(csv.DictReader(f))
        orders = [o for trade in self.trade.values() for o in trade.orders.values()]
        self.assertEqual(len(rows["orders"]), len(orders), "every order, cancelled ones too")
        self.assertEqual(sum(Decimal(r["total"]) for r in rows["orders"]), sum(o["total"] for o in orders))
        self.assertEqual(sum(Decimal(r["gst"]) for r in rows["orders"]), sum(o["gst"] for o in orders))
        self.assertEqual(sorted(r["order_id"] for r in rows["orders"] if r["status"] == "CANCELLED"), ["ord-a3", "ord-b4"])
        self.assertEqual({r["restaurant"] for r in rows["orders"]}, set(NAMES.values()))
        self.assertEqual(sum(Decimal(r["amount"]) for r in rows["payments"]),
                         sum((amount for trade in self.trade.values() for amount, _ in trade.payments), Decimal(0)))
        self.assertEqual(len(rows["payments"]), 5)
        self.assertEqual(sum(Decimal(r["total"]) for r in rows["invoices"]),
                         sum((t for trade in self.trade.values() for t in trade.invoices), Decimal(0)))
        self.assertEqual([r["buyer_gstin"] for r in rows["invoices"] if r["invoice"] == "INV/2627/000090"], ["29AAGCB7383J1Z4"])
        for kind, heading in (("orders", "restaurant,box_id,tenant_id,order_id,ticket,table,status,date,created_at,total,gst"),
                              ("payments", "restaurant,box_id,tenant_id,payment_id,order_id,method,date,paid_at,amount"),
                              ("invoices", "restaurant,box_id,tenant_id,invoice,date,table,taxable_value,cgst,sgst,total,paid_by,buyer_gstin")):
            self.assertEqual(",".join(rows[kind][0].keys()), heading, kind)

        # On a phone: nothing scrolls sideways, the charts still read at 12 px, axe finds nothing serious.
        self.phone()
        web.wait(d, lambda d: d.execute_script("return document.documentElement.scrollWidth <= window.innerWidth"), 5)
        self.layout_holds("the chain")
        self.assertGreaterEqual(self.smallest_chart_text(), 12, "chart labels are at least 12 px on a 360 px phone")
        # Screenshots before axe: its contrast check scrolls elements into view, the inner scrollers too.
        d.execute_script("window.scrollTo(0, 0)")
        web.shot(d, "hq-chain-phone")
        d.execute_script("document.getElementById('chart-restaurants-title').scrollIntoView()")
        web.shot(d, "hq-chain-charts-phone")
        self.assertEqual(axe_serious(d), [], "the chain has no serious or critical accessibility problem")

        # Longer ranges on the phone: 30 days of bars scroll inside their own box; past two months, a bar a month.
        act = web.act
        act(lambda: d.find_element(By.CSS_SELECTOR, 'button[data-preset="30"]').click())
        web.wait(d, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#day-chart rect.bar")) == 30 * 3, 15)
        self.assertIn("30 days", self.cell("#chain-caption"))
        self.assertGreater(d.execute_script("const s = document.getElementById('chart-days'); return s.scrollWidth - s.clientWidth"), 0,
                           "the 30-day chart scrolls inside its box")
        self.layout_holds("the chain over 30 days")
        d.execute_script("document.getElementById('chart-days-title').scrollIntoView()")
        web.shot(d, "hq-chain-30-days-phone")
        long_first = self.today - timedelta(days=99)
        self.show_range(long_first.isoformat(), self.today.isoformat())
        months = (self.today.year - long_first.year) * 12 + self.today.month - long_first.month + 1
        web.wait(d, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#day-chart rect.bar")) == months * 3, 15)
        self.assertIn("Sales by month", d.execute_script("return document.querySelector('#days-table caption').textContent"))
        self.assertEqual(self.cell('#chain-foot td[data-key="sales"]'), rupees(totals["sales"]), "the same trade over 100 days")
        self.layout_holds("the chain over 100 days")
        self.assertGreaterEqual(self.smallest_chart_text(), 12)
        self.assertEqual(self.csp_violations(), [], "the page keeps to its Content Security Policy")

        # Signing out returns to the sign-in form, and the cookie no longer signs anyone in.
        d.find_element(By.ID, "sign-out").click()
        web.wait(d, lambda d: d.find_element(By.ID, "login").is_displayed(), 10)
        self.assertFalse(d.find_element(By.ID, "chain-view").is_displayed())
        status = d.execute_async_script("const done = arguments[arguments.length - 1]; fetch('api/me').then((r) => done(r.status))")
        self.assertEqual(status, 401)
        d.refresh()
        web.wait(d, lambda d: d.find_element(By.ID, "login").is_displayed(), 10)

    def show_range(self, first, last):
        self.driver.execute_script(
            "const f = document.getElementById('chain-range'); f.elements.from.value = arguments[0]; f.elements.to.value = arguments[1];"
            "f.requestSubmit();", first, last)


if __name__ == "__main__":
    unittest.main(verbosity=2)
