"""The shapes the questionnaire is made of: options, conditions and items."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from app.i18n import N_

Kind = Literal["multi", "single", "bool", "text"]


@dataclass(frozen=True)
class Option:
    code: str
    label: str
    hint: str = ""
    exclusive: bool = False
    # Choosing this option ends the questionnaire with the result at once.
    ends_questionnaire: bool = False
    # Choosing this option shows the "get advice today" banner on every later page.
    urgent_banner: bool = False


def chosen_codes(value: Any) -> list[str]:
    """The option codes an answer picks: a list of codes, one code, or yes/no for a bool."""
    if isinstance(value, bool):
        return ["yes" if value else "no"]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return [value] if isinstance(value, str) else []


@dataclass(frozen=True)
class EnableWhen:
    """The answer to `item` includes (`=`) or does not include (`!=`) `code`.

    Both need `item` to be answered: an unanswered item decides nothing yet.
    """

    item: str
    operator: Literal["=", "!="]
    code: str

    def holds(self, answers: Mapping[str, Any]) -> bool:
        if answers.get(self.item) is None:
            return False
        return (self.code in chosen_codes(answers[self.item])) == (self.operator == "=")


@dataclass(frozen=True)
class Item:
    link_id: str
    kind: Kind
    question: str
    hint: str = ""
    options: tuple[Option, ...] = ()
    # Asked only when at least one of these holds (FHIR's enableBehavior "any").
    enable_when: tuple[EnableWhen, ...] = ()
    # Not asked when any of these holds, whatever enables it.
    unless: tuple[EnableWhen, ...] = ()
    # The page lists the answers that made this item asked ("any of these").
    lists_what_enabled_it: bool = False
    required: bool = True
    # Short label for the check-answers page and the printed summary.
    summary_label: str = ""
    # What the page says when it is not answered (GOV.UK: say what to select).
    required_error: str = ""
    max_chars: int | None = None
    # What it asks is true of a moment ("right now", "in the last 7 days"): answering the
    # questions again asks it afresh, never copies it from the earlier result.
    asked_afresh: bool = False
    codes: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "codes", tuple(o.code for o in self.options))

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)

    def is_enabled_by(self, answers: Mapping[str, Any]) -> bool:
        if any(c.holds(answers) for c in self.unless):
            return False
        return not self.enable_when or any(c.holds(answers) for c in self.enable_when)


YES_NO = (Option("yes", N_("Yes")), Option("no", N_("No")))


def options(*pairs: tuple[str, str]) -> tuple[Option, ...]:
    """Plain options from (code, label) pairs."""
    return tuple(Option(code, label) for code, label in pairs)


def answer_labels(item: Item, value: object) -> list[str]:
    """The answer in plain words, one string per chosen option (codes never shown)."""
    if value is None or value == "" or value == []:
        return []
    if item.kind == "text":
        return [str(value)]
    return [(o.label if (o := item.option(c)) else c) for c in chosen_codes(value)]
