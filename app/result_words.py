"""A result's words in each language: kept with it when it is made, read back in any.

A result keeps its reasons and advice in English (`reasons`, `advice`) and in every other
language offered when it was made (`translations`), so a change to a catalogue later never
changes what an old result says. Results made before there was another language have only
English: in another language each text is the catalogue's translation when it has that
exact text, else the English, marked `lang="en"` for screen readers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.i18n import SOURCE_LANGUAGE, Language, Languages
from app.triage import Scored

if TYPE_CHECKING:
    from app.assessments import StoredResult


def offered(folder: Path | None) -> Languages:
    """The languages of the catalogues in `folder` (None: the shipped ones), the app's own
    list (read once a process, as app.main's)."""
    return Languages.of(folder)


def translations(scored: Scored, languages: Iterable[Language]) -> dict[str, Any]:
    """The reasons' texts and the advice's titles and texts in each language but English,
    in the order English has them (the same scoring, worded in each)."""
    kept: dict[str, Any] = {}
    for language in languages:
        if language.code == SOURCE_LANGUAGE or language.code in kept:
            continue
        result = scored.in_words(language.gettext)
        kept[language.code] = {
            "reasons": [rule.text for rule in result.reasons],
            "advice": [{"title": a.title, "text": a.text} for a in result.advice]}
    return kept


def _from_catalogue(item: dict[str, Any], language: Language,
                    fields: tuple[str, ...]) -> dict[str, Any]:
    """An English-only item in `language`: each field translated where the catalogue has
    that exact text; `lang` says "en" where any field stays English."""
    worded = {**item}
    english = False
    for field in fields:
        if field in item:
            worded[field] = language.gettext(item[field])
            english = english or worded[field] == item[field]
    return {**worded, "lang": SOURCE_LANGUAGE if english else None}


def in_language(result: StoredResult, language: Language) -> StoredResult:
    """The result as read in `language`: its own stored words where it has them."""
    level = result.level.translated(language.gettext)
    if language.code == SOURCE_LANGUAGE:
        return replace(result, level=level, shown_in=language.code,
                       reasons=[{**r, "lang": None} for r in result.reasons],
                       advice=[{**a, "lang": None} for a in result.advice])
    stored = (result.translations or {}).get(language.code)
    if stored and len(stored["reasons"]) == len(result.reasons) \
            and len(stored["advice"]) == len(result.advice):
        reasons = [{**r, "text": text, "lang": None}
                   for r, text in zip(result.reasons, stored["reasons"], strict=True)]
        advice = [{**a, **words, "lang": None}
                  for a, words in zip(result.advice, stored["advice"], strict=True)]
    else:
        reasons = [_from_catalogue(r, language, ("text",)) for r in result.reasons]
        advice = [_from_catalogue(a, language, ("title", "text")) for a in result.advice]
    return replace(result, level=level, reasons=reasons, advice=advice,
                   shown_in=language.code, partly_english=any(
                       item["lang"] == SOURCE_LANGUAGE for item in (*reasons, *advice)))
