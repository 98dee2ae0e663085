"""The catalogues are complete: every text marked in the code and the templates is in the
template (.pot) and translated in each language's .po (not missing, empty or fuzzy), with
the same placeholders as the English."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from app.resources import CHECKOUT_DIR

LOCALE_DIR = CHECKOUT_DIR / "app" / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]|\{\w*\}")
LANGUAGES = sorted(p.parent.parent.name for p in LOCALE_DIR.glob("*/LC_MESSAGES/messages.po"))


def _read(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def _ids(message_id: str | tuple[str, ...]) -> tuple[str, ...]:
    return message_id if isinstance(message_id, tuple) else (message_id,)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """What the code and templates mark today, extracted as `scripts/i18n extract` does."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run([str(pybabel), "-q", "extract", "-F", "babel.cfg", "-k", "N_",
                    "--no-location", "--sort-output", "--omit-header", "-o", str(pot),
                    "app", "templates"], cwd=CHECKOUT_DIR, check=True)
    return _read(pot)


def test_the_template_holds_every_marked_text(extracted):
    committed = {m.id for m in _read(LOCALE_DIR / "messages.pot") if m.id}
    marked = {m.id for m in extracted if m.id}
    assert marked - committed == set(), "run scripts/i18n update"
    assert committed - marked == set(), "run scripts/i18n update"
    assert len(marked) > 0


def test_spanish_is_offered():
    assert "es" in LANGUAGES


def untranslated(extracted: Catalog, catalogue: Catalog) -> list[str]:
    problems = []
    for message in extracted:
        if not message.id:
            continue
        found = catalogue.get(message.id)
        if found is None:
            problems.append(f"missing: {message.id!r}")
        elif found.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        elif not all(_ids(found.string or "")):
            problems.append(f"empty: {message.id!r}")
    return problems


def wrong_placeholders(catalogue: Catalog) -> list[str]:
    problems = []
    for message in catalogue:
        if not message.id or not message.string:
            continue
        english = sorted(PLACEHOLDER.findall(_ids(message.id)[-1]))  # a plural's: each form's
        for translated in _ids(message.string):
            if translated and sorted(PLACEHOLDER.findall(translated)) != english:
                problems.append(f"{message.id!r} -> {translated!r}")
    return problems


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_text_is_translated(extracted, code):
    problems = untranslated(extracted, _read(LOCALE_DIR / code / "LC_MESSAGES" / "messages.po"))
    assert problems == [], f"{len(problems)} texts of {code}:\n" + "\n".join(problems[:50])


@pytest.mark.parametrize("code", LANGUAGES)
def test_placeholders_are_those_of_the_english(code):
    catalogue = _read(LOCALE_DIR / code / "LC_MESSAGES" / "messages.po")
    assert wrong_placeholders(catalogue) == []


def test_each_fault_is_found(tmp_path):
    """The checks can fail: a missing, a fuzzy, an empty text and a changed placeholder."""
    def catalogue(body: str) -> Catalog:
        po = tmp_path / "messages.po"
        po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
                      + body, encoding="utf-8")
        return _read(po)

    english = catalogue('msgid "A"\nmsgstr ""\n\nmsgid "B"\nmsgstr ""\n\n'
                        'msgid "C %(n)s"\nmsgstr ""\n\nmsgid "D"\nmsgstr ""\n')
    spanish = catalogue('#, fuzzy\nmsgid "A"\nmsgstr "a"\n\nmsgid "B"\nmsgstr ""\n\n'
                        'msgid "C %(n)s"\nmsgstr "c %(m)s"\n')
    assert untranslated(english, spanish) == ["fuzzy: 'A'", "empty: 'B'", "missing: 'D'"]
    assert wrong_placeholders(spanish) == ["'C %(n)s' -> 'c %(m)s'"]
