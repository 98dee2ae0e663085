"""The safety net: when to get help sooner, per level, naming only what the person has not
already reported (never "see a doctor if it spreads" to someone who said it spreads)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.triage.conditions import Condition, any_of, has, is_true

Answers = Mapping[str, Any]

# (reported when, what to look out for), in the order they are named.
TWITCHING_CHANGES: tuple[tuple[Condition, str], ...] = (
    # Only while it has lasted less than two weeks.
    (has("duration", "2_weeks_to_3_months", "more_than_3_months"),
     "lasts more than two weeks"),
    (is_true("spreading"), "spreads"),
    (has("course", "worsening"), "gets worse"),
)
NEW_SIGNS_THIS_WEEK: tuple[tuple[Condition, str], ...] = (
    (has("symptoms", "weakness"), "weakness"),
    (has("symptoms", "atrophy"), "a muscle that looks thinner"),
    (has("symptoms", "walking_difficulty"), "trouble walking"),
)
NEW_SIGNS_TODAY: tuple[tuple[Condition, str], ...] = (
    (has("symptoms", "numbness_tingling"), "numbness or tingling"),
    (has("symptoms", "coordination_loss"), "loss of balance or coordination"),
)
SPEECH_OR_SWALLOWING = any_of(has("red_flags_now", "swallowing", "speech"),
                              has("red_flags_recent", "swallowing", "speech"))

IF_NOT_SEEN_TODAY = ("If you cannot get medical advice today, or it gets worse, call your "
                     "local emergency number.")
CALL_NOW = ("Call your local emergency number (911, 999 or 112) if you have trouble "
            "breathing. Call it too if weakness, numbness, slurred speech or trouble "
            "swallowing comes on suddenly.")


def _listed(words: list[str]) -> str:
    """"a, b or c"; "a, or b or c" when a choice has an "or" of its own."""
    if len(words) == 1:
        return words[0]
    last = ", or " if any(" or " in w for w in words) else " or "
    return ", ".join(words[:-1]) + last + words[-1]


def not_reported(signs: tuple[tuple[Condition, str], ...], answers: Answers) -> list[str]:
    return [words for reported, words in signs if not reported(answers)]


def safety_net_text(answers: Answers, level: str) -> str:
    if level == "urgent":
        return f"{IF_NOT_SEEN_TODAY} {CALL_NOW}"
    sentences = ["Watch for changes."]
    if changes := not_reported(TWITCHING_CHANGES, answers):
        sentences.append(f"See a doctor within a week if the twitching {_listed(changes)}.")
    if signs := not_reported(NEW_SIGNS_THIS_WEEK, answers):
        sentences.append(f"See a doctor within a week if you notice {_listed(signs)}.")
    if signs := not_reported(NEW_SIGNS_TODAY, answers):
        sentences.append(f"Get medical advice today if you notice {_listed(signs)}.")
    if not SPEECH_OR_SWALLOWING(answers):
        sentences.append("Get medical advice today if trouble swallowing or speaking builds "
                         "up over days.")
    return " ".join([*sentences, CALL_NOW])
