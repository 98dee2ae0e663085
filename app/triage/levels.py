"""Triage levels, most urgent first (spec/triage-rules.md, "Levels")."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Level:
    id: str
    rank: int  # 0 is the most urgent
    headline: str
    short: str  # a one-word label, so the level never rests on colour alone
    meaning: str


LEVELS: tuple[Level, ...] = (
    Level("emergency", 0, "Call emergency services now", "Emergency",
          "Trouble breathing needs help right away. Stop here and call your local "
          "emergency number."),
    Level("urgent", 1, "Get medical advice today", "Urgent",
          "See a doctor today. You can also go to urgent care, or call your local "
          "urgent advice line."),
    Level("soon", 2, "See a doctor within a week", "Soon",
          "Book a visit with a doctor now. They may send you to a nerve specialist."),
    Level("routine", 3, "Talk to your doctor at a routine appointment", "Routine",
          "Book a normal visit in the next few weeks, and bring your printed summary."),
    Level("self_care", 4, "Likely harmless: care for yourself at home", "Self-care",
          "Nothing you told us points to a problem. The tips below may help, and the "
          "signs below tell you when to get help."),
)
BY_ID: dict[str, Level] = {level.id: level for level in LEVELS}
SELF_CARE = BY_ID["self_care"]


def most_urgent(level_ids: list[str]) -> Level:
    return min((BY_ID[i] for i in level_ids), key=lambda lv: lv.rank, default=SELF_CARE)
