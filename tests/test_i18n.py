"""Choosing the language: Accept-Language first, then the switch, remembered in a cookie."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from app.i18n import Languages, preferred

HTMX = {"HX-Request": "true"}


def _soup(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "html.parser")


@pytest.mark.parametrize(("header", "tags"), [
    ("es-MX,es;q=0.9,en;q=0.8", ["es-mx", "es", "en"]),
    ("en;q=0.5, es", ["es", "en"]),
    ("fr;q=0, de", ["de"]),
    ("*, es;q=0.1", ["es"]),
    ("es;q=abc, en", ["en"]),
    ("", []),
])
def test_accept_language_is_read_by_its_weights(header, tags):
    assert preferred(header) == tags


def test_the_first_language_we_have_is_chosen_by_its_base_language():
    languages = Languages()
    assert languages.negotiate("fr-CA, es-419;q=0.8, en;q=0.5").code == "es"
    assert languages.negotiate("fr, de").code == "en"
    assert languages.negotiate(None).code == "en"
    assert languages.choose("xx", "es", "en").code == "es"  # an unknown ?lang= is ignored


def test_a_first_visit_follows_accept_language(client):
    page = client.get("/", headers={"Accept-Language": "es-ES,es;q=0.9"})
    assert page.status_code == 200
    assert _soup(page.text).html["lang"] == "es"
    assert "No es un diagnóstico" in page.text
    assert "lang=" not in page.headers.get("set-cookie", "")  # only a choice is remembered
    assert _soup(client.get("/").text).html["lang"] == "en"


def test_the_switch_keeps_the_page_and_is_remembered(client):
    first = _soup(client.get("/questions/red_flags_now").text)
    switch = first.find(id="language-switch")
    link = switch.find("a", hreflang="es")
    assert link["href"] == "/questions/red_flags_now?lang=es" and link.text == "Español"
    assert link["lang"] == "es"
    assert switch.find(attrs={"aria-current": "true"}).text == "English"

    chosen = client.get(link["href"], headers={"Accept-Language": "en"})
    assert re.search(r"(^|, )lang=es; Path=/; Max-Age=\d+; SameSite=Lax",
                     chosen.headers["set-cookie"])
    assert _soup(chosen.text).html["lang"] == "es"
    # The cookie now wins over the browser's header, on every page.
    later = client.get("/", headers={"Accept-Language": "en"})
    assert _soup(later.text).html["lang"] == "es"
    back = client.get("/?lang=en")
    assert _soup(back.text).html["lang"] == "en" and "lang=en" in back.headers["set-cookie"]


def test_each_page_names_its_other_languages_with_hreflang(client):
    page = _soup(client.get("/questions/red_flags_now?x=1").text)
    alternates = {link["hreflang"]: link["href"]
                  for link in page.find_all("link", rel="alternate")}
    assert alternates == {"en": "/questions/red_flags_now?x=1&lang=en",
                          "es": "/questions/red_flags_now?x=1&lang=es"}


def test_an_htmx_step_swaps_in_a_switch_for_the_page_it_shows(client):
    client.get("/questions/red_flags_now")
    from tests.factories import post_answer

    step = post_answer(client, "red_flags_now", ["none"], htmx=True)
    pushed = step.headers["HX-Push-Url"]
    switch = _soup(step.text).find(id="language-switch")
    assert switch["hx-swap-oob"] == "true"
    assert switch.find("a", hreflang="es")["href"] == f"{pushed}?lang=es"


def test_error_pages_speak_the_chosen_language(client):
    page = client.get("/no-such-page", headers={"Accept-Language": "es"})
    assert page.status_code == 404 and _soup(page.text).html["lang"] == "es"


def test_a_folders_catalogues_are_read_once_a_process(tmp_path):
    assert Languages.of() is Languages.of()
    assert "es" in Languages.of() and "es" not in Languages.of(tmp_path)
