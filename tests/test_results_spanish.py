"""The clinical result in Spanish: made in the person's language and stored with it, its
words kept for every language offered, readable in the other, printed in English for the
doctor, and the JSON API's Accept-Language. English stays as it was (the other result
tests)."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select, update

from app import questionnaire as q
from app.i18n import Languages
from app.models import Assessment
from app.triage import assess
from app.triage.rules import BY_ID as RULES
from app.triage.sources import SOURCES
from tests.factories import CASES, harmless, result_url

ES = Languages().get("es")
assert ES is not None, "scripts/venv compiles the Spanish catalogue"
API = "/api/v1/assessments"
# One vignette per level, with the rule that makes it that level.
BY_LEVEL = {
    "self_care": (harmless(triggers=["caffeine"]), None),
    "routine": (harmless(locations=["face"]), "face-twitching"),
    "soon": (harmless(spreading=True), "spreading"),
    "urgent": (harmless(red_flags_recent=["speech"]), "recent-warning-sign"),
    "emergency": ({"red_flags_now": ["breathing_severe"]}, "severe-breathing"),
}


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def words(html: str) -> str:
    return " ".join(soup(html).find("main").get_text(" ").split())


def in_spanish(client, answers) -> str:
    client.cookies.set("lang", "es")
    return result_url(client, answers)


def row(session, url: str) -> Assessment:
    token = url.rsplit("/", 1)[1]
    return session.scalars(select(Assessment).where(Assessment.token == token)).one()


@pytest.mark.parametrize("level", BY_LEVEL)
def test_result_share_and_print_in_spanish_at_each_level(client, level):
    answers, rule = BY_LEVEL[level]
    url = in_spanish(client, answers)
    english = assess(answers)
    pages = {"result": client.get(url), "print": client.get(f"{url}/print")}
    client.cookies.clear()  # a share link's reader: no owner key, no language cookie
    pages["share"] = client.get(url)
    for kind, page in pages.items():
        assert page.status_code == 200, kind
        assert soup(page.text).html["lang"] == "es", kind
        text = words(page.text)
        assert ES.gettext(english.level.headline) in text, kind
        assert english.level.headline not in text, kind
        if rule:
            spanish = " ".join(ES.gettext(RULES[rule].text).split())
            assert spanish in text, kind
            assert RULES[rule].text not in text, kind
        assert "Esto no es un diagnóstico" in text or "No es un diagnóstico" in text, kind
    if level == "emergency":
        assert "Llame ahora al número de emergencias de su zona" in words(pages["result"].text)
    else:
        # The safety net, in Spanish, split into its leads and signs as in English.
        net = soup(pages["result"].text).find(class_="safety-net")
        assert net.find("h2").get_text() == ES.gettext("When to get help sooner")
        assert "lang" not in (net.find("div").attrs or {})


def test_the_result_keeps_its_language_and_its_words_in_every_language(client, session):
    url = in_spanish(client, BY_LEVEL["urgent"][0])
    stored = row(session, url)
    assert stored.language == "es"
    english = assess(BY_LEVEL["urgent"][0])
    spanish = assess(BY_LEVEL["urgent"][0], ES.gettext)
    # English in the columns every older reader knows; Spanish beside it.
    assert [r["text"] for r in stored.reasons] == [r.text for r in english.reasons]
    assert stored.translations["es"]["reasons"] == [r.text for r in spanish.reasons]
    assert stored.translations["es"]["advice"] == [
        {"title": a.title, "text": a.text} for a in spanish.advice]
    assert [a["id"] for a in stored.advice] == [a.id for a in spanish.advice]


def test_stored_words_are_shown_even_when_the_catalogue_changes_later(client, session):
    url = in_spanish(client, BY_LEVEL["soon"][0])
    stored = row(session, url)
    kept = json.loads(json.dumps(stored.translations))
    kept["es"]["reasons"][0] = "Palabras que el catálogo ya no tiene."
    session.execute(update(Assessment).where(Assessment.id == stored.id)
                    .values(translations=kept))
    session.commit()
    text = words(client.get(url).text)
    assert "Palabras que el catálogo ya no tiene." in text
    assert ES.gettext(RULES["spreading"].text) not in text


def test_the_switch_shows_a_spanish_result_in_english_from_its_stored_words(client):
    url = in_spanish(client, BY_LEVEL["routine"][0])
    page = client.get(f"{url}?lang=en")
    assert soup(page.text).html["lang"] == "en"
    text = words(page.text)
    assert RULES["face-twitching"].text in text
    assert "Talk to your doctor at a routine appointment" in text
    assert "Usted dijo" not in text
    # The print link follows the language chosen.
    assert f'href="{url}/print?lang=en"' in page.text


def test_an_english_result_reads_in_spanish_with_the_switch(client):
    url = result_url(client, BY_LEVEL["soon"][0])
    assert soup(client.get(url).text).html["lang"] == "en"
    page = client.get(f"{url}?lang=es")
    assert soup(page.text).html["lang"] == "es"
    assert ES.gettext(RULES["spreading"].text) in words(page.text)


def test_print_in_english_for_the_doctor_is_all_english_and_keeps_the_cookie(client):
    url = in_spanish(client, BY_LEVEL["urgent"][0])
    spanish = client.get(f"{url}/print")
    link = soup(spanish.text).find("a", string="Imprimir en inglés para el médico")
    assert link is not None and link["href"] == f"{url}/print?in=en"
    page = client.get(link["href"])
    assert "set-cookie" not in page.headers or "lang=" not in page.headers["set-cookie"]
    assert client.cookies.get("lang") == "es"
    assert soup(page.text).html["lang"] == "en"
    text = words(page.text)
    english = assess(BY_LEVEL["urgent"][0])
    for said in (english.level.headline, english.level.meaning, "Why this level",
                 "When to get help sooner", "What a doctor may check", "Advice given",
                 "Muscle twitch summary for a doctor", *(r.text for r in english.reasons)):
        assert " ".join(said.split()) in text, said
    # Nothing Spanish is left on it: no translated text of the catalogue at all.
    spanish_texts = {m for key, m in ES.translations._catalog.items() if isinstance(m, str)
                     and len(m) > 12 and m != key}  # not the titles kept English
    assert not [s for s in spanish_texts if s in text]
    assert "Print in English for the doctor" not in text  # it is English already


def test_an_old_english_only_result_in_spanish_marks_what_stays_english(client, session):
    url = result_url(client, harmless(spreading=True, course="worsening"))
    stored = row(session, url)
    reasons = [{**r, "text": "Words an older version said."} if r["rule"] != "spreading" else r
               for n, r in enumerate(stored.reasons)]
    session.execute(update(Assessment).where(Assessment.id == stored.id)
                    .values(translations=None, reasons=reasons))
    session.commit()
    assert "lang=\"en\"" not in client.get(url).text.split("<main", 1)[1].split(
        "class=\"sources\"")[0]
    page = soup(client.get(f"{url}?lang=es").text)
    old = page.find(string=lambda s: s and "Words an older version said." in s)
    assert old is not None and old.find_parent("li")["lang"] == "en"
    assert "Las partes que no pudimos traducir se muestran en inglés" in page.get_text()
    # Advice the catalogue has word for word is shown in Spanish, and not marked.
    diary = page.find("h3", string=ES.gettext("Keep a twitch diary")).find_parent("li")
    assert "lang" not in diary.attrs
    assert ES.gettext("Write down when and where twitches happen, and how long they last. "
                      "This timeline helps a doctor.") in diary.get_text()
    # A reason the catalogue has is in Spanish too.
    assert ES.gettext(RULES["spreading"].text) in page.get_text()


@pytest.mark.parametrize("accept", ["es", "es-MX,es;q=0.9,en;q=0.5"])
def test_the_api_answers_in_the_language_asked_for(client, accept):
    answers = BY_LEVEL["urgent"][0]
    english = client.post(API, json={"answers": answers}).json()
    response = client.post(API, json={"answers": answers}, headers={"Accept-Language": accept})
    assert response.status_code == 201
    assert response.headers["content-language"] == "es"
    body = response.json()
    assert (english["language"], body["language"]) == ("en", "es")
    # Codes never change; only the words do.
    for key in ("level", "questionnaire_version", "rules_version"):
        assert body[key] == english[key]
    assert [(r["rule"], r["level"], r["sources"]) for r in body["reasons"]] == \
        [(r["rule"], r["level"], r["sources"]) for r in english["reasons"]]
    assert [(a["id"], a["sources"]) for a in body["advice"]] == \
        [(a["id"], a["sources"]) for a in english["advice"]]
    assert body["headline"] == ES.gettext(english["headline"])
    assert body["reasons"][0]["text"] == ES.gettext(english["reasons"][0]["text"])
    # Read back in either language, from the stored words.
    again = client.get(f"{API}/{body['token']}", headers={"Accept-Language": "es"})
    assert again.headers["content-language"] == "es"
    assert {**again.json(), "delete_key": body["delete_key"]} == body
    in_english = client.get(f"{API}/{body['token']}")
    assert in_english.headers["content-language"] == "en"
    assert in_english.json()["reasons"] == english["reasons"]


def test_an_unoffered_language_gets_english(client):
    response = client.post(API, json={"answers": harmless()},
                           headers={"Accept-Language": "fr, de;q=0.5"})
    assert response.headers["content-language"] == "en"
    assert response.json()["language"] == "en"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_spanish_scores_the_same_and_english_is_unchanged(case):
    english, spanish = assess(case["answers"]), assess(case["answers"], ES.gettext)
    assert spanish.rule_ids == english.rule_ids
    assert (spanish.level.id, spanish.level.rank) == (english.level.id, english.level.rank)
    assert [(a.id, a.kind, a.sources) for a in spanish.advice] == \
        [(a.id, a.kind, a.sources) for a in english.advice]
    # Every text has a Spanish translation: none is left as the English.
    for said, spoken in zip([*english.reasons, *english.advice],
                            [*spanish.reasons, *spanish.advice], strict=True):
        assert said.text != spoken.text
    assert assess(case["answers"], lambda text: text) == english


def _old_results(tmp_path_factory, version: str, schema: str):
    from pathlib import Path

    from fastapi.testclient import TestClient

    from app.main import create_app
    from app.migrate import upgrade
    from app.settings import Settings
    from tests.databases import fresh_database
    from tests.test_version_1_results import store_rows

    rows = json.loads((Path(__file__).parent / "data" / version / "results.json").read_text())
    with fresh_database(tmp_path_factory.mktemp(version)) as url:
        upgrade(url, schema)
        store_rows(url, rows)
        upgrade(url)
        app = create_app(Settings(database_url=url, allowed_hosts="testserver",
                                  secret_key="old-results-secret"))
        with TestClient(app) as client:
            yield client, rows
        app.state.database.dispose()


@pytest.fixture(scope="module", params=[("v1", "0002"), ("v2", "0005")], ids=["v1", "v2"])
def old_results(request, tmp_path_factory):
    yield from _old_results(tmp_path_factory, *request.param)


def test_old_results_show_in_english_and_in_spanish_say_what_stays_english(old_results):
    """Version-1 and version-2 results keep their English by default; in Spanish each text
    is the catalogue's exact translation or the English, marked lang="en"."""
    client, rows = old_results
    for stored in rows:
        client.cookies.clear()  # a reader who has not chosen a language (the switch sets one)
        url = f"/r/{stored['token']}"
        page = soup(client.get(url).text)
        assert page.html["lang"] == "en"
        assert "english-note" not in str(page)
        shown = soup(client.get(f"{url}?lang=es").text)
        assert shown.html["lang"] == "es"
        kept_english = False
        for reason in stored["reasons"]:
            spoken = ES.gettext(reason["text"])
            item = shown.find(string=lambda s, t=spoken: s and " ".join(t.split()) in
                              " ".join(s.split()))
            assert item is not None, reason["rule"]
            marked = item.find_parent("li").get("lang")
            assert marked == ("en" if spoken == reason["text"] else None), reason["rule"]
            kept_english = kept_english or marked == "en"
        kept_english = kept_english or bool(shown.select("main [lang=en]:not(cite)"))
        assert bool(shown.find(class_="english-note")) is kept_english, stored["token"]


def test_an_unstored_emergency_page_is_in_spanish(settings):
    """Over a limit nothing is stored; the emergency result is still shown whole, in the
    person's language."""
    from fastapi.testclient import TestClient

    from tests.test_write_limits import EMERGENCY, limited, over_the_limit, post_answer

    app = limited(settings, per_client=3)
    with TestClient(app) as client:
        over_the_limit(client)
        client.cookies.clear()
        client.cookies.set("lang", "es")
        response = post_answer(client, "red_flags_now", [EMERGENCY])
        assert response.status_code == 200
        page = soup(response.text)
        assert page.html["lang"] == "es"
        text = words(response.text)
        scored = assess({"red_flags_now": [EMERGENCY]})
        assert ES.gettext(scored.level.headline) in page.title.get_text()
        for said in (scored.level.headline, scored.level.meaning, scored.reasons[0].text):
            assert " ".join(ES.gettext(said).split()) in text
            assert said not in text
        assert "no se guardó" in text and "Esto no es un diagnóstico" in text


def test_an_api_emergency_beside_a_bad_answer_is_scored_in_the_language_asked(client):
    from tests.test_write_limits import EMERGENCY

    response = client.post(API, json={"answers": {"red_flags_now": [EMERGENCY],
                                                  "age_band": "bogus"}},
                           headers={"Accept-Language": "es"})
    assert response.status_code == 422
    assert response.headers["content-language"] == "es"
    result = response.json()["result"]
    assert result["language"] == "es" and result["level"] == "emergency"
    rule = RULES[result["reasons"][0]["rule"]]
    assert result["reasons"][0]["text"] == ES.gettext(rule.text)


def test_the_levels_page_in_spanish(client):
    from app.triage.levels import LEVELS

    page = client.get("/levels", headers={"Accept-Language": "es"})
    assert soup(page.text).html["lang"] == "es"
    text = words(page.text)
    for level in LEVELS:
        for said in (level.headline, level.short, level.meaning):
            assert ES.gettext(said) in text and ES.gettext(said) != said, said
    assert "Qué significan los niveles" in soup(page.text).title.get_text()


def test_the_share_page_gives_the_doctor_checks_in_spanish(client):
    from app.triage.advice import DOCTOR_CHECKS, DOCTOR_TESTS

    url = in_spanish(client, BY_LEVEL["soon"][0])
    client.cookies.clear()
    text = words(client.get(url).text)
    for said in (DOCTOR_CHECKS, *DOCTOR_TESTS):
        assert ES.gettext(said) in text and said not in text


def test_article_titles_kept_in_english_are_marked_english(client):
    url = in_spanish(client, BY_LEVEL["soon"][0])
    cites = soup(client.get(url).text).select(".sources cite")
    assert cites and all(cite.get("lang") == "en" for cite in cites
                         if cite.get_text() != ES.gettext(SOURCES["product-safety"]))


def english_headline(document) -> str:
    from app.triage import LEVELS_BY_ID
    level = next(e for e in document["extension"][0]["extension"] if e["url"] == "level")
    return LEVELS_BY_ID[level["valueCode"]].headline


def test_the_fhir_response_of_a_spanish_result_says_so(client):
    url = in_spanish(client, BY_LEVEL["soon"][0])
    document = client.get(f"{url}/fhir").json()
    assert document["language"] == "es"
    texts = [item["text"] for item in document["item"] if "text" in item]
    assert ES.gettext(q.BY_ID["red_flags_now"].question) in texts
    first = next(item for item in document["item"] if item.get("linkId") == "red_flags_now")
    none = first["answer"][0]["valueCoding"]
    assert none["code"] == "none" and none["display"] == ES.gettext("None of these")
    headline = next(e for e in document["extension"][0]["extension"] if e["url"] == "headline")
    assert headline["valueString"] != english_headline(document)
    english = client.post("/api/v1/assessments", json={"answers": BY_LEVEL["soon"][0]}).json()
    assert client.get(english["share_url"] + "/fhir").json()["language"] == "en"


def test_a_readers_chosen_language_wins_over_the_results_own(client):
    """A Spanish result, read by someone who chose English with the switch, is in English
    on every page after; the English print gives the doctor an English link and QR code."""
    url = in_spanish(client, BY_LEVEL["soon"][0])
    client.cookies.clear()
    assert soup(client.get(url).text).html["lang"] == "es"  # no choice: its own language
    client.get("/?lang=en")
    assert soup(client.get(url).text).html["lang"] == "en"
    printed = soup(client.get(f"{url}/print?in=en").text)
    assert printed.select_one(".share-line .url").get_text().endswith(f"{url}?lang=en")
    qr = printed.select_one("img.qr")["src"]
    assert qr.endswith("/qr.svg?in=en")
    client.cookies.clear()
    assert client.get(qr).status_code == 200 and "lang" not in client.cookies
