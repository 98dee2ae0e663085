"""The page flow, computed from the questionnaire data: which items are asked, in what order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from app.questionnaire import BY_ID, ITEMS, Item, Option, chosen_codes
from app.triage.levels import BY_ID as LEVELS
from app.triage.rules import most_urgent_fired

Answers = Mapping[str, Any]
# The banner names the levels more urgent than "soon" (emergency and urgent).
SOON = LEVELS["soon"].rank


def ends_early(answers: Answers, items: Sequence[Item] = ITEMS) -> Item | None:
    """The item whose answer ends the questionnaire at once, if any."""
    for item in items:
        chosen = chosen_codes(answers.get(item.link_id))
        if any(o.ends_questionnaire and o.code in chosen for o in item.options):
            return item
    return None


def _enabled(answers: Answers, items: Sequence[Item]) -> tuple[Item, ...]:
    enabled: list[Item] = []
    for item in items:
        if not item.is_enabled_by(answers):
            continue
        enabled.append(item)
        if ends_early(answers, [item]):
            break
    return tuple(enabled)


# Which items are asked, and which may still be, depends only on the answers to these: the
# items conditions look at, and those with an answer that ends the questionnaire. A page
# works this out several times a request, so it is kept per combination of those answers
# (there are few).
_DECIDING = tuple(dict.fromkeys(
    [c.item for i in ITEMS for c in i.enable_when]
    + [c.item for i in ITEMS for c in i.unless]
    + [i.link_id for i in ITEMS if any(o.ends_questionnaire for o in i.options)]))


@lru_cache(maxsize=1024)
def _worked_out(deciding: tuple[tuple[str, Any], ...]
                ) -> tuple[tuple[Item, ...], tuple[Item, ...]]:
    """(items asked, items asked or still possible) for these deciding answers."""
    answers = {k: list(v) if isinstance(v, tuple) else v for k, v in deciding}
    return _enabled(answers, ITEMS), _still_possible(answers)


def _deciding(answers: Answers) -> tuple[tuple[str, Any], ...] | None:
    """The deciding answers as a key, or None when one is not hashable as it is."""
    deciding = []
    for link_id in _DECIDING:
        value = answers.get(link_id)
        if isinstance(value, list):
            if not all(isinstance(v, str) for v in value):
                return None
            value = tuple(value)
        elif not isinstance(value, str | bool | None):
            return None
        deciding.append((link_id, value))
    return tuple(deciding)


def enabled_items(answers: Answers, items: Sequence[Item] = ITEMS) -> tuple[Item, ...]:
    """The items asked, given the answers so far, in page order."""
    key = _deciding(answers) if items is ITEMS else None
    return _enabled(answers, items) if key is None else _worked_out(key)[0]


def is_enabled(link_id: str, answers: Answers) -> bool:
    return any(item.link_id == link_id for item in enabled_items(answers))


def is_answered(item: Item, answers: Answers) -> bool:
    if item.link_id not in answers:
        return False
    value = answers[item.link_id]
    return not (value is None or value == [] or (item.kind != "text" and value == ""))


def prune(answers: Answers) -> dict[str, Any]:
    """Drop answers to items that are no longer asked (a changed answer disabled them)."""
    keep = {item.link_id for item in enabled_items(answers)}
    return {k: v for k, v in answers.items() if k in keep}


def first_unanswered(answers: Answers) -> Item | None:
    """The first required item still to answer, or None when the answers are complete."""
    for item in enabled_items(answers):
        if item.required and not is_answered(item, answers):
            return item
    return None


def answered_after(item: Item, answers: Answers) -> bool:
    """Whether a later item is answered already (the person is filling a gap: a new item,
    or a draft from an earlier version of the questionnaire)."""
    later = ITEMS[ITEMS.index(item) + 1:]
    return any(is_answered(other, answers) for other in later)


def next_item(link_id: str, answers: Answers) -> Item | None:
    """The page after `link_id`, or None when the next step is check-answers or the result."""
    items = enabled_items(answers)
    ids = [item.link_id for item in items]
    if link_id not in ids:
        return first_unanswered(answers)
    index = ids.index(link_id)
    return items[index + 1] if index + 1 < len(items) else None


def previous_item(link_id: str, answers: Answers) -> Item | None:
    """The page before `link_id`, or None on the first page."""
    items = enabled_items(answers)
    ids = [item.link_id for item in items]
    if link_id not in ids or ids.index(link_id) == 0:
        return None
    return items[ids.index(link_id) - 1]


def _may_be_asked(item: Item, answers: Answers) -> bool:
    """Asked now, or still possibly asked: a condition looks at an item not yet answered."""
    if any(c.holds(answers) for c in item.unless):
        return False
    return item.is_enabled_by(answers) or any(
        answers.get(c.item) is None for c in item.enable_when)


def still_possible(answers: Answers) -> tuple[Item, ...]:
    """The items asked with these answers, and those an answer still to give may add."""
    key = _deciding(answers)
    return _still_possible(answers) if key is None else _worked_out(key)[1]


def _still_possible(answers: Answers) -> tuple[Item, ...]:
    possible: list[Item] = []
    for item in ITEMS:
        if _may_be_asked(item, answers):
            possible.append(item)
            if ends_early(answers, [item]):
                break
    return tuple(possible)


def progress(link_id: str, answers: Answers) -> tuple[int, int]:
    """(N, M) for "Question N of M". M counts every item that may still be asked, so as
    the person goes on it can only shrink (an item ruled out), never jump up."""
    ids = [item.link_id for item in still_possible(answers)]
    return (ids.index(link_id) + 1 if link_id in ids else 1, len(ids))


def urgent_signs(answers: Answers) -> list[Option]:
    """The chosen warning signs a later page's banner names."""
    return [o for item in ITEMS for o in item.options
            if o.urgent_banner and o.code in chosen_codes(answers.get(item.link_id))]


def action_needed(answers: Answers) -> str | None:
    """What the answers so far already require ("emergency" or "urgent"), or None: the
    banner of a later page leads with it, so nobody reads on past "call now". Only the
    rules of those two levels are tried (most people's answers fire none of any level)."""
    return most_urgent_fired(answers, above_rank=SOON)


def what_enabled(item: Item, answers: Answers) -> list[str]:
    """For an item asked "about any of these": the labels of the answers that made it asked."""
    return [option.label for c in item.enable_when if c.operator == "=" and c.holds(answers)
            if (option := BY_ID[c.item].option(c.code)) is not None]
