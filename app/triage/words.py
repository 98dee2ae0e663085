"""The language the triage speaks: a gettext-like function passed in by the caller.

The triage stays pure: it never looks up a language itself. Every text is written in
English and marked with `N_` where it is defined. What to say is worked out once, as
English sentences still to be worded (`app.triage.score`); `sentences` words them in a
language, each whole sentence translated before joining, so a language with another word
order gets whole sentences (with named placeholders where a sentence has slots).
"""

from __future__ import annotations

from collections.abc import Callable

Gettext = Callable[[str], str]


def N_(message: str) -> str:  # gettext's name for "mark now, translate where shown"
    """Marks a text for the catalogue (scripts/i18n extracts `N_`); translated where used."""
    return message


def identity(message: str) -> str:
    """English: the texts as written."""
    return message


class Clause(str):
    """A clause written to stand in a list (a safety-net sign: "you feel weak"), said as a
    sentence of its own once translated ("You feel weak.")."""


def as_sentence(words: str) -> str:
    """A clause's words (translated) as a sentence of its own."""
    return f"{words[0].upper()}{words[1:]}."


def sentences(gettext: Gettext, *parts: str) -> str:
    """Whole sentences translated one by one, then joined (empty ones left out). What to say
    is worked out once, as these parts; each language words them (app.triage.Scored)."""
    return " ".join(as_sentence(gettext(part)) if isinstance(part, Clause) else gettext(part)
                    for part in parts if part)
