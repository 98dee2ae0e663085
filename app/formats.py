"""Dates and numbers in the words of the language being drawn now (`i18n.CURRENT`), with
Babel's formats: in a page, its language; elsewhere (the JSON API), English."""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import format_decimal

from app import i18n
from app.i18n import Language


def formats(language: Language) -> Locale | str:
    """The locale a page's dates and numbers are written in: the language's own, except
    that English writes dates day first ("20 November 2026"), as these pages always have,
    for readers in the UK and the EU as well as the US."""
    return "en_GB" if str(language.locale) == i18n.SOURCE_LANGUAGE else language.locale


def current() -> Language:
    return i18n.CURRENT.get() or i18n.Languages.english()


# Dates without a year, by what they show (Babel's skeletons: each locale orders them).
SKELETONS = {"day_month": "dMMMM", "short_month": "dMMM"}


def day(value: date, format: str = "long") -> str:
    """A date in the words of the page's language: "long" (20 November 2026), "medium"
    (20 Nov 2026), "day_month" (20 November) or "short_month" (20 Nov)."""
    locale = formats(current())
    if format in SKELETONS:
        return format_skeleton(SKELETONS[format], value, locale=locale)
    return format_date(value, format=format, locale=locale)


def clock(value: datetime) -> str:
    """A time of day as a 24-hour clock shows it in the page's language (08:00, 8:00)."""
    return format_time(value, format="short", locale=formats(current()))


def number(value: float) -> str:
    """1,000 in English, 1000 (10.000) in Spanish."""
    return format_decimal(value, locale=formats(current()))


