"""What app.js says as people use a page (a character count, the chart period shown) is in
the page's language, in Chromium."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.browser.conftest import PHONE
from tests.browser.people import complete
from tests.factories import harmless


def test_the_script_speaks_the_pages_language(browser: Browser, base_url: str):
    context = browser.new_context(base_url=base_url, viewport=PHONE,
                                  timezone_id="Europe/Madrid")
    page = context.new_page()
    result = complete(page, harmless())
    page.goto(result + "/diary?lang=es")
    note = page.get_by_label("Nota (opcional)")
    note.fill("hola")
    expect(page.locator(".character-count__status")).to_have_text("Le quedan 496 caracteres")
    note.fill("x" * 501)
    expect(page.locator(".character-count__status")).to_have_text("Tiene 1 carácter de más")
    page.get_by_role("link", name="14 días").click()
    expect(page.locator("#chart-status")).to_have_text(
        "Se muestran las contracciones por día de los últimos 14 días.")
    page.goto(result + "/diary?lang=en")
    page.get_by_label("Note (optional)").fill("hola")
    expect(page.locator(".character-count__status")).to_have_text("You have 496 characters left")
    context.close()
