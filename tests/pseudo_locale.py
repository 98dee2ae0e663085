"""The pseudo-locale's parts (tests/test_pseudo_locale.py): a catalogue whose every text is
marked, and the reading of a page for words outside the marks."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, Tag
from fastapi.testclient import TestClient

from app.i18n import catalogue_dir

CODE = "eo"  # a language Babel knows (its dates) and we do not ship
OPEN, CLOSE = "⟦", "⟧"
PLACEHOLDER_OR_TAG = re.compile(r"(%\([a-z_]+\)s|%%|<[^>]+>)")
MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
WORD = re.compile(r"[^\W\d_]{2,}")
URL = re.compile(r"https?://\S+")
# What the person types: their own words, shown as typed.
TYPED = "zqxnote"
# The zones the diary entries are noted in: their place names are tzdata's.
ZONES = ("Europe/Madrid", "America/New_York")
# Said to people too: what app.js announces (a character count, the chart shown).
HEARD = ("aria-label", "title", "alt", "placeholder", "data-left", "data-left-one", "data-over",
         "data-over-one", "data-said")


def pseudo(message: str) -> str:
    """Every run of the msgid's own text marked; placeholders and tags kept as they are."""
    return "".join(part if PLACEHOLDER_OR_TAG.fullmatch(part) or not part.strip()
                   else f"{OPEN}{part}{CLOSE}"
                   for part in PLACEHOLDER_OR_TAG.split(message) if part)


def write_catalogue(folder: Path) -> Path:
    """Our .pot, every msgstr its msgid marked, compiled as CODE's catalogue in `folder`."""
    with (catalogue_dir() / "messages.pot").open("rb") as pot:
        catalogue = read_po(pot, locale=CODE)
    for message in catalogue:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            message.string = tuple(pseudo(message.id[min(n, 1)])
                                   for n in range(catalogue.num_plurals))
        else:
            message.string = pseudo(message.id)
    out = folder / CODE / "LC_MESSAGES"
    out.mkdir(parents=True)
    with (out / "messages.mo").open("wb") as mo:
        write_mo(mo, catalogue)
    return folder


def allowed_words() -> set[str]:
    """Words a page may show outside a mark: Babel's month and day names for the locale,
    the diary's place names (tzdata's, or the locale's own), and what the person typed."""
    locale = Locale.parse(CODE)
    names: set[str] = {TYPED, "UTC"}
    for table in (locale.months, locale.days):
        for context in table.values():
            for width in context.values():
                names.update(str(n).lower() for n in width.values())
    for zone in ZONES:
        names.update(w.lower() for w in WORD.findall(zone.split("/")[-1].replace("_", " ")))
        names.add(locale.time_zones.get(zone, {}).get("city", ""))
    return {w for n in names for w in WORD.findall(n.lower())}


ALLOWED = allowed_words()


def stray(text: str) -> list[str]:
    """The words of `text` outside every mark (and not a date's or a place's); an address
    (the share link written out) has none."""
    left = URL.sub(" ", text)
    while MARKED.search(left):
        left = MARKED.sub(" ", left)
    return [w for w in WORD.findall(left) if w.lower() not in ALLOWED]


def _skipped(node: Tag) -> bool:
    """Not text of ours: scripts, what the person typed, the language names (each in its
    own language, for someone who cannot read the page), and the time zones' place names."""
    for parent in (node, *node.parents):
        if not isinstance(parent, Tag):
            continue
        if parent.name in ("script", "style", "textarea", "template"):
            return True
        if parent.get("id") == "language-switch":
            return True
        if parent.name == "option" and parent.find_parent("select", id="tz-field") \
                and parent.get("value") not in ("", "UTC"):
            return True
    return False


def untranslated(html: str) -> list[str]:
    """Each visible text, and each attribute people hear, with a word outside the marks."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for node in soup.find_all(string=True):
        if isinstance(node, (Comment, Doctype)) or not isinstance(node, NavigableString):
            continue
        if node.parent is None or _skipped(node.parent):
            continue
        if words := stray(str(node)):
            found.append(f"text {str(node).strip()!r} ({' '.join(words)})")
    for tag in soup.find_all(True):
        if _skipped(tag):
            continue
        heard = [tag.get(name) for name in HEARD]
        if tag.name == "optgroup":
            heard.append(tag.get("label"))
        if tag.name == "input" and tag.get("type") in ("submit", "button"):
            heard.append(tag.get("value"))
        for value in heard:
            if isinstance(value, str) and (words := stray(value)):
                found.append(f"<{tag.name}> attribute {value!r} ({' '.join(words)})")
    return found


class Pages:
    """Every page drawn, by name; the test fails naming each with its untranslated texts."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.problems: dict[str, list[str]] = {}
        self.seen: list[str] = []

    def check(self, name: str, response: Any, status: int = 200) -> Any:
        assert response.status_code == status, (name, response.status_code,
                                                 response.text[:300])
        assert response.headers["content-type"].startswith("text/html"), name
        self.seen.append(name)
        if found := untranslated(response.text):
            self.problems[name] = found
        return response

    def get(self, name: str, url: str, status: int = 200, **kwargs: Any) -> Any:
        return self.check(name, self.client.get(url, **kwargs), status)

    def report(self) -> str:
        return "\n".join(f"{name}:\n  " + "\n  ".join(found)
                         for name, found in self.problems.items())
