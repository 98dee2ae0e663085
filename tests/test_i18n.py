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
    ("es;q=1.5, fr;q=inf, en;q=0.5", ["en"]),
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
    assert languages.get("ES").code == languages.get("es-MX").code == "es"


def test_a_first_visit_follows_accept_language(client):
    page = client.get("/", headers={"Accept-Language": "es-ES,es;q=0.9"})
    assert page.status_code == 200
    assert _soup(page.text).html["lang"] == "es"
    assert "No es un diagnóstico" in page.text
    assert "lang=" not in page.headers.get("set-cookie", "")  # only a choice is remembered
    assert _soup(client.get("/").text).html["lang"] == "en"


def test_the_switch_keeps_the_page_and_is_remembered(client):
    first = _soup(client.get("/levels").text)
    switch = first.find(id="language-switch")
    link = switch.find("a", hreflang="es")
    assert link["href"] == "/levels?lang=es" and link.text == "Español"
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
    page = _soup(step.text)
    switch = page.find(id="language-switch")
    assert switch["hx-swap-oob"] == "true"
    # The next question's switch sends the next question's form.
    assert switch.find("button")["form"] == page.find("form", action=pushed)["id"]
    alternates = [link["href"] for link in page.find_all("link", rel="alternate")]
    assert alternates == [] or all(h.startswith(pushed) for h in alternates)


def test_error_pages_speak_the_chosen_language(client):
    page = client.get("/no-such-page", headers={"Accept-Language": "es"})
    assert page.status_code == 404 and _soup(page.text).html["lang"] == "es"


def test_a_folders_catalogues_are_read_once_a_process(tmp_path):
    assert Languages.of() is Languages.of()
    assert "es" in Languages.of() and "es" not in Languages.of(tmp_path)


def test_the_switch_never_links_to_another_site(client):
    for path in ("//evil.example/x", "/%2F%2Fevil.example", "/\\evil.example"):
        page = _soup(client.get(path).text)
        hrefs = [a["href"] for a in page.select("#language-switch a")]
        hrefs += [link["href"] for link in page.find_all("link", rel="alternate")]
        assert hrefs and all(h.startswith("/") and not h.startswith(("//", "/\\"))
                             for h in hrefs), (path, hrefs)


def test_a_long_query_is_not_copied_into_the_switch(client):
    page = _soup(client.get("/?" + "&a" * 2000).text)
    assert page.find("a", hreflang="es")["href"] == "/?lang=es"


def test_pages_say_their_language_and_what_it_varies_on(client):
    page = client.get("/", headers={"Accept-Language": "es"})
    assert page.headers["content-language"] == "es"
    assert {"Cookie", "Accept-Language", "HX-Request"} <= {
        v.strip() for v in page.headers["vary"].split(",")}


def test_htmx_asking_for_a_page_in_another_language_loads_it_whole(client):
    """A Spanish page's htmx request for a page shown in English (its cookie, or a result
    made in English) would swap English into a Spanish page: the browser reloads."""
    asked = client.get("/questions/red_flags_now?x=1",
                       headers={**HTMX, "X-Page-Language": "es"})
    assert asked.status_code == 200 and asked.text == ""
    assert asked.headers["hx-redirect"] == "/questions/red_flags_now?x=1"
    same = client.get("/questions/red_flags_now", headers={**HTMX, "X-Page-Language": "en"})
    assert "hx-redirect" not in same.headers and "<main" not in same.text and same.text
    # A path of two leading slashes is not sent on to another site ("//host/x"), and one
    # of any letters is sent as a header carries it.
    for path, sent in (("//evil.example/", "/evil.example/"), ("/%E6%97%A5?x=1", None)):
        elsewhere = client.get("http://testserver" + path,
                               headers={**HTMX, "X-Page-Language": "es"})
        assert elsewhere.headers["hx-redirect"] == (sent or path), path


def test_the_switch_on_a_question_keeps_the_answer_chosen_and_stays(client):
    from tests.factories import csrf

    switch = _soup(client.get("/questions/red_flags_now").text).find(id="language-switch")
    button = switch.find("button", attrs={"name": "switch_to"})
    assert button["value"] == "es" and button["form"] == "question-form"
    token = csrf(client)
    blank = client.post("/questions/red_flags_now", follow_redirects=False,
                        data={"csrf_token": token, "switch_to": "es"})
    assert blank.status_code == 303  # nothing chosen: no error, only the language
    assert blank.headers["location"] == "/questions/red_flags_now?lang=es"
    kept = client.post("/questions/red_flags_now", follow_redirects=False, data={
        "csrf_token": token, "switch_to": "es", "red_flags_now": "none"})
    assert kept.headers["location"] == "/questions/red_flags_now?lang=es"
    page = _soup(client.get(kept.headers["location"]).text)
    assert page.html["lang"] == "es"
    assert page.find("input", attrs={"name": "red_flags_now", "value": "none"}).has_attr(
        "checked")


def test_templates_translate_only_their_own_literals_as_markup():
    """_() and ngettext() trust the text they translate (it may hold markup); a value from
    data goes through |t, which escapes it. So each is called with a string literal."""
    from app.resources import shipped_dir

    calls = 0
    for template in shipped_dir("templates").glob("*.html"):
        source = template.read_text(encoding="utf-8")
        for match in re.finditer(r"(?<![\w.])(_|ngettext)\(\s*(.)", source):
            calls += 1
            assert match.group(2) in "\"'", f"{template.name}: {match.group(0)}"
    assert calls > 100
