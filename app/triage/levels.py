"""Triage levels, most urgent first, with what a result page says about each.

The words belong to a rules version: a stored result is shown with its own version's words
(`of_version`), so an old link says what it said then.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TypedDict

from app.triage.words import N_, Gettext

# Each reassurance is written out whole, so the catalogue has it as one text.
HARMLESS_TO_BE_SAFE = N_("Most muscle twitches are harmless. Up to 70% of healthy people "
                         "have them at some time. Even so, the signs above should be "
                         "checked, to be safe.")


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

    def translated(self, gettext: Gettext) -> Level:
        """The level in the words of `gettext`'s language (its id and rank unchanged)."""
        return replace(self, headline=gettext(self.headline), short=gettext(self.short),
                       meaning=gettext(self.meaning),
                       reassurance=gettext(self.reassurance) if self.reassurance else None)


LEVELS: tuple[Level, ...] = (
    Level("emergency", 0, N_("Call emergency services now"), N_("Emergency"),
          N_("This needs help right away. Stop here and call your local emergency number.")),
    Level("urgent", 1, N_("Get medical advice today"), N_("Urgent"),
          N_("Contact your doctor today. If you cannot, call an urgent advice line (111 in "
             "the UK, 116 117 in Germany), or go to urgent care today.")),
    Level("soon", 2, N_("See a doctor within a week"), N_("Soon"),
          N_("Book a visit with a doctor now. They may send you to a nerve specialist.")),
    Level("routine", 3, N_("Talk to your doctor at a routine appointment"), N_("Routine"),
          N_("Book a normal visit in the next few weeks, and bring your printed summary."),
          reassurance=HARMLESS_TO_BE_SAFE),
    Level("self_care", 4, N_("Likely harmless: care for yourself at home"), N_("Self-care"),
          N_("You can care for yourself at home. The tips below may help, and the signs "
             "below tell you when to get help."),
          reassurance=N_("Most muscle twitches are harmless. Up to 70% of healthy people "
                         "have them at some time. Your answers show none of the signs that "
                         "need a doctor now.")),
)
BY_ID: dict[str, Level] = {level.id: level for level in LEVELS}
SELF_CARE = BY_ID["self_care"]

class _Words(TypedDict, total=False):
    """What an older rules version said differently about a level."""
    meaning: str
    reassurance: str


# Rules version 1 said this: every level had the reassurance box, and two meanings differ.
_VERSION_1: dict[str, _Words] = {
    "emergency": {"meaning": N_("Trouble breathing needs help right away. Stop here and "
                                "call your local emergency number."),
                  "reassurance": N_("Most muscle twitches are harmless. Up to 70% of healthy "
                                    "people have them at some time. But trouble breathing "
                                    "is different: get help now.")},
    "urgent": {"reassurance": HARMLESS_TO_BE_SAFE},
    "soon": {"reassurance": HARMLESS_TO_BE_SAFE},
    "self_care": {"meaning": N_("Nothing you told us points to a problem. The tips below "
                                "may help, and the signs below tell you when to get help."),
                  "reassurance": N_("Most muscle twitches are harmless. Up to 70% of healthy "
                                    "people have them at some time. Nothing you told us is "
                                    "a warning sign.")},
}
# Rules version 2 said this: self-care claimed no answer matched a warning sign, and urgent
# named no urgent advice line.
_VERSION_2: dict[str, _Words] = {
    "urgent": {"meaning": N_("See a doctor today. You can also go to urgent care, or call "
                             "your local urgent advice line.")},
    "self_care": {"reassurance": N_("Most muscle twitches are harmless. Up to 70% of healthy "
                                    "people have them at some time. None of your answers "
                                    "matches the warning signs in the four articles.")},
}

def _changed(levels: dict[str, Level], words: dict[str, _Words]) -> dict[str, Level]:
    return {id_: replace(level, **words.get(id_, _Words())) for id_, level in levels.items()}


# Each version is the one after it with its own words put back.
_LEVELS_2 = _changed(BY_ID, _VERSION_2)
VERSIONS: dict[str, dict[str, Level]] = {"1": _changed(_LEVELS_2, _VERSION_1), "2": _LEVELS_2,
                                         "3": BY_ID}


def of_version(rules_version: str) -> dict[str, Level]:
    """The levels as a rules version worded them (the current words for an unknown one)."""
    return VERSIONS.get(rules_version, BY_ID)


def most_urgent(level_ids: list[str]) -> Level:
    return min((BY_ID[i] for i in level_ids), key=lambda lv: lv.rank, default=SELF_CARE)
