"""The guest app on real phone sizes, and the screens' accessibility, in Debian's headless chromium.

Run by `make test`: `python3 Tests/browser/test_guest_phones.py <intellidine binary>`. Phones are
emulated with Chrome's device metrics (`Emulation.setDeviceMetricsOverride`, `mobile: true`, the
phone's pixel ratio) and touch (`Emulation.setTouchEmulationEnabled`), not a small window: 320 px
(small Android), 360 px (most Android phones in India), 390 px (iPhone 12-15), 412 px (Pixel) and
430 px (the largest iPhones).
Screenshots at each width go to $SCREENSHOT_DIR (`make screenshots` writes docs/screenshots).
"""
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_web_apps as web  # noqa: E402  (takes the binary's path from argv)
from test_web_apps import PHONE, TENANT, Daemon, DaemonTestCase, Guest, act, shot, text, wait  # noqa: E402

from axe_selenium_python import Axe  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

PHONES = [(320, 640, 2), (360, 780, 3), (390, 844, 3), (412, 915, 2.625), (430, 932, 3)]
WEB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Sources", "IntelliDineServer", "Web")


def phone(daemon, width, height, ratio, table="tbl-005"):
    guest = Guest.__new__(Guest)
    guest.daemon = daemon
    guest.driver = web.browser(width, height)
    guest.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                 {"width": width, "height": height, "deviceScaleFactor": ratio, "mobile": True})
    guest.driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
    guest.driver.get(f"{daemon.base}/table/{table}?tenant_id={TENANT}")
    return guest


# What a screen must hold to on a phone, measured inside the page in one step.
LAYOUT = """
const width = window.innerWidth, height = window.innerHeight;
const visible = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; };
const problems = [];
if (document.documentElement.scrollWidth > width) problems.push(`page is ${document.documentElement.scrollWidth}px wide in ${width}px`);
for (const b of document.querySelectorAll('button, input:not([type=radio]):not([type=checkbox]), select')) {
  if (!visible(b)) continue;
  const r = b.getBoundingClientRect();
  const name = (b.innerText || b.getAttribute('aria-label') || b.id || b.tagName).trim().slice(0, 40);
  if (b.tagName === 'BUTTON' && b.scrollWidth > b.clientWidth + 1) problems.push(`"${name}" is clipped (${b.scrollWidth} > ${b.clientWidth})`);
  if (r.width < 44 - 0.5 || r.height < 44 - 0.5) problems.push(`"${name}" is ${Math.round(r.width)}x${Math.round(r.height)}, under 44x44`);
  if (r.right > width + 0.5 || r.left < -0.5) problems.push(`"${name}" sticks out sideways`);
}
const bar = document.getElementById('cart-bar');
if (bar && visible(bar)) {
  const r = bar.getBoundingClientRect();
  if (r.bottom > height + 0.5 || r.top < 0) problems.push(`cart bar at ${Math.round(r.top)}–${Math.round(r.bottom)} outside 0–${height}`);
}
return problems;
"""


def layout_problems(driver, where):
    return [f"{where}: {p}" for p in driver.execute_script(LAYOUT)]


# axe-core 3.1.1, the one axe-selenium-python bundles, predates the `one-time-code` autocomplete
# token (HTML Living Standard, 2018; axe-core 4 accepts it). The code field keeps it: it is what
# lets Android and iOS offer the texted code with one tap. This one pair is the only exception.
KNOWN_FALSE_POSITIVES = {("autocomplete-valid", "#otp-input")}


def axe_serious(driver):
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    found = []
    for v in results["violations"]:
        if v["impact"] not in ("serious", "critical"):
            continue
        nodes = [n["target"][0] for n in v["nodes"] if (v["id"], n["target"][0]) not in KNOWN_FALSE_POSITIVES]
        if nodes:
            found.append(f"{v['id']} ({v['impact']}): {v['help']} — {nodes[:3]}")
    return found


def catalogue(lang):
    """The keys and texts of strings-<lang>.js."""
    with open(os.path.join(WEB, f"strings-{lang}.js"), encoding="utf-8") as f:
        source = f.read()
    pattern = r"^\s*'([^']+)':\s*(?:'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"),"
    return {key: single or double for key, single, double in re.findall(pattern, source, re.M)}


class GuestOnPhonesTests(DaemonTestCase):
    def guest(self, *size, **kwargs):
        guest = phone(self.daemon, *size, **kwargs)
        self.drivers.append(guest.driver)
        return guest

    def test_every_guest_screen_fits_320_to_430_px_with_44_px_targets_and_a_visible_cart_bar(self):
        problems = []
        for width, height, ratio in PHONES:
            guest = self.guest(width, height, ratio)
            g = guest.driver
            guest.open_menu()
            problems += layout_problems(g, f"{width}px menu")
            shot(g, f"guest-menu-{width}")
            guest.add("Appetizers", "Paneer Tikka", 2)
            # The cart bar stays on screen on every tab, scrolled to the end of the list.
            for tab in ("Appetizers", "Mains", "Breads"):
                act(lambda: next(b for b in g.find_elements(By.CSS_SELECTOR, "#tabs button") if b.text == tab).click())
                g.execute_script("window.scrollTo(0, document.body.scrollHeight)")
                problems += layout_problems(g, f"{width}px menu, {tab}, scrolled")
            shot(g, f"guest-menu-cart-bar-{width}")
            act(lambda: next(b for b in g.find_elements(By.CSS_SELECTOR, "#tabs button") if b.text == "Appetizers").click())
            g.find_element(By.CSS_SELECTOR, 'button[aria-label="Customise Chicken 65"]').click()
            wait(g, lambda d: d.find_element(By.ID, "chooser").is_displayed())
            problems += layout_problems(g, f"{width}px chooser")
            shot(g, f"guest-chooser-{width}")
            g.find_element(By.ID, "chooser-cancel").click()
            g.find_element(By.ID, "view-cart").click()
            wait(g, lambda d: d.find_elements(By.CSS_SELECTOR, '#quote [data-total="total"]'))
            problems += layout_problems(g, f"{width}px cart")
            shot(g, f"guest-cart-{width}")
            g.find_element(By.ID, "place").click()
            wait(g, lambda d: d.find_element(By.ID, "phone").is_displayed())
            problems += layout_problems(g, f"{width}px phone")
            guest.confirm_phone(f"98765{width:05d}")
            wait(g, lambda d: d.find_element(By.ID, "confirmation").is_displayed())
            problems += layout_problems(g, f"{width}px confirmation")
            g.find_element(By.ID, "track").click()
            wait(g, lambda d: text(d, "#track-connection") == "● Live updates")
            problems += layout_problems(g, f"{width}px tracking")
            shot(g, f"guest-tracking-{width}")
            g.find_element(By.ID, "show-bill").click()
            wait(g, lambda d: d.find_elements(By.CSS_SELECTOR, "#bill-rounds .round"))
            problems += layout_problems(g, f"{width}px table bill")
            g.quit()
            self.drivers.remove(g)
        self.assertEqual(problems, [])

    def test_otp_screen_states_agree_after_too_many_wrong_codes(self):
        guest = self.guest(360, 780, 3)
        g = guest.driver
        guest.open_menu()
        guest.add("Breads", "Garlic Naan", 1)
        g.find_element(By.ID, "view-cart").click()
        g.find_element(By.ID, "place").click()
        wait(g, lambda d: d.find_element(By.ID, "phone").is_displayed())
        # A malformed number is refused in plain words, with no field names.
        g.find_element(By.ID, "phone-input").send_keys("12345")
        g.find_element(By.CSS_SELECTOR, "#phone-form button").click()
        wait(g, lambda d: text(d, "#phone-error") == "Enter your 10-digit mobile number.")
        g.find_element(By.ID, "phone-input").clear()
        g.find_element(By.ID, "phone-input").send_keys(PHONE)
        g.find_element(By.CSS_SELECTOR, "#phone-form button").click()
        wait(g, lambda d: d.find_element(By.ID, "otp").is_displayed())
        # Asking again at once is throttled by the box: the page says so and keeps the code screen,
        # since the code already texted still works; a reload comes back to it too.
        g.find_element(By.ID, "change-phone").click()
        wait(g, lambda d: d.find_element(By.ID, "phone").is_displayed())
        g.find_element(By.CSS_SELECTOR, "#phone-form button").click()
        wait(g, lambda d: d.find_element(By.ID, "otp").is_displayed() and "A code was sent a moment ago" in text(d, "#otp-error"))
        g.refresh()
        wait(g, lambda d: d.find_element(By.ID, "otp").is_displayed())
        self.assertIn("987****3210", text(g, "#otp-sent"))
        right = self.daemon.latest_otp()
        wrong = "000000" if right != "000000" else "111111"
        for attempt in range(6):
            field = g.find_element(By.ID, "otp-input")
            wait(g, lambda d: field.is_enabled())
            field.clear()
            field.send_keys(wrong)
            g.find_element(By.ID, "verify").click()
            if attempt < 4:
                wait(g, lambda d, n=5 - attempt - 1: f"{n} tries left" in text(d, "#otp-error") or "1 try left" in text(d, "#otp-error"))
        wait(g, lambda d: "Too many wrong codes" in text(d, "#otp-error"))
        # Locked: Verify cannot be tapped, and the message says when a new code can be asked for.
        self.assertFalse(g.find_element(By.ID, "verify").is_enabled())
        self.assertRegex(text(g, "#otp-error"), r"ask for a new code in \d+ seconds|Tap \"Resend code\"")
        self.assertEqual("Resend code" in text(g, "#resend") and not g.find_element(By.ID, "resend").is_enabled(),
                         "seconds" in text(g, "#otp-error"))
        shot(g, "guest-otp-locked")

    def test_network_error_looks_like_an_error_and_clears_itself_when_the_box_is_back(self):
        guest = self.guest(390, 844, 3)
        g = guest.driver
        guest.open_menu()
        self.daemon.kill()
        guest.add("Breads", "Garlic Naan", 1)
        g.find_element(By.ID, "view-cart").click()
        wait(g, lambda d: d.find_element(By.ID, "offline").is_displayed(), timeout=5)
        self.assertIn("No connection", text(g, "#offline"))
        self.assertIn("error", g.find_element(By.CSS_SELECTOR, "#quote p").get_attribute("class"))
        shot(g, "guest-offline")
        self.daemon.start()
        wait(g, lambda d: not d.find_element(By.ID, "offline").is_displayed(), timeout=12,
             message="the banner should clear itself when the box answers again")

    def test_axe_finds_nothing_serious_on_guest_kitchen_and_staff_screens(self):
        found = []
        guest = self.guest(390, 844, 3)
        g = guest.driver
        guest.open_menu()
        found += [f"guest menu: {v}" for v in axe_serious(g)]
        guest.add("Appetizers", "Paneer Tikka", 1)
        g.find_element(By.ID, "view-cart").click()
        wait(g, lambda d: d.find_elements(By.CSS_SELECTOR, '#quote [data-total="total"]'))
        found += [f"guest cart: {v}" for v in axe_serious(g)]
        g.find_element(By.ID, "back-to-menu").click()
        g.find_element(By.CSS_SELECTOR, 'button[aria-label="Customise Chicken 65"]').click()
        wait(g, lambda d: d.find_element(By.ID, "chooser").is_displayed())
        found += [f"guest chooser: {v}" for v in axe_serious(g)]
        g.find_element(By.ID, "chooser-cancel").click()
        g.find_element(By.ID, "view-cart").click()
        g.find_element(By.ID, "place").click()
        wait(g, lambda d: d.find_element(By.ID, "phone").is_displayed())
        found += [f"guest phone: {v}" for v in axe_serious(g)]
        g.find_element(By.ID, "phone-input").send_keys(PHONE)
        g.find_element(By.CSS_SELECTOR, "#phone-form button").click()
        wait(g, lambda d: d.find_element(By.ID, "otp").is_displayed())
        found += [f"guest code: {v}" for v in axe_serious(g)]
        g.find_element(By.ID, "otp-input").send_keys(self.daemon.latest_otp())
        g.find_element(By.ID, "verify").click()
        wait(g, lambda d: d.find_element(By.ID, "confirmation").is_displayed())
        found += [f"guest confirmation: {v}" for v in axe_serious(g)]
        g.find_element(By.ID, "track").click()
        wait(g, lambda d: text(d, "#track-connection") == "● Live updates")
        found += [f"guest tracking: {v}" for v in axe_serious(g)]
        g.find_element(By.ID, "show-bill").click()
        wait(g, lambda d: d.find_elements(By.CSS_SELECTOR, "#bill-rounds .round"))
        found += [f"guest table bill: {v}" for v in axe_serious(g)]
        kitchen = web.Kitchen(self.daemon)
        self.drivers.append(kitchen.driver)
        wait(kitchen.driver, lambda d: kitchen.ticket_ids())
        found += [f"kitchen: {v}" for v in axe_serious(kitchen.driver)]
        staff = web.browser(1280, 900)
        self.drivers.append(staff)
        staff.get(self.daemon.base + "/staff")
        found += [f"staff sign-in: {v}" for v in axe_serious(staff)]
        staff.find_element(By.NAME, "username").send_keys("manager1")
        staff.find_element(By.NAME, "password").send_keys("manager-demo-1")
        staff.find_element(By.CSS_SELECTOR, "#login button").click()
        wait(staff, lambda d: d.find_elements(By.CSS_SELECTOR, "#tabs button"))
        web.log_answers(staff)
        for tab in [b.text for b in staff.find_elements(By.CSS_SELECTOR, "#tabs button")]:
            act(lambda: next(b for b in staff.find_elements(By.CSS_SELECTOR, "#tabs button") if b.text == tab).click())
            # The view's reads have all answered and it has drawn what they brought.
            wait(staff, lambda d: "Loading" not in text(d, "#view") and web.settled(d))
            found += [f"staff {tab}: {v}" for v in axe_serious(staff)]
        self.assertEqual(found, [])

    def test_axe_finds_nothing_serious_on_the_first_run_set_up_page(self):
        self.daemon.stop()
        self.daemon = Daemon(demo=False)
        self.daemon.start()
        page = web.browser(390, 844, mobile=True)
        self.drivers.append(page)
        page.get(self.daemon.base + "/setup")
        wait(page, lambda d: d.find_element(By.ID, "setup-form").is_displayed())
        self.assertEqual(axe_serious(page), [])
        self.assertEqual(layout_problems(page, "set-up at 390px"), [])

    def test_every_staff_view_fits_a_360_px_phone(self):
        staff = web.browser(360, 780)
        self.drivers.append(staff)
        staff.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 360, "height": 780, "deviceScaleFactor": 3, "mobile": True})
        staff.get(self.daemon.base + "/staff")
        wait(staff, lambda d: d.find_element(By.ID, "login").is_displayed())
        staff.find_element(By.NAME, "username").send_keys("manager1")
        staff.find_element(By.NAME, "password").send_keys("manager-demo-1")
        staff.find_element(By.CSS_SELECTOR, "#login button").click()
        wait(staff, lambda d: d.find_elements(By.CSS_SELECTOR, "#tabs button"))
        web.log_answers(staff)
        wide = []
        for tab in [b.text for b in staff.find_elements(By.CSS_SELECTOR, "#tabs button")]:
            act(lambda: next(b for b in staff.find_elements(By.CSS_SELECTOR, "#tabs button") if b.text == tab).click())
            # The view's reads have all answered and it has drawn what they brought.
            wait(staff, lambda d: "Loading" not in text(d, "#view") and web.settled(d))
            width = staff.execute_script("return document.documentElement.scrollWidth")
            if width > 360:
                wide.append(f"{tab}: {width}px")
        self.assertEqual(wide, [], "wide tables scroll inside themselves, never the page")

    def test_browse_order_sign_in_at_place_reload_on_tracking_and_back_through_my_orders(self):
        guest = self.guest(360, 780, 3)
        g = guest.driver
        guest.open_menu()
        # Browsing needs no sign-in: search finds dishes by name or description.
        g.find_element(By.ID, "search").send_keys("naan")
        wait(g, lambda d: [e.text for e in d.find_elements(By.CSS_SELECTOR, ".item h3")] == ["Garlic Naan"])
        g.find_element(By.ID, "search").clear()
        g.execute_script("const s = document.getElementById('search'); s.value = ''; s.dispatchEvent(new Event('input'));")
        guest.add("Breads", "Garlic Naan", 2)
        # A reload before signing in keeps the cart.
        g.refresh()
        wait(g, lambda d: d.find_element(By.ID, "view-cart").is_displayed())
        self.assertIn("2 items", text(g, "#view-cart"))
        g.find_element(By.ID, "view-cart").click()
        wait(g, lambda d: d.find_elements(By.CSS_SELECTOR, '#quote [data-total="total"]') and text(d, '#quote [data-total="total"]') == "₹118")
        self.assertTrue(g.find_element(By.ID, "phone-next").is_displayed())
        guest.place()
        first = text(g, "#confirm-title")
        g.find_element(By.ID, "track").click()
        wait(g, lambda d: text(d, "#track-connection") == "● Live updates")
        # Reload on the tracking screen: still there, same order, live again, no new code asked.
        g.refresh()
        wait(g, lambda d: d.find_element(By.ID, "tracking").is_displayed())
        wait(g, lambda d: text(d, "#track-connection") == "● Live updates")
        self.assertEqual(text(g, "#track-title"), first.replace("✅ ", "").replace(" confirmed!", ""))
        # Order more, with a double tap on Place order: one more order, no second sign-in.
        g.find_element(By.ID, "track-order-more").click()
        guest.add("Mains", "Dal Makhani", 1)
        g.find_element(By.ID, "view-cart").click()
        wait(g, lambda d: d.find_elements(By.CSS_SELECTOR, '#quote [data-total="total"]'))
        self.assertFalse(g.find_element(By.ID, "phone-next").is_displayed())
        g.execute_script("arguments[0].click(); arguments[0].click();", g.find_element(By.ID, "place"))
        wait(g, lambda d: d.find_element(By.ID, "confirmation").is_displayed())
        status, orders = self.daemon.call("GET", "/api/orders", token=self.daemon.staff_token())
        self.assertEqual(len(orders["orders"]), 2, "a double tap placed two orders, or a reload lost one")
        # My orders, from the menu: both orders, each back to its live tracking.
        g.find_element(By.ID, "order-more").click()
        wait(g, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#my-orders button")) == 2)
        self.assertIn("Order received", text(g, "#my-orders"))
        shot(g, "guest-my-orders")
        g.find_element(By.CSS_SELECTOR, "#my-orders button:last-child").click()
        wait(g, lambda d: d.find_element(By.ID, "tracking").is_displayed())
        self.assertEqual(text(g, "#track-title"), first.replace("✅ ", "").replace(" confirmed!", ""))
        wait(g, lambda d: text(d, "#track-connection") == "● Live updates")

    def test_the_whole_journey_in_hindi_with_no_english_left_and_indian_numbers(self):
        en, hi = catalogue("en"), catalogue("hi")
        self.assertEqual(sorted(en), sorted(hi), "strings-hi.js must have every key of strings-en.js, and no other")
        # English words the Hindi screens must not show (brand names, numbers and symbols aside).
        # The language switch names the other language in its own words ("English"), on purpose.
        english = {v for k, v in en.items() if re.search(r"[A-Za-z]{3}", v) and en[k] != hi[k] and not k.startswith("lang.")}
        guest = self.guest(390, 844, 3)
        g = guest.driver
        guest.open_menu()
        g.find_element(By.ID, "lang").click()
        wait(g, lambda d: d.execute_script("return document.documentElement.lang") == "hi")
        leftovers = []

        def check(where):
            shown = g.execute_script("return document.body.innerText")
            texts = {t for t in english if "{" not in t and t in shown}
            leftovers.extend(f"{where}: {t}" for t in texts)
            self.assertNotIn("undefined", shown)

        check("menu")
        self.assertIn("टेबल 5", text(g, "#table-label"))
        act(lambda: next(b for b in g.find_elements(By.CSS_SELECTOR, "#tabs button") if b.text == "Breads").click())
        # The manager's Hindi names for the dishes (the demo sets them).
        g.find_element(By.CSS_SELECTOR, 'button[aria-label="गार्लिक नान जोड़ें"]').click()
        act(lambda: next(b for b in g.find_elements(By.CSS_SELECTOR, "#tabs button") if b.text == "Appetizers").click())
        self.assertIn("पनीर टिक्का", text(g, '.item[data-item="item_001"] h3'))
        for _ in range(4):
            act(lambda: g.find_element(By.CSS_SELECTOR, 'button[aria-label="पनीर टिक्का जोड़ें"], button[aria-label="एक और पनीर टिक्का"]').click())
        check("menu with a cart")
        g.find_element(By.ID, "view-cart").click()
        wait(g, lambda d: d.find_elements(By.CSS_SELECTOR, '#quote [data-total="total"]'))
        # Four Paneer Tikka and a naan come to over ₹1,000: Indian grouping (₹1,380.60).
        self.assertRegex(text(g, '#quote [data-total="total"]'), r"^₹1,\d{3}(\.\d\d)?$")
        self.assertIn("कुल", text(g, "#quote"))
        self.assertIn("4× पनीर टिक्का", text(g, "#quote"))
        check("cart")
        g.find_element(By.ID, "place").click()
        wait(g, lambda d: d.find_element(By.ID, "phone").is_displayed())
        check("phone")
        g.find_element(By.ID, "phone-input").send_keys(PHONE)
        g.find_element(By.CSS_SELECTOR, "#phone-form button").click()
        wait(g, lambda d: d.find_element(By.ID, "otp").is_displayed())
        check("code")
        g.find_element(By.ID, "otp-input").send_keys(self.daemon.latest_otp())
        g.find_element(By.ID, "verify").click()
        wait(g, lambda d: d.find_element(By.ID, "confirmation").is_displayed())
        self.assertIn("पक्का हो गया", text(g, "#confirm-title"))
        check("confirmation")
        g.find_element(By.ID, "track").click()
        wait(g, lambda d: text(d, "#track-connection") == "● लाइव अपडेट")
        check("tracking")
        shot(g, "guest-tracking-hindi")
        # The choice is remembered: a reload stays in Hindi.
        g.refresh()
        wait(g, lambda d: d.find_element(By.ID, "tracking").is_displayed())
        wait(g, lambda d: text(d, "#track-connection") == "● लाइव अपडेट")
        self.assertEqual(leftovers, [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
