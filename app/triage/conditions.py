"""Small predicates over answers, so each rule's "fires when" reads as a clinician would
write it, and can be checked against the source articles line by line."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Answers = Mapping[str, Any]
Condition = Callable[[Answers], bool]


def _values(answers: Answers, item: str) -> list[Any]:
    value = answers.get(item)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def has(item: str, *codes: str) -> Condition:
    """The answer to `item` includes any of `codes`."""
    return lambda answers: any(code in _values(answers, item) for code in codes)


def is_true(item: str) -> Condition:
    return lambda answers: answers.get(item) is True


def is_not(item: str, *codes: str) -> Condition:
    """The answer to `item` is not any of `codes`; an unanswered item counts as "not"."""
    return lambda answers: not any(code in _values(answers, item) for code in codes)


def answered_and_not(item: str, code: str) -> Condition:
    """`item` is answered and does not include `code` (e.g. medicines other than "none")."""
    return lambda answers: bool(_values(answers, item)) and code not in _values(answers, item)


def all_of(*conditions: Condition) -> Condition:
    return lambda answers: all(c(answers) for c in conditions)


def any_of(*conditions: Condition) -> Condition:
    return lambda answers: any(c(answers) for c in conditions)


def has_at_least(item: str, count: int, *, besides: tuple[str, ...] = ()) -> Condition:
    """The answer to `item` has `count` or more codes, not counting those in `besides`."""
    def holds(answers: Answers) -> bool:
        counted: list[Any] = []
        for value in _values(answers, item):
            if value not in besides and value not in counted:
                counted.append(value)
        return len(counted) >= count

    return holds
