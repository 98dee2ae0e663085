"""States our flow reaches, FHIR's enableWhen evaluated on them, and the texts of a
Questionnaire with their translations (test helpers).

A state is the answers a person has given so far, walking our pages in order. The walk
tries every answer that decides what is asked (to multiple choices: each relevant option
alone and in pairs) and one answer to everything else.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from itertools import combinations
from typing import Any

from app import fhir, flow
from app import questionnaire as q
from app.fhir_enable import leaves

Answers = dict[str, Any]


def _relevant(items: Sequence[q.Item]) -> dict[str, set[str]]:
    """The codes of each item that a condition names or that end the questionnaire."""
    found: dict[str, set[str]] = {}
    for item in items:
        for c in (*item.enable_when, *item.unless):
            found.setdefault(c.item, set()).add(c.code)
        for o in item.options:
            if o.ends_questionnaire:
                found.setdefault(item.link_id, set()).add(o.code)
    return found


def _choices(item: q.Item, relevant: set[str]) -> list[Any]:
    if item.kind == "bool":
        return [True, False] if relevant else [False]
    if item.kind == "text":
        return ["a note"]
    if item.kind == "single":
        return list(item.codes) if relevant else [item.codes[0]]
    plain = [o.code for o in item.options if not o.exclusive]
    other = [code for code in plain if code not in relevant][:1]
    picks = [[o.code] for o in item.options if o.exclusive] + [other] * bool(other)
    codes = [code for code in plain if code in relevant]
    picks += [list(pair) for size in (1, 2) for pair in combinations(codes, size)]
    return picks


def next_item(answers: Mapping[str, Any], items: Sequence[q.Item]) -> q.Item | None:
    """The page our flow shows next (optional items too), or None when it is done."""
    return next((i for i in flow.enabled_items(answers, items) if i.link_id not in answers),
                None)


def walk(items: Sequence[q.Item]) -> Iterator[tuple[Answers, q.Item | None]]:
    """Every state of the walk, with the page shown next (None: complete)."""
    relevant = _relevant(items)
    todo: list[Answers] = [{}]
    while todo:
        answers = todo.pop()
        item = next_item(answers, items)
        yield answers, item
        if item is not None:
            todo += [{**answers, item.link_id: value}
                     for value in _choices(item, relevant.get(item.link_id, set()))]


def prefixes(answers: Mapping[str, Any], items: Sequence[q.Item]
             ) -> Iterator[tuple[Answers, q.Item | None]]:
    """The states of one person answering `answers` page by page."""
    given: Answers = {}
    while (item := next_item(given, items)) is not None:
        yield dict(given), item
        if item.link_id not in answers:
            return
        given[item.link_id] = answers[item.link_id]
    yield given, None


def _values(item: q.Item, value: Any) -> list[Any]:
    if item.kind == "bool":
        return [bool(value)]
    if item.kind == "text":
        return [value] if value else []
    return q.chosen_codes(value)


def _holds(condition: Mapping[str, Any], values: Mapping[str, list[Any]],
           unanswered_differs: bool) -> bool:
    given = values.get(condition["question"])
    if condition["operator"] == "exists":
        return (given is not None) == condition["answerBoolean"]
    if given is None:  # R4 reads "!=" as true here; LHC-Forms as false
        return condition["operator"] == "!=" and unanswered_differs
    wanted = (condition["answerBoolean"] if "answerBoolean" in condition
              else condition["answerCoding"]["code"])
    if condition["operator"] == "=":
        return wanted in given
    assert condition["operator"] == "!=", condition
    return wanted not in given


def fhir_enabled(nodes: Sequence[Mapping[str, Any]], answers: Mapping[str, Any],
                 items: Sequence[q.Item], *, unanswered_differs: bool = True,
                 values: dict[str, list[Any]] | None = None) -> list[str]:
    """The questions FHIR's enableWhen enables, in order. A disabled item counts as not
    answered (R4: "proceed as though the item is not valued")."""
    by_id = {i.link_id: i for i in items}
    values = {} if values is None else values
    enabled: list[str] = []
    for node in nodes:
        conditions = node.get("enableWhen", [])
        results = [_holds(c, values, unanswered_differs) for c in conditions]
        if conditions and not (any(results) if node.get("enableBehavior") == "any"
                               else all(results)):
            continue
        if node["type"] == "group":
            enabled += fhir_enabled(node["item"], answers, items,
                                    unanswered_differs=unanswered_differs, values=values)
            continue
        enabled.append(node["linkId"])
        if node["linkId"] in answers:
            given = _values(by_id[node["linkId"]], answers[node["linkId"]])
            if given:
                values[node["linkId"]] = given
    return enabled


def texts(document: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    """Every text a person reads in a Questionnaire, with the element that carries it
    (question, hint, option display, title, description) and its `_` sibling."""
    found = [(document[key], document.get("_" + key, {})) for key in ("title", "description")]
    for node in leaves(document["item"]):
        found.append((node["text"], node.get("_text", {})))
        found += [(hint["text"], hint.get("_text", {})) for hint in node.get("item", [])]
        found += [(o["valueCoding"]["display"], o["valueCoding"].get("_display", {}))
                  for o in node.get("answerOption", [])]
    return found


def translation_in(extra: Mapping[str, Any], code: str) -> str | None:
    said = [{e["url"]: e.get("valueCode", e.get("valueString")) for e in ext["extension"]}
            for ext in extra.get("extension", []) if ext["url"] == fhir.TRANSLATION]
    found = [t["content"] for t in said if t["lang"] == code]
    assert len(found) <= 1
    return found[0] if found else None
