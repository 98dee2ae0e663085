"""Plain-word views of answers and advice for the pages and the printed summary."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app import flow, i18n
from app import questionnaire as q
from app.assessments import StoredResult
from app.i18n import N_
from app.triage.safety_net import LEADS


def answer_rows(answers: Mapping[str, Any], version: str = q.VERSION) -> list[dict[str, Any]]:
    """One row per asked or answered item: its label and the answer in words (never codes),
    in the words of the questionnaire version the answers were given to, in the language
    being drawn (the person's typed text as typed).

    Answers given beyond an early exit (the API allows them) are shown too.
    """
    items = q.items_of(version)
    asked = {item.link_id for item in flow.enabled_items(answers, items)}
    return [
        {"link_id": item.link_id, "label": i18n.gettext(item.summary_label or item.question),
         "kind": item.kind, "values": _in_words(item, answers.get(item.link_id))}
        for item in items if item.link_id in asked or item.link_id in answers
    ]


def _in_words(item: q.Item, value: Any) -> list[str]:
    labels = q.answer_labels(item, value)
    return labels if item.kind == "text" else [i18n.gettext(label) for label in labels]


# What an emergency call handler asks about first, in that order.
CALL_ITEMS = ("red_flags_now", "signs_onset", "red_flags_recent", "came_on_suddenly",
              "symptoms", "symptoms_onset", "age_band", "locations", "duration")
NOTHING = (N_("None of these"), N_("No"))
SENTENCE_END = re.compile(r"(?<=\.)\s+")
# Signs whose treatment depends on when they began (a stroke's): the call handler asks
# when the person was last seen well. Not asked for a fit, breathing or the bladder alone.
TIMED_SIGNS = frozenset({"face_droop", "one_side", "speech", "swallowing", "sight"})


def asks_last_seen_well(answers: Mapping[str, Any]) -> bool:
    """Whether the call handler will want the time the person was last seen well."""
    signs = {*(answers.get("red_flags_now") or ()), *(answers.get("red_flags_recent") or ())}
    return bool(TIMED_SIGNS & signs) or "sudden" in (answers.get("signs_onset"),
                                                      answers.get("symptoms_onset"))


def call_line(answer_list: list[dict[str, Any]]) -> str:
    """What to tell an emergency call handler, in one line: the signs reported, the age,
    where and how long (answers of "none" or "no" left out), from `answer_rows`."""
    rows = {row["link_id"]: row for row in answer_list}
    # Only the first letter lowered: "I woke up with it" keeps its capital I.
    told = [f"{rows[i]['label']}: {', '.join(v[:1].lower() + v[1:] for v in rows[i]['values'])}"
            for i in CALL_ITEMS if i in rows and rows[i]["values"]
            and not set(rows[i]["values"]) <= {i18n.gettext(n) for n in NOTHING}]
    return "; ".join(told)


@dataclass(frozen=True)
class AdviceGroup:
    heading: str
    kind: str  # "safety", "care", "lifestyle", or "all" for a version-1 result
    items: list[dict[str, Any]]


def advice_groups(result: StoredResult) -> list[AdviceGroup]:
    """The advice under its headings: the safety net first, then care, then lifestyle tips
    ("while you wait for your appointment" when one is needed). A version-1 result had one
    list, and keeps it."""
    advice = result.advice
    _ = i18n.gettext
    if any("kind" not in a for a in advice):
        return [AdviceGroup(_("What you can do"), "all", advice)] if advice else []
    waiting = result.level.id in ("soon", "routine")
    headings = {"safety": _("When to get help sooner"), "care": _("What you can do"),
                "lifestyle": _("While you wait for your appointment") if waiting
                else _("Things you can try at home")}
    return [AdviceGroup(heading, kind, items) for kind, heading in headings.items()
            if (items := [a for a in advice if a["kind"] == kind])]


@dataclass(frozen=True)
class Citations:
    """Sources numbered once for a page short of room (the printed summary): each text
    carries its numbers, and the titles are listed once at the end."""

    titles: list[str]

    @classmethod
    def of(cls, *cited: list[str]) -> Citations:
        return cls(list(dict.fromkeys(title for titles in cited for title in titles)))

    def numbers(self, titles: list[str]) -> str:
        return ", ".join(str(self.titles.index(t) + 1) for t in titles if t in self.titles)


def safety_net_sections(text: str) -> list[tuple[str, list[str]]]:
    """A stored safety net's text as what it says first, then each group's lead with its
    signs, so a page can list them (40 lines of one paragraph on a phone, an outside
    reader found). Text without the version-3 leads stays one section. The leads are
    looked for in the language being drawn, then in English (a result's text is in either;
    a translation may hold the English words, so it is looked for first)."""
    found: list[tuple[int, str]] = []
    for leads in ([i18n.gettext(lead) for lead in LEADS.values()], list(LEADS.values())):
        found = found or sorted((text.index(lead), lead) for lead in leads if lead in text)
    if not found:
        return [(text, [])]
    intro = text[:found[0][0]].strip()
    sections: list[tuple[str, list[str]]] = [(intro, [])] if intro else []
    for n, (start, lead) in enumerate(found):
        end = found[n + 1][0] if n + 1 < len(found) else len(text)
        signs = [sign for sign in SENTENCE_END.split(text[start + len(lead):end].strip())
                 if sign]
        sections.append((lead, signs))
    return sections
