"""The rules and advice of clinical-v2 written out a second time, straight from the spec's
tables, in plain `if` statements and without anything from app.triage: the differential
tests compare the two over the whole answer space (test data, not app code)."""

from __future__ import annotations

from typing import Any

RANK = {"emergency": 0, "urgent": 1, "soon": 2, "routine": 3, "self_care": 4}


def _codes(answers: dict[str, Any], item: str) -> list[Any]:
    value = answers.get(item)
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


def fired_rules(a: dict[str, Any]) -> dict[str, str]:
    """rule id -> level, for every row of the rule table (version 2) that fires."""
    now, recent = _codes(a, "red_flags_now"), _codes(a, "red_flags_recent")
    symptoms, locations = _codes(a, "symptoms"), _codes(a, "locations")
    duration, frequency = a.get("duration"), a.get("frequency")
    long_time = duration in ("2_weeks_to_3_months", "more_than_3_months")
    every_day = frequency in ("daily", "constant")
    rules = {}
    if "breathing" in now:
        rules["difficulty-breathing"] = "emergency"
    if a.get("came_on_suddenly") is True:
        rules["came-on-suddenly"] = "emergency"
    if "swallowing" in now or "speech" in now:
        rules["difficulty-swallowing-or-speaking"] = "urgent"
    if recent and "none" not in recent:
        rules["recent-breathing-swallowing-or-speech"] = "urgent"
    if "numbness_tingling" in symptoms:
        rules["numbness-or-tingling"] = "urgent"
    if "coordination_loss" in symptoms:
        rules["loss-of-coordination"] = "urgent"
    if "weakness" in symptoms:
        rules["muscle-weakness"] = "soon"
    if "atrophy" in symptoms:
        rules["muscle-shrinkage"] = "soon"
    if a.get("spreading") is True:
        rules["spreading"] = "soon"
    if a.get("course") == "worsening":
        rules["getting-worse"] = "soon"
    if "walking_difficulty" in symptoms:
        rules["difficulty-walking"] = "soon"
    if "weight_loss" in symptoms:
        rules["unexplained-weight-loss"] = "soon"
    if long_time and a.get("course") != "improving":
        rules["persistent-over-two-weeks"] = "routine"
    if long_time and every_day:
        rules["persistent-and-daily"] = "routine"
    if a.get("lifestyle_tried") == "no_change" and duration != "less_than_1_week":
        rules["no-better-with-lifestyle-changes"] = "routine"
    if a.get("new_medication") is True:
        rules["after-new-medicine"] = "routine"
    if a.get("eyelid_closes") is True:
        rules["eyelid-closing"] = "routine"
    if "tongue" in locations:
        rules["tongue-twitching"] = "routine"
    if "daily_activities" in symptoms:
        rules["interferes-with-daily-life"] = "routine"
    if len({code for code in locations if code != "eyelid"}) >= 2:
        rules["several-places"] = "routine"
    if "cramps" in symptoms and _codes(a, "triggers") == ["none_identified"] and every_day:
        rules["cramps-daily-without-trigger"] = "routine"
    if "face" in locations:
        rules["face-twitching"] = "routine"
    if a.get("age_band") == "under_16":
        rules["child"] = "routine"
    return rules


def level(a: dict[str, Any]) -> str:
    return min(fired_rules(a).values(), key=RANK.__getitem__, default="self_care")


LIFESTYLE = {"cut-caffeine": "caffeine", "manage-stress": "stress_anxiety",
             "sleep": "poor_sleep", "recover-from-exercise": "intense_exercise",
             "hydrate": "dehydration_heat", "cut-nicotine": "nicotine",
             "limit-alcohol": "alcohol"}


def advice_ids(a: dict[str, Any]) -> set[str]:
    """The advice given (advice version 2): none at an emergency; at urgent only the
    safety net, the medicine review and the diary."""
    lvl = level(a)
    if lvl == "emergency":
        return set()
    triggers, symptoms = _codes(a, "triggers"), _codes(a, "symptoms")
    given = {advice for advice, trigger in LIFESTYLE.items() if trigger in triggers}
    if "low_mineral_diet" in triggers or "cramps" in symptoms:
        given.add("minerals")
    if {"arm_hand", "leg_foot", "torso_back"} & set(_codes(a, "locations")):
        given.add("stretch")
    medicines = _codes(a, "medications")
    # The medicine review also follows a medicine started or changed lately (our reading).
    if (medicines and "none" not in medicines) or a.get("new_medication") is True:
        given.add("medicine-review")
    if lvl in ("routine", "soon") or a.get("duration", "less_than_1_week") != "less_than_1_week":
        given.add("keep-a-diary")
    given.add("safety-net")
    if lvl == "urgent":
        given &= {"safety-net", "medicine-review", "keep-a-diary"}
    return given
