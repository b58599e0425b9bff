"""The manager's menu builder (staff app, Menu tab) in Debian's headless chromium.

Run: `python3 Tests/browser/test_menu_builder.py <intellidine binary>`. Against the real daemon with
the demo restaurant, a manager builds a category and a dish through the screen (Hindi name, veg
mark, spice level, photo, portions, add-ons, a new ingredient and the recipe), and the API is asked
whether it was stored as entered; then the category is hidden, refused deletion while it has a dish,
renamed and moved. The screen is checked with axe-core and on a 360 px phone (LAYOUT check).
Screenshots go to $SCREENSHOT_DIR (default .build/screenshots).
"""
import os
import struct
import sys
import unittest
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_web_apps as web  # noqa: E402  (takes the binary's path from argv)
from test_web_apps import TENANT, DaemonTestCase, act, shot, text, wait  # noqa: E402
from test_guest_phones import axe_serious, layout_problems  # noqa: E402

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402


def png(path, width=2, height=2):
    """A small valid RGB PNG, made here: the box accepts a photo by its first bytes."""
    rows = b"".join(b"\x00" + bytes([200, 90 + (x * 40) % 100, 40]) * width for x in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def fill(element, value):
    element.clear()
    element.send_keys(value)


class MenuBuilderTests(DaemonTestCase):
    def manager(self, width=1280, height=900, phone=False):
        driver = web.browser(width, height)
        self.drivers.append(driver)
        if phone:
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": width, "height": height, "deviceScaleFactor": 3, "mobile": True})
            driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
        driver.get(self.daemon.base + "/staff")
        wait(driver, lambda d: d.find_element(By.ID, "login").is_displayed())
        driver.find_element(By.NAME, "username").send_keys("manager1")
        driver.find_element(By.NAME, "password").send_keys("manager-demo-1")
        driver.find_element(By.CSS_SELECTOR, "#login button").click()
        wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#tabs button"))
        act(lambda: next(b for b in driver.find_elements(By.CSS_SELECTOR, "#tabs button") if b.text == "Menu").click())
        wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "section.menu-category"))
        return driver

    def flashed(self, driver, words):
        wait(driver, lambda d: any(words in t.text for t in d.find_elements(By.CSS_SELECTOR, ".toast")), message=f"no toast '{words}'")

    def test_manager_builds_a_dish_with_photo_portions_add_ons_and_recipe_and_arranges_its_category(self):
        d = self.daemon
        token = d.staff_token()
        packaged = {"id": "packaged", "name": "Packaged food", "rate": 12}
        status, body = d.call("PATCH", "/api/restaurant", token=token, body={"tax_classes": [packaged]})
        self.assertEqual(status, 200, body)
        m = self.manager()

        # A category, added last.
        fill(m.find_element(By.ID, "new-category-name"), "Chef's Specials")
        m.find_element(By.ID, "add-category").click()
        wait(m, lambda d: any(h.text == "Chef's Specials" for h in d.find_elements(By.CSS_SELECTOR, "section.menu-category h3")))
        self.flashed(m, "Category added: Chef's Specials")
        sections = m.find_elements(By.CSS_SELECTOR, "section.menu-category")
        self.assertEqual(sections[-1].find_element(By.CSS_SELECTOR, "h3").text, "Chef's Specials")
        category = sections[-1].get_attribute("data-category")
        where = f'section.menu-category[data-category="{category}"]'

        # A dish in it, through the form: a price of ₹0 is refused in words, then it is added.
        m.find_element(By.CSS_SELECTOR, where + " button.add-dish").click()
        wait(m, lambda d: d.find_element(By.CSS_SELECTOR, where + " form#dish-form").is_displayed())
        form = m.find_element(By.ID, "dish-form")
        field = lambda name: form.find_element(By.NAME, name)  # noqa: E731
        self.assertEqual(Select(field("category_id")).first_selected_option.text, "Chef's Specials")
        fill(field("name"), "Malai Kofta")
        fill(field("description"), "Cottage cheese dumplings in a cashew gravy")
        fill(field("name_hi"), "मलाई कोफ्ता")
        fill(field("description_hi"), "काजू की ग्रेवी में पनीर के कोफ्ते")
        self.assertEqual(field("name_hi").get_attribute("lang"), "hi")
        Select(field("diet")).select_by_visible_text("Veg")
        Select(field("spice_level")).select_by_visible_text("2 Medium")
        self.assertEqual([o.text for o in Select(field("tax_class_id")).options], ["Standard (18 %)", "Packaged food (12 %)"])
        Select(field("tax_class_id")).select_by_visible_text("Packaged food (12 %)")
        fill(field("preparation_time"), "20")
        fill(field("dietary_tags"), "vegetarian, rich")
        fill(field("price"), "0")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait(m, lambda d: "more than ₹0" in text(d, "#dish-error"))
        fill(field("price"), "240")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.flashed(m, "Malai Kofta added")
        # The editor stays open on the new dish, with its photo, portions, add-ons and recipe.
        wait(m, lambda d: d.find_element(By.CSS_SELECTOR, where + " #dish-editor #variants").is_displayed())
        self.assertEqual(text(m, "#dish-editor-title"), "Edit Malai Kofta")
        row = m.find_element(By.CSS_SELECTOR, where + " [data-item]")
        item = row.get_attribute("data-item")
        row_css = f'[data-item="{item}"]'
        self.assertIn("मलाई कोफ्ता", text(m, row_css))
        self.assertIn("₹240", text(m, row_css))

        # Over 10 MB is refused before sending; a file that is no photo is refused by the box, in words.
        big = os.path.join(d.state, "big.jpg")
        with open(big, "wb") as f:
            f.write(b"\xff\xd8\xff" + bytes(10 * 1024 * 1024 + 1))
        m.find_element(By.CSS_SELECTOR, 'input[name="photo"]').send_keys(big)
        wait(m, lambda d: "the most is 10 MB" in text(d, "#photo .photo-error"))
        notes = os.path.join(d.state, "notes.png")
        with open(notes, "w") as f:
            f.write("not a photo")
        m.find_element(By.CSS_SELECTOR, 'input[name="photo"]').send_keys(notes)
        wait(m, lambda d: text(d, "#photo .photo-error") not in ("", None) and "10 MB" not in text(d, "#photo .photo-error"))
        refused = text(m, "#photo .photo-error")

        # The photo, sent as taken: the row shows its thumbnail, loaded.
        path = os.path.join(d.state, "kofta.png")
        png(path)
        m.find_element(By.CSS_SELECTOR, 'input[name="photo"]').send_keys(path)
        self.flashed(m, "Photo of Malai Kofta saved")
        self.assertEqual(text(m, "#photo .photo-error"), "", f"the refusal ({refused}) is cleared by a photo that is taken")
        wait(m, lambda d: d.execute_script(
            "const i = document.querySelector(arguments[0]); return i && i.complete && i.naturalWidth", row_css + " img.thumb") > 0,
             message="the row's thumbnail did not load")

        # Two portions and an add-on group with two options, saved together.
        m.find_element(By.ID, "add-variant").click()
        m.find_element(By.ID, "add-variant").click()
        variants = m.find_elements(By.CSS_SELECTOR, "#variants .variant-row")
        self.assertEqual(len(variants), 2)
        for v, (name, price, portion) in zip(variants, [("Half plate", "140", "50"), ("Full plate", "240", "100")]):
            fill(v.find_element(By.NAME, "variant-name"), name)
            fill(v.find_element(By.NAME, "variant-price"), price)
            fill(v.find_element(By.NAME, "variant-portion"), portion)
        variants[1].find_element(By.NAME, "variant-default").click()
        m.find_element(By.ID, "add-group").click()
        group = m.find_element(By.CSS_SELECTOR, "#option-groups .group-row")
        fill(group.find_element(By.NAME, "group-name"), "Extras")
        fill(group.find_element(By.NAME, "group-min"), "0")
        fill(group.find_element(By.NAME, "group-max"), "2")
        group.find_element(By.CSS_SELECTOR, "button.add-option").click()
        options = group.find_elements(By.CSS_SELECTOR, ".option-row")
        self.assertEqual(len(options), 2)
        for o, (name, price) in zip(options, [("Extra cream", "30"), ("Paneer cubes", "50")]):
            fill(o.find_element(By.NAME, "option-name"), name)
            fill(o.find_element(By.NAME, "option-price"), price)
        m.find_element(By.ID, "save-customization").click()
        self.flashed(m, "Portions and add-ons of Malai Kofta saved")

        # A new ingredient, added from the recipe editor, goes into a recipe line; then a second line.
        wait(m, lambda d: d.find_element(By.ID, "add-recipe-line").is_displayed())
        new = m.find_element(By.ID, "new-ingredient")
        fill(new.find_element(By.NAME, "ingredient-name"), "Cashew cream")
        Select(new.find_element(By.NAME, "ingredient-unit")).select_by_value("ml")
        fill(new.find_element(By.NAME, "ingredient-stock"), "2000")
        fill(new.find_element(By.NAME, "ingredient-par"), "1000")
        new.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.flashed(m, "Ingredient added: Cashew cream")
        wait(m, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#recipe .recipe-row")) == 1)
        line = m.find_element(By.CSS_SELECTOR, "#recipe .recipe-row")
        self.assertEqual(Select(line.find_element(By.NAME, "ingredient")).first_selected_option.text, "Cashew cream (ml)")
        self.assertEqual(line.find_element(By.CSS_SELECTOR, ".unit").text, "ml")
        fill(line.find_element(By.NAME, "quantity"), "40")
        m.find_element(By.ID, "add-recipe-line").click()
        second = m.find_elements(By.CSS_SELECTOR, "#recipe .recipe-row")[1]
        Select(second.find_element(By.NAME, "ingredient")).select_by_visible_text("Paneer (g)")
        fill(second.find_element(By.NAME, "quantity"), "120")
        m.find_element(By.ID, "save-recipe").click()
        self.flashed(m, "Recipe of Malai Kofta saved")
        shot(m, "staff-menu-builder-dish")

        # Stored as entered.
        status, menu = d.call("GET", "/api/menu/manage", token=token)
        dish = next(i for i in menu["items"] if i["id"] == item)
        self.assertEqual({k: dish.get(k) for k in ("category_id", "name", "description", "name_hi", "description_hi", "price", "diet",
                                                   "spice_level", "preparation_time", "dietary_tags", "is_available", "tax_class_id")},
                         {"category_id": category, "name": "Malai Kofta", "description": "Cottage cheese dumplings in a cashew gravy",
                          "name_hi": "मलाई कोफ्ता", "description_hi": "काजू की ग्रेवी में पनीर के कोफ्ते", "price": 240, "diet": "veg",
                          "spice_level": 2, "preparation_time": 20, "dietary_tags": ["vegetarian", "rich"], "is_available": True,
                          "tax_class_id": "packaged"})
        self.assertTrue(dish["image_url"] and dish["thumb_url"])
        self.assertEqual([(v["id"], v["name"], v["price"], v["is_default"]) for v in dish["variants"]],
                         [("half-plate", "Half plate", 140, False), ("full-plate", "Full plate", 240, True)])
        self.assertEqual([(g["id"], g["name"], g["min_choices"], g["max_choices"], [(o["id"], o["name"], o["price"]) for o in g["options"]])
                          for g in dish["option_groups"]],
                         [("extras", "Extras", 0, 2, [("extra-cream", "Extra cream", 30), ("paneer-cubes", "Paneer cubes", 50)])])
        status, recipe = d.call("GET", f"/api/menu/items/{item}/recipe", token=token)
        self.assertEqual(sorted((line["name"], line["unit"], line["quantity"]) for line in recipe["lines"]),
                         [("Cashew cream", "ml", 40), ("Paneer", "g", 120)])
        status, stock = d.call("GET", "/api/inventory", token=token)
        cream = next(i for i in stock["ingredients"] if i["name"] == "Cashew cream")
        self.assertEqual((cream["unit"], cream["stock"], cream["par_level"]), ("ml", 2000, 1000))

        # The same name again in the category is refused in the box's words.
        m.find_element(By.CSS_SELECTOR, where + " button.add-dish").click()
        wait(m, lambda d: text(d, "#dish-editor-title") == "New dish in Chef's Specials")
        form = m.find_element(By.ID, "dish-form")
        fill(form.find_element(By.NAME, "name"), "malai kofta")
        fill(form.find_element(By.NAME, "price"), "99")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait(m, lambda d: "already a dish called" in text(d, "#dish-error"))
        m.find_element(By.CSS_SELECTOR, "#dish-editor button.close-editor").click()
        wait(m, lambda d: not d.find_elements(By.ID, "dish-editor"))

        # 86 from the row, and back.
        m.find_element(By.CSS_SELECTOR, row_css + " input.on-menu").click()
        wait(m, lambda d: "eighty-sixed" in d.find_element(By.CSS_SELECTOR, row_css).get_attribute("class"))
        self.assertFalse(next(i for i in d.call("GET", "/api/menu/manage", token=token)[1]["items"] if i["id"] == item)["is_available"])
        act(lambda: m.find_element(By.CSS_SELECTOR, row_css + " input.on-menu").click())
        wait(m, lambda d: "eighty-sixed" not in d.find_element(By.CSS_SELECTOR, row_css).get_attribute("class"))

        # Guests see the dish; hidden, they do not.
        status, guest = d.call("GET", f"/api/menu/items?tenant_id={TENANT}")
        self.assertIn(item, [i["id"] for i in guest["items"]])
        # The category's own tools are folded under its dishes' header.
        m.find_element(By.CSS_SELECTOR, where + " details.category-settings summary").click()
        m.find_element(By.CSS_SELECTOR, where + " input.category-hidden").click()
        wait(m, lambda d: "Hidden from guests" in text(d, where + " .category-head"))
        self.assertTrue(m.find_element(By.CSS_SELECTOR, where + " details.category-settings").get_attribute("open") is not None,
                        "the tools stay unfolded after a change")
        status, guest = d.call("GET", f"/api/menu/items?tenant_id={TENANT}")
        self.assertNotIn(item, [i["id"] for i in guest["items"]])

        # A category with a dish cannot be deleted: the box's reason is shown.
        m.find_element(By.CSS_SELECTOR, where + " button.delete-category").click()
        wait(m, lambda d: "still has 1 dish" in text(d, where + " .category-error"))

        # Renamed, and moved up above Breads.
        name = m.find_element(By.CSS_SELECTOR, where + " input.category-name")
        fill(name, "House Specials")
        m.find_element(By.CSS_SELECTOR, where + " button.rename-category").click()
        wait(m, lambda d: text(d, where + " h3") == "House Specials")
        m.find_element(By.CSS_SELECTOR, where + " button.move-up").click()
        wait(m, lambda d: [s.get_attribute("data-category") for s in d.find_elements(By.CSS_SELECTOR, "section.menu-category")][-2] == category)
        status, menu = d.call("GET", "/api/menu/manage", token=token)
        order = [c["name"] for c in sorted(menu["categories"], key=lambda c: c["display_order"])]
        self.assertEqual(order, ["Appetizers", "Mains", "House Specials", "Breads"])
        self.assertTrue(next(c for c in menu["categories"] if c["id"] == category)["is_hidden"])

        # Accessibility with the dish form open on the dish.
        m.find_element(By.CSS_SELECTOR, row_css + " button.edit-dish").click()
        wait(m, lambda d: d.find_elements(By.CSS_SELECTOR, "#recipe .recipe-row"))
        # An edit sends what changed: a new price, and the spice level cleared.
        form = m.find_element(By.ID, "dish-form")
        self.assertEqual(form.find_element(By.NAME, "name_hi").get_attribute("value"), "मलाई कोफ्ता")
        fill(form.find_element(By.NAME, "price"), "255.50")
        Select(form.find_element(By.NAME, "spice_level")).select_by_visible_text("Not said")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.flashed(m, "Malai Kofta saved")
        wait(m, lambda d: "₹255.50" in text(d, row_css))
        dish = next(i for i in d.call("GET", "/api/menu/manage", token=token)[1]["items"] if i["id"] == item)
        self.assertEqual((dish["price"], dish.get("spice_level"), dish["name_hi"], dish["tax_class_id"]),
                         (255.5, None, "मलाई कोफ्ता", "packaged"))
        shot(m, "staff-menu-builder")
        self.maxDiff = None
        self.assertEqual(axe_serious(m), [])

        # The dish deleted (after a confirmation), then its empty category.
        m.find_element(By.CSS_SELECTOR, "#dish-editor button.close-editor").click()
        m.find_element(By.CSS_SELECTOR, row_css + " button.delete-dish").click()
        self.assertIn("past orders", m.switch_to.alert.text)
        m.switch_to.alert.accept()
        self.flashed(m, "Malai Kofta deleted")
        wait(m, lambda d: not d.find_elements(By.CSS_SELECTOR, row_css))
        self.assertNotIn(item, [i["id"] for i in d.call("GET", "/api/menu/manage", token=token)[1]["items"]])
        act(lambda: m.find_element(By.CSS_SELECTOR, where + " button.delete-category").click())
        m.switch_to.alert.accept()
        wait(m, lambda d: not d.find_elements(By.CSS_SELECTOR, where))
        self.assertNotIn(category, [c["id"] for c in d.call("GET", "/api/menu/manage", token=token)[1]["categories"]])

        # On a 360 px phone: the list, and the dish editor open, never wider than the screen.
        p = self.manager(360, 780, phone=True)
        p.find_element(By.CSS_SELECTOR, 'section.menu-category[data-category="cat-2"] details.category-settings summary').click()
        problems = layout_problems(p, "menu list at 360px")
        shot(p, "staff-menu-builder-360")
        p.find_element(By.CSS_SELECTOR, '[data-item="item_002"] button.edit-dish').click()
        wait(p, lambda d: d.find_elements(By.CSS_SELECTOR, "#recipe .recipe-row"))
        problems += layout_problems(p, "dish editor at 360px")
        shot(p, "staff-menu-builder-editor-360")
        self.assertEqual(problems, [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
