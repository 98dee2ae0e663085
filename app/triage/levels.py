"""Triage levels, most urgent first, with what a result page says about each.

The words belong to a rules version: a stored result is shown with its own version's words
(`of_version`), so an old link says what it said then.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

HARMLESS = "Most muscle twitches are harmless. Up to 70% of healthy people have them at " \
           "some time."
TO_BE_SAFE = "Even so, the signs above should be checked, to be safe."


@dataclass(frozen=True)
class Level:
    id: str
    rank: int  # 0 is the most urgent
    headline: str
    short: str  # a one-word label, so the level never rests on colour alone
    meaning: str
    # The "most twitches are harmless" box (when-to-worry), or None where it would compete
    # with getting help.
    reassurance: str | None = None


LEVELS: tuple[Level, ...] = (
    Level("emergency", 0, "Call emergency services now", "Emergency",
          "This needs help right away. Stop here and call your local emergency number."),
    Level("urgent", 1, "Get medical advice today", "Urgent",
          "See a doctor today. You can also go to urgent care, or call your local "
          "urgent advice line."),
    Level("soon", 2, "See a doctor within a week", "Soon",
          "Book a visit with a doctor now. They may send you to a nerve specialist."),
    Level("routine", 3, "Talk to your doctor at a routine appointment", "Routine",
          "Book a normal visit in the next few weeks, and bring your printed summary.",
          reassurance=f"{HARMLESS} {TO_BE_SAFE}"),
    Level("self_care", 4, "Likely harmless: care for yourself at home", "Self-care",
          "You can care for yourself at home. The tips below may help, and the signs "
          "below tell you when to get help.",
          reassurance=f"{HARMLESS} None of your answers matches the warning signs in the "
                      "four articles."),
)
BY_ID: dict[str, Level] = {level.id: level for level in LEVELS}
SELF_CARE = BY_ID["self_care"]

# Rules version 1 said this: every level had the reassurance box, and two meanings differ.
_VERSION_1: dict[str, dict[str, str]] = {
    "emergency": {"meaning": "Trouble breathing needs help right away. Stop here and call "
                             "your local emergency number.",
                  "reassurance": f"{HARMLESS} But trouble breathing is different: get help "
                                 "now."},
    "urgent": {"reassurance": f"{HARMLESS} {TO_BE_SAFE}"},
    "soon": {"reassurance": f"{HARMLESS} {TO_BE_SAFE}"},
    "self_care": {"meaning": "Nothing you told us points to a problem. The tips below may "
                             "help, and the signs below tell you when to get help.",
                  "reassurance": f"{HARMLESS} Nothing you told us is a warning sign."},
}
VERSIONS: dict[str, dict[str, Level]] = {
    "1": {level.id: replace(level, **_VERSION_1.get(level.id, {})) for level in LEVELS},
    "2": BY_ID,
}


def of_version(rules_version: str) -> dict[str, Level]:
    """The levels as a rules version worded them (the current words for an unknown one)."""
    return VERSIONS.get(rules_version, BY_ID)


def most_urgent(level_ids: list[str]) -> Level:
    return min((BY_ID[i] for i in level_ids), key=lambda lv: lv.rank, default=SELF_CARE)
