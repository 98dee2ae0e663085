"""Dates and numbers in the words of the language being drawn now (`i18n.CURRENT`), with
Babel's formats: in a page, its language; elsewhere (the JSON API), English."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import format_decimal

from app import i18n, zones
from app.i18n import Language

# English keeps the dates its pages have always written (strftime's "%-d %B %Y" and
# "%-d %b": day first, "Sep"), for readers in the UK and the EU as well as the US. Other
# languages take their own (CLDR's) formats.
ENGLISH = {"long": "d MMMM y", "medium": "d MMM y", "day_month": "d MMMM",
           "short_month": "d MMM", "time": "HH:mm", "weekday": "EEE d MMM y"}
# Dates without a year, by what they show (Babel's skeletons: each locale orders them).
SKELETONS = {"day_month": "dMMMM", "short_month": "dMMM"}
# The diary's days for a doctor, in one order in every language: a column read down.
PATTERNS = {"weekday": ENGLISH["weekday"]}


def current() -> Language:
    return i18n.CURRENT.get() or i18n.Languages.english()


def _english(language: Language) -> bool:
    # A made-up language (the pseudo-locale of the tests) is written as English.
    return str(language.locale) == i18n.SOURCE_LANGUAGE


def day(value: date, format: str = "long") -> str:
    """A date in the words of the page's language: "long" (20 November 2026), "medium"
    (20 Nov 2026), "day_month" (20 November), "short_month" (20 Nov) or "weekday"
    (Wed 2 Dec 2026)."""
    language = current()
    if _english(language):
        return format_date(value, format=ENGLISH[format], locale=i18n.SOURCE_LANGUAGE)
    if format in SKELETONS:
        return format_skeleton(SKELETONS[format], value, locale=language.locale)
    return format_date(value, format=PATTERNS.get(format, format), locale=language.locale)


def clock(value: datetime) -> str:
    """A time of day as a 24-hour clock shows it in the page's language (08:00, 8:00)."""
    language = current()
    if _english(language):
        return format_time(value, format=ENGLISH["time"], locale=i18n.SOURCE_LANGUAGE)
    return format_time(value, format="short", locale=language.locale)


def number(value: float) -> str:
    """1,000 in English, 1.000 in Spanish."""
    return format_decimal(value, locale=current().locale)


def zone(name: str) -> str:
    """A time zone's place in the page's language: CLDR's name for the city ("Nueva York",
    "Londres"), with the region of the zone's name kept ("Córdoba (Argentina)"); in English
    zones.label's, as it always was."""
    language = current()
    city = None if _english(language) or name == zones.UTC else \
        language.locale.time_zones.get(name, {}).get("city")  # type: ignore[union-attr]
    if not city:
        return zones.label(name)
    regions = [part.replace("_", " ") for part in name.split("/")[1:-1]]
    return f"{city} ({', '.join(regions)})" if regions and "," not in city else city


def by_place(choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A region's zones in the order of their places' names in the page's language
    ("Ciudad de México" among the C's), accents aside; in English as zones lists them."""
    if _english(current()):
        return choices
    def key(choice: tuple[str, str]) -> str:
        name = unicodedata.normalize("NFKD", zone(choice[0]))
        return "".join(c for c in name if not unicodedata.combining(c)).casefold()
    return sorted(choices, key=key)
