"""The questionnaire as data: its items, their options and when each is asked.

Pages, validation, the API schema and the FHIR export read this package; adding a question
means adding an `Item` to `items.py` (and a rule in `app.triage` if one uses it), nothing
else. `ITEMS` is the version asked now; `VERSIONS` keeps every version, so a stored result
is always shown in the words it was answered in.

Every word of an item or option is its English msgid, marked with `N_()` where it is
written (whole sentences, never put together from pieces) and translated where it is shown
(`_(item.question)` in a template, `Language.gettext` elsewhere): the stored English stays
what outside checks compare, and a result can be read in any language of the catalogues.
"""

from __future__ import annotations

from app.questionnaire.history import VERSIONS, items_of
from app.questionnaire.items import ITEMS, NOTES_MAX_CHARS, RETIRED, VERSION
from app.questionnaire.model import (
    YES_NO,
    EnableWhen,
    Item,
    Kind,
    Option,
    answer_labels,
    chosen_codes,
    options,
)

__all__ = ["BY_ID", "ITEMS", "NOTES_MAX_CHARS", "RETIRED", "TYPED", "VERSION", "VERSIONS",
           "YES_NO",
           "EnableWhen", "Item", "Kind", "Option", "answer_labels", "chosen_codes", "get",
           "items_of",
           "options"]

BY_ID: dict[str, Item] = {item.link_id: item for item in ITEMS}
# What a person types, in any version: their own words, which must not outlive a change or
# a "Forget", and go through a share link only when the person allows it.
TYPED = frozenset(item.link_id for items in VERSIONS.values() for item in items
                  if item.kind == "text")


def get(link_id: str) -> Item | None:
    return BY_ID.get(link_id)
