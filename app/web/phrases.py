"""Catalogue texts as markup: a template's `_()` and `ngettext()` (`trusted`), and phrases
drawn on many pages, made in Python rather than as Jinja macros: the emergency
line is on every page twice, and a result cites its sources a dozen times. As macros they
were a tenth of a page's drawing; built here ~56 us and ~25 us each.

Each phrase is kept once made, per language: what it says depends only on the catalogue of the
language being drawn and the article titles given, never on a person's answers or
request (the functions take nothing else). Bounded: a few languages, and the titles of
four articles in the few orders the rules cite them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from functools import lru_cache

from markupsafe import Markup

from app import i18n
from app.formats import day
from app.i18n import N_, Language

# The local emergency numbers, each where it works ("911 in the US and Canada").
NUMBERS = (("911", N_("in the US and Canada")), ("999", N_("in the UK")),
           ("112", N_("in the EU")))
WHERE = dict(NUMBERS)
_TEL = Markup('<a href="tel:%s">%s</a>')
_CITE, _CITE_EN = Markup("<cite>%s</cite>"), Markup('<cite lang="en">%s</cite>')
_SOURCES = Markup('<p class="sources">%s</p>')
_LOCAL_DAY = Markup('<time datetime="%s" data-local-day="%d">%s</time>')


def trusted(message: str, /, **variables: object) -> Markup:
    """A catalogue text in the language being drawn, trusted like a template's own markup,
    its `%(name)s` filled by escaped values: a template's `_()` (Jinja's newstyle gettext,
    autoescaped), and the phrases below. Only literals are given (tests/test_i18n.py holds
    the templates to it); data is translated by `|t`, which escapes it."""
    text = i18n.gettext(message)
    if "%" not in text:  # nothing to fill in (most calls): no format pass
        return Markup(text)  # noqa: S704 - our catalogue's text
    return Markup(text) % variables  # noqa: S704 - as above


def trusted_plural(singular: str, plural: str, num: int, /, **variables: object) -> Markup:
    """A template's `ngettext()`, as `trusted`; `%(num)s` is the number unless given."""
    variables.setdefault("num", num)
    return Markup(i18n.ngettext(singular, plural, num)) % variables  # noqa: S704 - as above


def where(number: str) -> Markup:
    return trusted(WHERE[number])


def drawn_in() -> Language:
    return i18n.CURRENT.get() or i18n.ENGLISH


def emergency_line() -> Markup:
    """"call your local emergency number: 911 in the US and Canada, ...", each number a
    link a phone can call; the number's place in each phrase is the translator's."""
    return _emergency_line(drawn_in())


def sources(titles: Iterable[str]) -> Markup:
    """"Sources: <cite>…</cite>; <cite>…</cite>": a title the catalogue keeps in English
    (the articles are in English) is marked so, for a screen reader on a page in another
    language."""
    return _sources(drawn_in(), tuple(titles))


@lru_cache(maxsize=8)
def _emergency_line(language: Language) -> Markup:
    with i18n.speaking(language):
        numbers = Markup(", ").join(
            trusted(N_("%(number)s %(where)s"), number=_TEL % (number, number),
                    where=trusted(place))
            for number, place in NUMBERS)
        return trusted(N_("call your local emergency number: %(numbers)s"), numbers=numbers)


@lru_cache(maxsize=128)
def _sources(language: Language, titles: tuple[str, ...]) -> Markup:
    cites = Markup("; ").join(
        (_CITE_EN if shown == title else _CITE) % shown
        for title in titles for shown in (language.gettext(title),))
    text = language.ngettext("Source: %(titles)s", "Sources: %(titles)s", len(titles))
    return _SOURCES % (Markup(text) % {"titles": cites})  # noqa: S704 - our catalogue's text


def local_day(moment: datetime, *, to_the_hour: bool = False) -> Markup:
    """The day of a moment kept in UTC, as a `<time>` that app.js writes again in the
    reader's own time zone, which the server never learns: someone in India who answered
    at 01:00 sees that day, not UTC's day before. Without JavaScript it stays UTC's day.

    A result's time is kept `to_the_hour` (app.assessments): it was scored somewhere in
    that hour, and app.js takes the middle of it (`data-local-day`: the minutes it may be
    off by). In a zone a half hour off UTC's hours (India, Newfoundland) the day can then
    be wrong for the 30 minutes after midnight, where UTC's day was wrong for hours."""
    moment = moment.astimezone(UTC)
    return _LOCAL_DAY % (moment.strftime("%Y-%m-%dT%H:%MZ"), 60 if to_the_hour else 0,
                         day(moment))
