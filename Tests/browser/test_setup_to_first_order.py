"""From an empty box to a first order at 5 % GST with round-off, through the screens only.

Run by `make test`: `python3 Tests/browser/test_setup_to_first_order.py <intellidine binary>`. The
daemon starts with no restaurant (no `--demo`). The set-up page creates the restaurant and its
manager; the manager sets 5 % GST and round-off, builds a menu of three categories and six dishes
(one with a photo, one with portions and an add-on group, one with a recipe) in the staff app; a guest
orders from a phone; the bill is paid; the order, the table's bill, the GST invoice and the day's
analytics are then checked against the arithmetic of docs/tax.md, to the paisa.
"""
import json
import os
import re
import struct
import sys
import unittest
import zlib
from decimal import ROUND_HALF_UP, Decimal

import jsonschema  # noqa: E402  (PyPI; the Makefile installs it)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_web_apps as web  # noqa: E402  (takes the binary's path from argv)
from test_web_apps import Daemon, act, browser, shot, staff_browser, text, wait  # noqa: E402
from test_guest_phones import LAYOUT, axe_serious  # noqa: E402

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

PHONE = "9812345670"


def paise(rupees):
    return int((Decimal(str(rupees)) * 100).to_integral_value())


def photo_png(path, width=1200, height=900):
    """A camera-sized PNG the manager uploads as taken (the box makes it phone-sized)."""
    rows = b"".join(b"\x00" + bytes([180, 60 + x % 80, 30]) * width for x in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    return path


class EmptyBoxToFirstOrder(unittest.TestCase):
    def setUp(self):
        self.daemon = Daemon(demo=False)
        self.daemon.start()
        self.drivers = []

    def tearDown(self):
        for driver in self.drivers:
            driver.quit()
        self.daemon.stop()

    def open(self, driver):
        self.drivers.append(driver)
        return driver

    def tab(self, driver, name):
        act(lambda: next(b for b in driver.find_elements(By.CSS_SELECTOR, "#tabs button") if b.text == name).click())

    def set_up_the_box(self):
        with open(os.path.join(self.daemon.state, "daemon.log")) as log:
            code = re.search(r"set-up code (\d{8})", log.read()).group(1)
        page = self.open(browser(390, 844, mobile=True))
        page.get(self.daemon.base + "/setup")
        wait(page, lambda d: d.find_element(By.ID, "setup-form").is_displayed())
        for name, value in {"code": code, "name": "Idli House", "address": "12 MG Road, Bengaluru", "state": "Karnataka",
                            "gstin": "29AAGCB7383J1Z4", "fssai": "10019043000123", "opening_hours": "07:00-22:30",
                            "username": "meera", "display_name": "Meera", "password": "idli-manager-1"}.items():
            page.find_element(By.NAME, name).send_keys(value)
        count = page.find_element(By.NAME, "count")
        count.clear()
        count.send_keys("6")
        page.find_element(By.CSS_SELECTOR, "#setup-form button").click()
        wait(page, lambda d: "Idli House is set up" in text(d, "#setup-state"), timeout=10)
        page.quit()
        self.drivers.remove(page)
        self.manager_token = self.daemon.staff_token("meera", "idli-manager-1")
        status, profile = self.daemon.call("GET", "/api/restaurant", token=self.manager_token)
        self.tenant = profile["restaurant"]["id"]

    def set_tax(self, m):
        """5 % GST and round-off, on the Restaurant screen's tax form."""
        self.tab(m, "Restaurant")
        wait(m, lambda d: d.find_elements(By.CSS_SELECTOR, "#tax-settings select[name=gst_rate]"))
        Select(m.find_element(By.CSS_SELECTOR, "#tax-settings select[name=gst_rate]")).select_by_visible_text("5 %")
        round_off = m.find_element(By.CSS_SELECTOR, "#tax-settings input[name=round_off]")
        if not round_off.is_selected():
            round_off.click()
        self.assertEqual(axe_serious(m), [], "the tax form has no serious or critical accessibility problem")
        m.find_element(By.CSS_SELECTOR, "#tax-settings button[type=submit]").click()
        wait(m, lambda d: "Tax settings saved" in text(d, "body"))
        status, profile = self.daemon.call("GET", "/api/restaurant", token=self.manager_token)
        self.assertEqual((float(profile["restaurant"]["gst_rate"]), profile["restaurant"]["round_off"]), (5.0, True))

    # --- The menu, built in the staff app -------------------------------------------------------

    def add_category(self, m, name):
        field = m.find_element(By.ID, "new-category-name")
        field.clear()
        field.send_keys(name)
        m.find_element(By.ID, "add-category").click()
        wait(m, lambda d: any(name in s.text for s in d.find_elements(By.CSS_SELECTOR, "section.menu-category")))
        return next(s.get_attribute("data-category") for s in m.find_elements(By.CSS_SELECTOR, "section.menu-category") if name in s.text)

    def add_dish(self, m, category, name, price, diet="veg", name_hi=None):
        section = f'section.menu-category[data-category="{category}"]'
        act(lambda: m.find_element(By.CSS_SELECTOR, section + " button.add-dish").click())
        wait(m, lambda d: d.find_element(By.ID, "dish-form").is_displayed())
        form = m.find_element(By.ID, "dish-form")
        form.find_element(By.NAME, "name").send_keys(name)
        price_field = form.find_element(By.NAME, "price")
        price_field.clear()
        price_field.send_keys(str(price))
        Select(form.find_element(By.NAME, "diet")).select_by_value(diet)
        if name_hi:
            form.find_element(By.NAME, "name_hi").send_keys(name_hi)
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait(m, lambda d: any(i["name"] == name for i in self.manage()["items"]))
        # Saved, the editor opens again on the new dish, as the manager sees it before the next one.
        wait(m, lambda d: text(d, "#dish-editor-title") == f"Edit {name}")
        return next(i["id"] for i in self.manage()["items"] if i["name"] == name)

    def manage(self):
        return self.daemon.call("GET", "/api/menu/manage", token=self.manager_token)[1]

    def build_menu(self, m):
        self.tab(m, "Menu")
        wait(m, lambda d: d.find_elements(By.ID, "new-category-name"))
        tiffin = self.add_category(m, "Tiffin")
        meals = self.add_category(m, "Meals")
        drinks = self.add_category(m, "Drinks")
        dishes = {
            "idli": self.add_dish(m, tiffin, "Idli Vada", 90, name_hi="इडली वड़ा"),
            "dosa": self.add_dish(m, tiffin, "Masala Dosa", 120),
            "thali": self.add_dish(m, meals, "South Indian Thali", 220),
            "curd": self.add_dish(m, meals, "Curd Rice", 110),
            "coffee": self.add_dish(m, drinks, "Filter Coffee", 45),
            "lime": self.add_dish(m, drinks, "Fresh Lime Soda", 60, diet="vegan"),
        }
        # The last dish added is still open: it gets the photo.
        wait(m, lambda d: d.find_elements(By.CSS_SELECTOR, "input[name=photo]"))
        m.find_element(By.CSS_SELECTOR, "input[name=photo]").send_keys(photo_png(os.path.join(self.daemon.state, "lime.png")))
        wait(m, lambda d: self.item(dishes["lime"]).get("thumb_url"), timeout=15)

        # Masala Dosa: a half and a full portion, and an add-on group.
        self.edit(m, dishes["dosa"])
        form = m.find_element(By.ID, "dish-editor")
        for name, price, portion in (("Half", "70", "50"), ("Full", "120", "100")):
            form.find_element(By.ID, "add-variant").click()
            row = form.find_elements(By.CSS_SELECTOR, "#variants .variant-row")[-1]
            row.find_element(By.NAME, "variant-name").send_keys(name)
            row.find_element(By.NAME, "variant-price").clear()
            row.find_element(By.NAME, "variant-price").send_keys(price)
            row.find_element(By.NAME, "variant-portion").clear()
            row.find_element(By.NAME, "variant-portion").send_keys(portion)
        form.find_elements(By.CSS_SELECTOR, "#variants .variant-row")[-1].find_element(By.NAME, "variant-default").click()
        form.find_element(By.ID, "add-group").click()
        group = form.find_elements(By.CSS_SELECTOR, "#option-groups .group-row")[-1]
        group.find_element(By.NAME, "group-name").send_keys("Extras")
        group.find_element(By.CSS_SELECTOR, ".add-option").click()
        option = group.find_elements(By.CSS_SELECTOR, ".option-row")[-1]
        option.find_element(By.NAME, "option-name").send_keys("Extra chutney")
        option.find_element(By.NAME, "option-price").clear()
        option.find_element(By.NAME, "option-price").send_keys("15")
        form.find_element(By.ID, "save-customization").click()
        wait(m, lambda d: len(self.item(dishes["dosa"]).get("variants") or []) == 2)

        # Filter Coffee: a recipe, with an ingredient made on the spot.
        self.edit(m, dishes["coffee"])
        wait(m, lambda d: d.find_elements(By.ID, "new-ingredient"))  # the recipe part fills in after its reads
        new = m.find_element(By.ID, "new-ingredient")
        new.find_element(By.NAME, "ingredient-name").send_keys("Coffee powder")
        Select(new.find_element(By.NAME, "ingredient-unit")).select_by_value("g")
        new.find_element(By.NAME, "ingredient-stock").send_keys("2000")
        new.find_element(By.NAME, "ingredient-par").send_keys("3000")
        new.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait(m, lambda d: any(o.text.startswith("Coffee powder") for o in d.find_elements(By.CSS_SELECTOR, "#recipe select[name=ingredient] option")))
        if not m.find_elements(By.CSS_SELECTOR, "#recipe .recipe-row"):
            m.find_element(By.ID, "add-recipe-line").click()
        row = m.find_elements(By.CSS_SELECTOR, "#recipe .recipe-row")[-1]
        Select(row.find_element(By.NAME, "ingredient")).select_by_visible_text(
            next(o.text for o in row.find_elements(By.CSS_SELECTOR, "select[name=ingredient] option") if o.text.startswith("Coffee powder")))
        row.find_element(By.NAME, "quantity").clear()
        row.find_element(By.NAME, "quantity").send_keys("12")
        m.find_element(By.ID, "save-recipe").click()
        wait(m, lambda d: self.daemon.call("GET", f"/api/menu/items/{dishes['coffee']}/recipe", token=self.manager_token)[1].get("lines"))
        self.assertEqual(axe_serious(m), [], "the menu builder has no serious or critical accessibility problem")
        shot(m, "staff-menu-builder-new-restaurant")
        return dishes

    def edit(self, m, item_id):
        act(lambda: next(b for b in m.find_elements(By.CSS_SELECTOR, f'[data-item="{item_id}"] button') if b.text == "Edit").click())
        name = self.item(item_id)["name"]
        wait(m, lambda d: text(d, "#dish-editor-title") == f"Edit {name}" and d.find_element(By.ID, "dish-form").is_displayed())

    def item(self, item_id):
        return next(i for i in self.manage()["items"] if i["id"] == item_id)

    # --- The test -------------------------------------------------------------------------------

    def test_from_an_empty_box_to_a_first_order_at_5_percent_with_round_off(self):
        self.set_up_the_box()
        m = self.open(staff_browser(self.daemon, "meera", "idli-manager-1"))
        self.set_tax(m)
        dishes = self.build_menu(m)

        # A guest at table 3 orders two Idli Vada, a half Masala Dosa with extra chutney, a Filter Coffee.
        g = self.open(browser(390, 844, mobile=True))
        g.get(f"{self.daemon.base}/table/tbl-003?tenant_id={self.tenant}")
        wait(g, lambda d: d.find_elements(By.CSS_SELECTOR, ".item"))
        self.assertLessEqual(g.execute_script("return document.documentElement.scrollWidth"), 390)
        guest = web.Guest.__new__(web.Guest)
        guest.daemon, guest.driver = self.daemon, g
        act(lambda: next(b for b in g.find_elements(By.CSS_SELECTOR, "#tabs button") if b.text == "Drinks").click())
        wait(g, lambda d: d.find_elements(By.CSS_SELECTOR, f'.item[data-item="{dishes["lime"]}"] img.photo'))
        photo = g.find_element(By.CSS_SELECTOR, f'.item[data-item="{dishes["lime"]}"] img.photo')
        wait(g, lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", photo) > 0)
        self.assertIn(".s.webp", photo.get_attribute("src"), "the menu list shows the small version")
        guest.add("Tiffin", "Idli Vada", 2)
        act(lambda: g.find_element(By.CSS_SELECTOR, 'button[aria-label="Customise Masala Dosa"]').click())
        wait(g, lambda d: d.find_element(By.ID, "chooser").is_displayed())
        act(lambda: next(l for l in g.find_elements(By.CSS_SELECTOR, "#chooser label") if "Half" in l.text).click())
        act(lambda: next(l for l in g.find_elements(By.CSS_SELECTOR, "#chooser label") if "Extra chutney" in l.text).click())
        wait(g, lambda d: text(d, "#chooser-add") == "Add · ₹85")
        act(lambda: g.find_element(By.ID, "chooser-add").click())
        guest.add("Drinks", "Filter Coffee", 1)
        act(lambda: g.find_element(By.ID, "view-cart").click())
        wait(g, lambda d: "GST (5%)" in text(d, "#quote"))
        # 2 × 90 + (70 + 15) + 45 = ₹310; GST 5 % = ₹15.50; ₹325.50 rounds to ₹326.
        wait(g, lambda d: "Round-off" in text(d, "#quote"))
        self.assertEqual(text(g, '#quote [data-total="total"]'), "₹326")
        guest.place(PHONE)
        wait(g, lambda d: "Round-off" in text(d, "#confirm-totals"))
        shot(g, "guest-confirmation-5-percent-round-off")
        self.assertEqual(g.execute_script(LAYOUT), [], "the confirmation holds on the phone")

        status, orders = self.daemon.call("GET", "/api/orders", token=self.manager_token)
        order = orders["orders"][0]
        subtotal = paise(order["subtotal"])
        self.assertEqual(subtotal, 31_000)
        gst = (Decimal(subtotal) * Decimal("0.05")).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        cgst = gst - gst // 2
        unrounded = subtotal + int(gst)
        rounded = (unrounded + 50) // 100 * 100
        self.assertEqual((paise(order["cgst"]), paise(order["sgst"])), (int(cgst), int(gst // 2)))
        self.assertEqual((paise(order["round_off"]), paise(order["total"])), (rounded - unrounded, rounded))
        self.assertEqual([float(t["rate"]) for t in order["taxes"]], [5.0])

        # The waiter takes cash for the bill; the invoice and the day's analytics say the same.
        waiter = self.manager_token
        status, paid = self.daemon.call("PATCH", f"/api/payments/{order['id']}/cash", token=waiter, body={"amount_received": 500})
        self.assertEqual(status, 200, paid)
        self.assertEqual(paise(paid["payment"]["change"]), 50_000 - rounded)
        status, invoice = self.daemon.call("GET", f"/api/sessions/{order['table_session_id']}/invoice", token=waiter)
        self.assertEqual(status, 200, invoice)
        invoice = invoice["invoice"]
        self.assertEqual((paise(invoice["taxable_value"]), paise(invoice["cgst"]), paise(invoice["sgst"])), (subtotal, int(cgst), int(gst // 2)))
        self.assertEqual((float(invoice["cgst_rate"]), paise(invoice["round_off"]), paise(invoice["total"])), (2.5, rounded - unrounded, rounded))
        self.assertEqual(invoice["restaurant"]["name"], "Idli House")
        status, summary = self.daemon.call("GET", "/api/analytics/summary", token=self.manager_token)
        self.assertEqual((paise(summary["total_revenue"]), paise(summary["gst"]), paise(summary["round_off"])), (rounded, int(gst), rounded - unrounded))
        self.assertEqual(paise(summary["collected"]), rounded)

        # The guest's phone shows the invoice with the 2.5 % halves and the round-off.
        act(lambda: g.find_element(By.ID, "show-bill").click())
        wait(g, lambda d: d.find_elements(By.CSS_SELECTOR, "#bill-invoice .invoice"), timeout=10)
        self.assertIn("CGST 2.5%", text(g, ".invoice"))
        self.assertIn("Round-off", text(g, ".invoice"))
        shot(g, "guest-invoice-5-percent-round-off")

        # The month's GST return on the manager's screen, and its JSON and CSV downloaded.
        month = invoice["date"][:7]
        downloads = os.path.join(self.daemon.state, "downloads")
        os.makedirs(downloads)
        m.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
        self.tab(m, "GST return")
        wait(m, lambda d: d.find_elements(By.CSS_SELECTOR, "input[name=month]"))
        m.execute_script("const p = document.querySelector('input[name=month]'); p.value = arguments[0]; p.dispatchEvent(new Event('change'))", month)
        wait(m, lambda d: d.find_elements(By.CSS_SELECTOR, "#gst-b2cs td"))
        self.assertEqual([c.text for c in m.find_elements(By.CSS_SELECTOR, "#gst-b2cs tbody td")], ["5 %", "₹310", "₹7.75", "₹7.75"])
        self.assertIn("1 issued, 0 cancelled", text(m, "#gst-docs"))
        self.assertEqual(axe_serious(m), [], "the GST return screen has no serious or critical accessibility problem")
        shot(m, "staff-gst-return")
        m.find_element(By.ID, "gst-json").click()
        m.find_element(By.CSS_SELECTOR, 'button.gst-csv[data-table="b2cs"]').click()
        gstin = "29AAGCB7383J1Z4"
        wait(m, lambda d: {f"GSTR1-{month}.json", f"GSTR1-{month}-b2cs.csv"} <= set(os.listdir(downloads)), timeout=10)
        with open(os.path.join(downloads, f"GSTR1-{month}.json")) as f:
            raw = f.read()
        filed = json.loads(raw)
        # The offline tool's format, as the schema kept in the tests says it; amounts to the paisa.
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "schemas", "gstr1.schema.json")) as f:
            jsonschema.validate(filed, json.load(f), cls=jsonschema.Draft202012Validator)
        self.assertFalse(re.search(r"\d\.\d{3,}", raw), "amounts have at most two decimals")
        self.assertEqual((filed["gstin"], filed["fp"]), (gstin, month[5:] + month[:4]))
        self.assertEqual([(r["rt"], paise(r["txval"]), paise(r["camt"]), r["pos"]) for r in filed["b2cs"]], [(5, subtotal, int(cgst), "29")])
        with open(os.path.join(downloads, f"GSTR1-{month}-b2cs.csv")) as f:
            self.assertEqual(f.read().splitlines()[1], "OE,29,5,310.00,7.75,7.75,0.00")


if __name__ == "__main__":
    unittest.main(verbosity=2)
