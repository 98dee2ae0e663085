"""One page's form values as a typed answer, and back: what a form can send (strings,
the same name repeated) is turned into the JSON-typed value app.answers checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.answers import AnswerError, check_value, required_message
from app.i18n import gettext
from app.questionnaire import Item


def from_form(item: Item, values: Sequence[str]) -> tuple[Any, list[AnswerError]]:
    """Turn one page's form values into a typed answer, with the page's errors.

    A person can only have picked from the options shown, so a crafted value gets the
    page's plain "select" message rather than the API's technical one.
    """
    value, errors = _from_form(item, values)
    plain = {"unknown_code", "duplicate_code", "wrong_type"}
    return value, [AnswerError(e.item, e.type, required_message(item))
                   if e.type in plain and item.kind != "text" else e for e in errors]


def _from_form(item: Item, values: Sequence[str]) -> tuple[Any, list[AnswerError]]:
    if item.kind == "text":
        text = values[-1] if values else ""
        return text, check_value(item, text)
    if not values or values == [""]:
        return None, [AnswerError(item.link_id, "required", required_message(item))]
    if item.kind == "multi":
        return list(values), check_value(item, list(values))
    if len(values) > 1:
        return None, [AnswerError(item.link_id, "wrong_type", gettext("Select only one option"))]
    value: Any = values[0]
    if item.kind == "bool":
        if value not in ("yes", "no"):
            return None, [AnswerError(item.link_id, "unknown_code", required_message(item))]
        return value == "yes", []
    errors = check_value(item, value)
    return (None if errors else value), errors


def to_form(value: Any) -> list[str]:
    """How a page's form sends an answer: the inverse of `from_form` (booleans are the
    yes/no options, everything else its codes or text)."""
    if isinstance(value, bool):
        return ["yes" if value else "no"]
    return list(value) if isinstance(value, list) else [value]
