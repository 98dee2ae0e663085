"""The page chrome, the diary and its CSV read in Spanish, with Spanish dates and numbers;
what is said in words the API reads stays English."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup

from tests.factories import harmless, post_answer, result_url, submit_form

API = "/api/v1/assessments"
MESES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
         "septiembre", "octubre", "noviembre", "diciembre")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
# The entry: three days ago at 08:05 on a clock in Madrid.
WHEN = (datetime.now(ZoneInfo("Europe/Madrid")) - timedelta(days=3)).replace(hour=8, minute=5)


def _text(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def _diary(client, lang: str) -> str:
    client.get(f"/?lang={lang}")
    url = result_url(client, harmless())
    sent = submit_form(client, f"{url}/diary", {
        "at": WHEN.strftime("%Y-%m-%dT%H:%M"), "tz": "Europe/Madrid", "location": "arm_hand",
        "duration": "minutes", "intensity": "4", "note": "hola"})
    assert sent.status_code == 303, sent.text[:300]
    return url


def test_question_and_check_pages_are_spanish(client):
    page = _text(client.get("/questions/red_flags_now?lang=es").text)
    assert "Pregunta 1 de" in page and "Continuar" in page
    assert "Llame ahora" not in page  # no banner before an answer
    assert "llame al número de emergencias de su zona: 911 en EE. UU. y Canadá" in page
    refused = _text(post_answer(client, "red_flags_now", None).text)
    assert refused.startswith("Error: ") and "Hay un problema" in refused


def test_the_diary_its_dates_and_its_csv_are_spanish(client):
    url = _diary(client, "es")
    page = _text(client.get(f"{url}/diary").text)
    assert f"{WHEN.day} de {MESES[WHEN.month - 1]} de {WHEN.year}, 8:05 (hora de Madrid)" in page
    assert "intensidad 4 de 5" in page and "Minutos" in page
    # Places in the zone list are named in Spanish (CLDR's), where CLDR names them.
    assert ">Nueva York</option>" in client.get(f"{url}/diary").text
    assert "Su diario muestra contracciones en un lugar nuevo" in page
    rows = list(csv.reader(io.StringIO(client.get(f"{url}/diary.csv").text.lstrip("\ufeff"))))
    assert rows[0] == ["cuándo (hora local)", "zona horaria", "dónde", "duración",
                       "intensidad (1-5)", "etiquetas", "nota"]
    # Times stay sortable, as in English.
    assert rows[1][:2] == [WHEN.strftime("%Y-%m-%d 08:05"), "Europe/Madrid"]
    assert rows[1][3] == "Minutos"
    # The API answers programs: its words stay English whatever the browser chose.
    token = url.removeprefix("/r/")
    nudges = client.get(f"{API}/{token}/diary").json()["nudges"]
    assert any(n["text"].startswith("Your diary shows twitching in a new place")
               for n in nudges)


def test_the_same_diary_in_english_is_unchanged(client):
    url = _diary(client, "en")
    page = _text(client.get(f"{url}/diary").text)
    assert f"{WHEN.day} {MONTHS[WHEN.month - 1]} {WHEN.year}, 08:05 (Madrid time)" in page
    assert "strength 4 of 5" in page
    assert client.get(f"{url}/diary.csv").text.lstrip("\ufeff").startswith(
        "when (local time),time zone,where,how long,intensity (1-5),tags,note")


def test_diary_messages_follow_the_page(client):
    url = _diary(client, "es")
    refused = submit_form(client, f"{url}/diary", {
        "at": "2099-01-01T10:00", "tz": "Europe/Madrid", "location": "", "duration": "minutes",
        "intensity": "9"})
    text = _text(refused.text)
    assert refused.status_code == 422
    assert re.search(r"La hora no puede estar en el futuro: ahora es \d+ de \w+, \d+:\d\d, "
                     r"en Madrid", text)
    assert "Elija dónde notó la contracción" in text


def test_error_pages_are_spanish(client):
    client.get("/?lang=es")
    assert "No se encuentra la página" in _text(client.get("/no-such-page").text)
    expired = client.post("/start-again", data={})
    assert expired.status_code == 403 and "Este formulario ha caducado" in expired.text


def test_english_dates_are_written_as_strftime_wrote_them():
    from app import formats, i18n

    with i18n.speaking(i18n.Languages.english()):
        for month in range(1, 13):
            moment = datetime(2026, month, 3, 8, 5)
            assert formats.day(moment) == moment.strftime("%-d %B %Y")
            assert formats.day(moment, "medium") == moment.strftime("%-d %b %Y")
            assert formats.day(moment, "short_month") == moment.strftime("%-d %b")
            assert formats.day(moment, "day_month") == moment.strftime("%-d %B")
            assert formats.day(moment, "weekday") == moment.strftime("%a %-d %b %Y")
            assert formats.clock(moment) == "08:05"
    with i18n.speaking(i18n.Languages().by_code["es"]):
        assert formats.day(datetime(2026, 9, 3)) == "3 de septiembre de 2026"
        # The diary's days keep one order in every language, weekday first.
        assert formats.day(datetime(2026, 9, 3), "weekday") == "jue 3 sept 2026"


def test_time_zones_are_in_the_order_of_their_spanish_names(client):
    from bs4 import BeautifulSoup

    from tests.factories import result_url

    url = result_url(client)
    page = BeautifulSoup(client.get(f"{url}/diary?lang=es").text, "html.parser")
    america = next(group for group in page.select("#tz-field optgroup")
                   if group.find("option", value="America/Mexico_City"))
    names = [option.get_text() for option in america.find_all("option")]
    import unicodedata

    def plain(name: str) -> str:
        decomposed = unicodedata.normalize("NFKD", name)
        return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()

    assert names == sorted(names, key=plain) and "Ciudad de México" in names
