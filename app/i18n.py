"""Languages: which one a person reads, and the catalogue that holds its words.

Every text is written in English in the code and the templates and marked for gettext.
Another language is a gettext catalogue, `app/locale/<code>/LC_MESSAGES/messages.po`, kept
in the repository and compiled to `.mo` at install (setup.py; `scripts/venv` for a
checkout). A language is offered exactly when its compiled catalogue is there: adding one
needs no code.

The language of a page is, in this order: `?lang=` (the switch on every page, which also
sets the cookie), the `lang` cookie, then the browser's `Accept-Language`, then English.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError

from app.resources import PACKAGE_DIR

SOURCE_LANGUAGE = "en"
DOMAIN = "messages"
COOKIE = "lang"
QUERY = "lang"
COOKIE_MAX_AGE = 365 * 86400


def catalogue_dir() -> Path:
    return PACKAGE_DIR / "locale"


def N_(message: str) -> str:  # gettext's name for "mark now, translate where shown"
    """Marks a text for the catalogue where it is defined; it is translated where shown."""
    return message


def own_name(code: str) -> str:
    """A language's name for itself ("English", "Español"): the switch is read by someone
    who does not read the page's language."""
    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (ValueError, UnknownLocaleError):
        name = code
    return name[:1].upper() + name[1:]


@dataclass(frozen=True)
class Language:
    code: str
    translations: _gettext.NullTranslations

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message) if message else message

    def translates(self, message: str) -> bool:
        """Whether the catalogue has `message`: a translation can be the English word
        itself ("Alcohol"), which gettext alone cannot tell from a missing one. (The
        standard library keeps a catalogue's texts in `_catalog`, its only record.)"""
        catalogue = getattr(self.translations, "_catalog", {})
        return message in catalogue or self.gettext(message) != message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    @property
    def locale(self) -> Locale | str:
        try:
            return Locale.parse(self.code)
        except (ValueError, UnknownLocaleError):
            # A made-up language (the pseudo-locale of the tests) formats as English.
            return SOURCE_LANGUAGE

    @property
    def name(self) -> str:
        return NAMES.get(self.code) or own_name(self.code)


ENGLISH = Language(SOURCE_LANGUAGE, _gettext.NullTranslations())
# Worked out once (Babel's locale data), not on every page's switch.
NAMES: dict[str, str] = {}


class Languages:
    """The languages offered: English, and one for each compiled catalogue in `folder`."""

    def __init__(self, folder: Path | None = None) -> None:
        NAMES.setdefault(SOURCE_LANGUAGE, own_name(SOURCE_LANGUAGE))
        folder = folder or catalogue_dir()
        found = {SOURCE_LANGUAGE: ENGLISH}
        for mo in sorted(folder.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")):
            code = mo.parent.parent.name
            with mo.open("rb") as file:
                found[code] = Language(code, _gettext.GNUTranslations(file))
            NAMES.setdefault(code, own_name(code))
        self.by_code = found

    @staticmethod
    def english() -> Language:
        return ENGLISH

    @staticmethod
    def of(folder: Path | None = None) -> Languages:
        """The languages of `folder`'s catalogues, read once a process: catalogues ship
        with the code and change only with a new release (a restart). At most a few
        folders are ever asked for (the shipped one; a test's own)."""
        return _languages_of(folder or catalogue_dir())

    def __iter__(self) -> Iterator[Language]:
        return iter(self.by_code.values())

    def __contains__(self, code: object) -> bool:
        return code in self.by_code

    def get(self, code: str | None) -> Language | None:
        """The language of a code as a person or a link may write it: `es`, `ES`, `es-MX`."""
        if not code:
            return None
        found = self.by_code.get(code)
        if found is None and len(code) <= 35:
            tag = code.strip().lower().replace("_", "-")
            found = self.by_code.get(tag) or self.by_code.get(tag.split("-")[0])
        return found

    @property
    def source(self) -> Language:
        return self.by_code[SOURCE_LANGUAGE]

    def negotiate(self, accept_language: str | None) -> Language:
        """The first language of an `Accept-Language` header that we have, by its weights
        (`es-MX` is served `es`); English when none is."""
        by_tag = {code.lower().replace("_", "-"): lang for code, lang in self.by_code.items()}
        for tag in preferred(accept_language or ""):
            found = by_tag.get(tag) or by_tag.get(tag.split("-")[0])
            if found:
                return found
        return self.source

    def choose(self, query: str | None, cookie: str | None,
               accept_language: str | None) -> Language:
        return self.get(query) or self.get(cookie) or self.negotiate(accept_language)


@lru_cache(maxsize=8)
def _languages_of(folder: Path) -> Languages:
    return Languages(folder)


def preferred(header: str) -> list[str]:
    """The language tags of an `Accept-Language` header, most wanted first (weight 0 left
    out; equal weights keep their order). Malformed parts are skipped, never an error."""
    weighted = []
    for position, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
                if not 0 <= weight <= 1:  # RFC 9110: a weight is 0 to 1; others are void
                    weight = 0.0
        tag = tag.strip().replace("_", "-")
        if tag and tag != "*" and weight > 0:
            weighted.append((-weight, position, tag.lower()))
    return [tag for _, _, tag in sorted(weighted)]


# The language of the text being drawn now: set around a render (one thread turn), read by
# the gettext functions the templates call.
CURRENT: ContextVar[Language | None] = ContextVar("language", default=None)


@contextmanager
def speaking(language: Language) -> Iterator[Language]:
    token = CURRENT.set(language)
    try:
        yield language
    finally:
        CURRENT.reset(token)


def gettext(message: str) -> str:
    language = CURRENT.get()
    return language.gettext(message) if language else message


def ngettext(singular: str, plural: str, n: int) -> str:
    language = CURRENT.get()
    if language:
        return language.ngettext(singular, plural, n)
    return singular if n == 1 else plural

