"""The language the triage speaks: a gettext-like function passed in by the caller.

The triage stays pure: it never looks up a language itself. Every text is written in
English and marked with `N_` where it is defined; `assess`/`advise`/`safety_net_text` take
a `gettext` and translate each whole sentence before joining, so a language with another
word order gets whole sentences (with named placeholders where a sentence has slots).
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


def sentences(gettext: Gettext, *parts: str) -> str:
    """Whole sentences translated one by one, then joined (empty ones left out)."""
    return " ".join(gettext(part) for part in parts if part)
