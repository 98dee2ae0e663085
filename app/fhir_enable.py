"""When each item of the FHIR Questionnaire is enabled: the app's own flow (app.flow) in
FHIR's enableWhen, so another renderer asks exactly what our pages ask.

Our flow asks an item when none of its `unless` holds and any of its `enable_when` does,
and asks nothing after an answer that ends the questionnaire. FHIR has one enableBehavior
(all or any) per item, so "any of these, and no early exit before" cannot be one flat list.
Instead, everything after an item with an early exit sits in a group enabled only when that
item did not end the questionnaire; an item with both `enable_when` (any) and `unless` (all)
sits in a group of its own that carries the `unless`.

Renderers differ on "!=" against an unanswered or disabled item (R4 reads it as true,
LHC-Forms as false), so a guard never relies on it: an item that may be disabled is
guarded with `exists = false` or one of the answers that go on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from app import questionnaire as q

Node = dict[str, Any]
Answer = Callable[[q.Item, str], dict[str, Any]]


def _condition(item: q.Item, operator: str, code: str, answer: Answer) -> Node:
    return {"question": item.link_id, "operator": operator, **answer(item, code)}


def _enabling(conditions: list[Node], behaviour: str) -> Node:
    if not conditions:
        return {}
    if len(conditions) == 1:
        return {"enableWhen": conditions}
    return {"enableWhen": conditions, "enableBehavior": behaviour}


def exit_guard(item: q.Item, answer: Answer) -> Node:
    """What enables the rest of the questionnaire after `item`: it did not end it."""
    exits = [o.code for o in item.options if o.ends_questionnaire]
    if item.kind == "multi":
        if item.enable_when or item.unless:
            raise ValueError(f"{item.link_id}: an early exit of a conditional multiple "
                             "choice cannot be said in enableWhen")
        return _enabling([_condition(item, "!=", code, answer) for code in exits], "all")
    # Not asked (or not answered yet), or one of the answers that go on.
    goes_on = [_condition(item, "=", o.code, answer) for o in item.options
               if o.code not in exits]
    return _enabling([{"question": item.link_id, "operator": "exists",
                       "answerBoolean": False}, *goes_on], "any")


def _check_unless(item: q.Item, by_id: dict[str, q.Item]) -> None:
    for c in item.unless:
        asked_always = not (by_id[c.item].enable_when or by_id[c.item].unless)
        if not asked_always:
            raise ValueError(f"{item.link_id}: 'unless' on {c.item}, which may not be asked, "
                             "cannot be said in enableWhen")


def tree(items: Sequence[q.Item], node: Callable[[q.Item], Node], answer: Answer,
         by_id: dict[str, q.Item] | None = None) -> list[Node]:
    """The Questionnaire's `item` list: `node(item)` for each item, with its enabling,
    nested in the groups that guard early exits."""
    by_id = by_id or {item.link_id: item for item in items}
    out: list[Node] = []
    for index, item in enumerate(items):
        _check_unless(item, by_id)
        own = [_condition(by_id[c.item], c.operator, c.code, answer) for c in item.enable_when]
        if any(c.operator == "!=" for c in item.enable_when):
            # Ours needs an answer for "!=" to hold; R4 alone would not.
            if len(own) > 1:
                raise ValueError(f"{item.link_id}: '!=' among several conditions")
            own.insert(0, {"question": own[0]["question"], "operator": "exists",
                           "answerBoolean": True})
        unless = [_condition(by_id[c.item], "!=", c.code, answer) for c in item.unless]
        if len(own) > 1 and unless:
            out.append({"linkId": f"{item.link_id}-unless", "type": "group",
                        **_enabling(unless, "all"),
                        "item": [{**node(item), **_enabling(own, "any")}]})
        else:
            behaviour = "all" if unless or len(item.enable_when) < len(own) else "any"
            out.append({**node(item), **_enabling(own + unless, behaviour)})
        if any(o.ends_questionnaire for o in item.options) and index + 1 < len(items):
            out.append({"linkId": f"after-{item.link_id}", "type": "group",
                        **exit_guard(item, answer),
                        "item": tree(items[index + 1:], node, answer, by_id)})
            break
    return out


def leaves(nodes: Sequence[Node]) -> list[Node]:
    """The questions of a Questionnaire (or answers of a response), groups opened."""
    found: list[Node] = []
    for n in nodes:
        found += leaves(n["item"]) if "item" in n and n.get("type", "group") == "group" else [n]
    return found
