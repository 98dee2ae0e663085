"""The FHIR items of the questionnaire versions published before version 3's SDC changes,
exactly as they were published: a Questionnaire's `url|version` names one content for
good, and a stored result of that version points at it (tests/data/v1, v2 hold them).

Their enableWhen is flat: an item asked on any of several answers is not guarded against
an earlier early exit (one enableBehavior per item), which the current version's groups
fix (app.fhir_enable).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app import questionnaire as q

VERSIONS = ("1", "2")
Node = dict[str, Any]


def _enable_when(item: q.Item, items: tuple[q.Item, ...],
                 answer: Callable[[q.Item, str], Node]) -> tuple[list[Node], str]:
    by_id = {other.link_id: other for other in items}
    own = [{"question": c.item, "operator": c.operator, **answer(by_id[c.item], c.code)}
           for c in item.enable_when]
    if len(own) > 1:
        return own, "any"
    guards = []
    for earlier in items[:items.index(item)]:
        guards += [{"question": earlier.link_id, "operator": "!=", **answer(earlier, o.code)}
                   for o in earlier.options if o.ends_questionnaire]
    return guards + own, "all"


def plain_item(item: q.Item, coding: Callable[[q.Item, str], Node]) -> Node:
    """An item as published: its question, type and options (what every version has)."""
    out: Node = {"linkId": item.link_id, "text": item.question,
                 "type": {"multi": "choice", "single": "choice", "bool": "boolean",
                          "text": "text"}[item.kind],
                 "required": item.required}
    if item.kind == "multi":
        out["repeats"] = True
    if item.kind in ("multi", "single"):
        out["answerOption"] = [{"valueCoding": coding(item, o.code)} for o in item.options]
    if item.max_chars:
        out["maxLength"] = item.max_chars
    return out


def items(version: str, answer: Callable[[q.Item, str], Node],
          coding: Callable[[q.Item, str], Node]) -> list[Node]:
    found = []
    asked = q.items_of(version)
    for item in asked:
        out = plain_item(item, coding)
        conditions, behaviour = _enable_when(item, asked, answer)
        if conditions:
            out["enableWhen"] = conditions
            if len(conditions) > 1:
                out["enableBehavior"] = behaviour
        found.append(out)
    return found
