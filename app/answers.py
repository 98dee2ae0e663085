"""Strict validation of answers, shared by the HTML pages and the JSON API.

Values are JSON-typed: multi -> list of codes, single -> one code, bool -> true/false,
text -> string. Form input is typed by app.form_answers and then checked by the same rules.

Messages are made in the language being spoken (`app.i18n.CURRENT`: a page's language, set
by `page_language`, which the pages' router calls); the JSON API sets none, so its messages
stay English.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app import flow, formats
from app.i18n import N_, gettext
from app.questionnaire import BY_ID, ITEMS, RETIRED, EnableWhen, Item


@dataclass(frozen=True)
class AnswerError:
    item: str
    type: str
    message: str


def required_message(item: Item) -> str:
    """What to select, in the item's own words (GOV.UK: never just "select an option")."""
    if item.required_error:
        return gettext(item.required_error)
    if item.kind == "bool":
        return gettext("Select yes or no")
    return gettext("Select an answer")


def _exclusive_message(item: Item) -> str:
    exclusive = next(o for o in item.options if o.exclusive)
    return gettext("Select ‘%(label)s’ on its own, or choose only the other options") % {
        "label": gettext(exclusive.label)}


def _number(value: int) -> str:
    """A count written as the language writes it ("1,000" in English, "1.000" in Spanish)."""
    return formats.number(value)


# Marked here, translated where shown (app.diary shows it too).
UNSTORABLE = N_("Remove the control characters or broken symbols from the text")
# Tab, line feed and carriage return are typed; no other control character is.
_CONTROL = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r") | {"\x7f"}


def storable_text(value: str) -> bool:
    """Text that can be stored and shown everywhere: no control characters (a NUL cannot
    go into PostgreSQL) and no half of a surrogate pair (it cannot be written as UTF-8)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return _CONTROL.isdisjoint(value)


def _condition(condition: EnableWhen) -> str:
    sentence = (gettext("%(item)s includes %(code)s") if condition.operator == "="
                else gettext("%(item)s excludes %(code)s"))
    return sentence % {"item": repr(condition.item), "code": repr(condition.code)}


def _not_asked_message(item: Item) -> str:
    """Which answers ask this item, in words: each condition a whole clause, joined one by
    one, so a language can put its "or" and "and not when" where it needs them."""
    conditions = [_condition(c) for c in item.enable_when]
    message = conditions[0] if conditions else ""
    for other in conditions[1:]:
        message = gettext("%(first)s or %(other)s") % {"first": message, "other": other}
    message = gettext("Not asked unless %(conditions)s") % {"conditions": message}
    for c in item.unless:
        message = gettext("%(message)s, and not when %(item)s includes %(code)s") % {
            "message": message, "item": repr(c.item), "code": repr(c.code)}
    return message


Problem = tuple[str, str] | None  # (kind, message), or None when the value is fine


def _bool_problem(item: Item, value: Any) -> Problem:
    return None if isinstance(value, bool) else ("wrong_type", gettext("Must be true or false"))


def _text_problem(item: Item, value: Any) -> Problem:
    if not isinstance(value, str):
        return "wrong_type", gettext("Must be text")
    if not storable_text(value):
        return "bad_characters", gettext(UNSTORABLE)
    if item.max_chars is not None and len(value) > item.max_chars:
        return "too_long", gettext(
            "Must be %(most)s characters or fewer (you entered %(entered)s)") % {
            "most": _number(item.max_chars), "entered": _number(len(value))}
    return None


def _single_problem(item: Item, value: Any) -> Problem:
    if not isinstance(value, str):
        return "wrong_type", gettext("Must be one answer code (a string)")
    if value not in item.codes:
        return "unknown_code", _unknown_code(value)
    return None


def _unknown_code(code: str) -> str:
    return gettext("Unknown answer code %(code)s") % {"code": repr(code)}


def _multi_problem(item: Item, value: Any) -> Problem:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return "wrong_type", gettext("Must be a list of answer codes")
    if not value:
        return "required", required_message(item)
    if unknown := [v for v in value if v not in item.codes]:
        retired = RETIRED.get((item.link_id, unknown[0]))
        return "unknown_code", gettext(retired) if retired else _unknown_code(unknown[0])
    if len(set(value)) != len(value):
        return "duplicate_code", gettext("Each answer code may be given only once")
    if len(value) > 1 and any(o.exclusive and o.code in value for o in item.options):
        return "exclusive_mixed", _exclusive_message(item)
    return None


_CHECKS = {"bool": _bool_problem, "text": _text_problem, "single": _single_problem,
           "multi": _multi_problem}


def check_value(item: Item, value: Any) -> list[AnswerError]:
    """Type, codes, exclusivity and length of one item's value."""
    problem = _CHECKS[item.kind](item, value)
    return [AnswerError(item.link_id, *problem)] if problem else []


def valid_part(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers to items asked now whose values pass their checks; the rest dropped."""
    return {link_id: value for link_id, value in answers.items()
            if (item := BY_ID.get(link_id)) is not None and not check_value(item, value)}


def _unknown_item(key: str) -> str:
    retired = RETIRED.get((key, None))
    return gettext(retired) if retired else gettext("Unknown item %(item)s") % {
        "item": repr(key)}


def validate(answers: Mapping[str, Any], *, complete: bool) -> list[AnswerError]:
    """Every problem with a whole answer set, in questionnaire order.

    With `complete`, every enabled required item must be answered (what a submission needs);
    without it, only what is given is checked (a draft in progress).
    """
    errors = [AnswerError(key, "unknown_item", _unknown_item(key))
              for key in answers if key not in BY_ID]
    for item in ITEMS:
        if item.link_id not in answers:
            continue
        errors += check_value(item, answers[item.link_id])
        # Early exit leaves later items optional, but a condition that is false forbids them.
        if not item.is_enabled_by(answers):
            errors.append(AnswerError(item.link_id, "not_enabled", _not_asked_message(item)))
    if complete:
        given = {e.item for e in errors}
        for item in flow.enabled_items(answers):
            if item.required and item.link_id not in answers and item.link_id not in given:
                errors.append(AnswerError(item.link_id, "required",
                                          gettext("Required item is missing")))
    return errors
