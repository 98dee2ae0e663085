"""The rules and advice of version 3 (on top of versions 2 and 1) written
out a second time, straight from the clinical rule tables, in plain `if` statements and without
anything from app.triage: the differential tests compare the two over the whole answer
space (test data, not app code)."""

from __future__ import annotations

from typing import Any

RANK = {"emergency": 0, "urgent": 1, "soon": 2, "routine": 3, "self_care": 4}


def _codes(answers: dict[str, Any], item: str) -> list[Any]:
    value = answers.get(item)
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


def _signs(a: dict[str, Any], now: list[Any], fired: dict[str, str]) -> None:
    """The rows about page 1's signs and how they started."""
    signs_onset, symptoms_onset = a.get("signs_onset"), a.get("symptoms_onset")
    onsets = (signs_onset, symptoms_onset)
    stroke_sign = bool({"face_droop", "one_side", "sight"} & set(now))
    if "breathing_severe" in now:
        fired["severe-breathing"] = "emergency"
    weak = "weakness" in _codes(a, "symptoms") or "swallowing" in now or "speech" in now
    if "breathing_new" in now and weak and ("sudden_earlier" in onsets or "days" in onsets):
        fired["breathing-with-weakness"] = "emergency"
    if "fit_confusion" in now:
        fired["fit-or-confusion"] = "emergency"
    if "bladder" in now:
        fired["bladder-or-saddle-numbness"] = "emergency"
    if "sudden" in onsets:
        fired["came-on-suddenly"] = "emergency"
    if "breathing_new" in now:
        fired["new-breathing"] = "urgent"
    if "sudden_earlier" in onsets:
        fired["came-on-suddenly-earlier"] = "urgent"
    if "days" in onsets:
        fired["came-on-over-days"] = "urgent"
    if (stroke_sign and signs_onset != "slowly") or (
            "one_side" in now and signs_onset == "slowly" and a.get("age_band") == "65_or_over"):
        fired["stroke-like-sign-now"] = "urgent"
    if stroke_sign and signs_onset == "slowly":
        fired["slow-face-side-or-sight"] = "soon"
    if "swallowing" in now or "speech" in now:
        fired["difficulty-swallowing-or-speaking"] = "urgent"
    recent = _codes(a, "red_flags_recent")
    if recent and "none" not in recent:
        fired["recent-warning-sign"] = "urgent"


def _symptoms(a: dict[str, Any], symptoms: list[Any], fired: dict[str, str]) -> None:
    slowly = a.get("symptoms_onset") == "slowly"
    diuretics = "diuretics" in _codes(a, "medications")
    if "numbness_tingling" in symptoms:
        fired["slow-numbness-or-tingling" if slowly else "numbness-or-tingling"] = \
            "soon" if slowly else "urgent"
    if "coordination_loss" in symptoms:
        fired["slow-loss-of-coordination" if slowly else "loss-of-coordination"] = \
            "soon" if slowly else "urgent"
    if "exercise_damage" in symptoms:
        fired["exercise-muscle-damage"] = "urgent"
    if "sickness" in symptoms:
        fired["sickness-or-dehydration"] = "urgent"
    if "alcohol_stopped" in _codes(a, "triggers"):
        fired["stopped-heavy-drinking"] = "urgent"
    if a.get("medicine_reaction") is True:
        fired["medicine-reaction"] = "urgent"
    if diuretics and "weakness" in symptoms:
        fired["water-tablets-with-weakness"] = "urgent"
    if diuretics and "cramps" in symptoms:
        fired["water-tablets-with-cramps"] = "soon"
    for code, rule in (("weakness", "muscle-weakness"), ("atrophy", "muscle-shrinkage"),
                       ("walking_difficulty", "difficulty-walking"),
                       ("weight_loss", "unexplained-weight-loss")):
        if code in symptoms:
            fired[rule] = "soon"


def fired_rules(a: dict[str, Any]) -> dict[str, str]:
    """rule id -> level, for every row of the rule table (version 3) that fires."""
    now, symptoms, locations = (_codes(a, "red_flags_now"), _codes(a, "symptoms"),
                                _codes(a, "locations"))
    duration, frequency = a.get("duration"), a.get("frequency")
    long_time = duration in ("2_weeks_to_3_months", "more_than_3_months")
    every_day = frequency in ("daily", "constant")
    rules: dict[str, str] = {}
    _signs(a, now, rules)
    _symptoms(a, symptoms, rules)
    if a.get("spreading") is True:
        rules["spreading"] = "soon"
    if a.get("course") == "worsening":
        rules["getting-worse"] = "soon"
    routine = {
        "persistent-over-two-weeks": long_time and a.get("course") != "improving",
        "persistent-and-daily": long_time and every_day,
        "no-better-with-lifestyle-changes":
            a.get("lifestyle_tried") == "no_change" and duration != "less_than_1_week",
        "after-new-medicine": a.get("new_medication") is True,
        "eyelid-closing": a.get("eyelid_closes") is True,
        "tongue-twitching": "tongue" in locations,
        "interferes-with-daily-life": "daily_activities" in symptoms,
        "several-places": len({code for code in locations if code != "eyelid"}) >= 2,
        "cramps-daily-without-trigger":
            "cramps" in symptoms and _codes(a, "triggers") == ["none_identified"] and every_day,
        "face-twitching": "face" in locations,
        "child": a.get("age_band") == "under_16",
    }
    rules.update({rule: "routine" for rule, fires in routine.items() if fires})
    return rules


def level(a: dict[str, Any]) -> str:
    return min(fired_rules(a).values(), key=RANK.__getitem__, default="self_care")


LIFESTYLE = {"cut-caffeine": "caffeine", "manage-stress": "stress_anxiety",
             "sleep": "poor_sleep", "recover-from-exercise": "intense_exercise",
             "hydrate": "dehydration_heat", "cut-nicotine": "nicotine"}


def advice_ids(a: dict[str, Any]) -> set[str]:
    """The advice given (advice version 3): none at an emergency; at urgent only the
    safety net, the medicine review, the diary, and the alcohol advice after stopping."""
    lvl = level(a)
    if lvl == "emergency":
        return set()
    triggers, symptoms = _codes(a, "triggers"), _codes(a, "symptoms")
    given = {advice for advice, trigger in LIFESTYLE.items() if trigger in triggers}
    if "alcohol" in triggers or "alcohol_stopped" in triggers:
        given.add("limit-alcohol")
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
        allowed = {"safety-net", "medicine-review", "keep-a-diary"}
        if "alcohol_stopped" in triggers:
            allowed.add("limit-alcohol")
        given &= allowed
    # Under 16 the alcohol and nicotine advice say the same words: said once (our reading),
    # unless drinking stopped, when the withdrawal warning is said instead.
    if a.get("age_band") == "under_16" and "cut-nicotine" in given \
            and "alcohol_stopped" not in triggers:
        given.discard("limit-alcohol")
    return given
