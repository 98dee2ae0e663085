"""The triage service against the vignettes and the rule table, rule by rule."""

from __future__ import annotations

import inspect

import pytest
from hypothesis import given, settings

from app import triage
from app.answers import validate
from app.triage import assess
from app.triage.advice import ADVICE
from app.triage.levels import BY_ID as LEVELS_NOW
from app.triage.levels import LEVELS
from app.triage.rules import RULES
from app.triage.sources import SOURCES
from tests import spec_oracle
from tests.factories import CASES, harmless
from tests.test_triage_properties import answer_sets


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_vignette(case):
    result = assess(case["answers"])
    assert result.level.id == case["expected_level"], case["story"]
    assert sorted(result.rule_ids) == sorted(case["expected_rules"])
    assert set(case.get("required_advice", [])) <= {a.id for a in result.advice}


# One minimal answer change per rule: it must fire that rule (and only the rule that makes
# its question asked, where there is one), at the table's level.
SINGLE_RULE = {
    "severe-breathing": ({"red_flags_now": ["breathing_severe"]}, "emergency"),
    "breathing-with-weakness":
        (harmless(red_flags_now=["breathing_new"], symptoms=["weakness"], symptoms_onset="days"),
         "emergency", "new-breathing", "came-on-over-days", "muscle-weakness"),
    "fit-or-confusion": ({"red_flags_now": ["fit_confusion"]}, "emergency"),
    "bladder-or-saddle-numbness": ({"red_flags_now": ["bladder"]}, "emergency"),
    "came-on-suddenly":
        (harmless(symptoms=["weakness"], symptoms_onset="sudden"), "emergency",
         "muscle-weakness"),
    "new-breathing": (harmless(red_flags_now=["breathing_new"]), "urgent"),
    "came-on-suddenly-earlier":
        (harmless(symptoms=["weakness"], symptoms_onset="sudden_earlier"), "urgent",
         "muscle-weakness"),
    "came-on-over-days":
        (harmless(symptoms=["walking_difficulty"], symptoms_onset="days"), "urgent",
         "difficulty-walking"),
    "stroke-like-sign-now":
        (harmless(red_flags_now=["one_side"], signs_onset="slowly", age_band="65_or_over"),
         "urgent", "slow-face-side-or-sight"),
    "difficulty-swallowing-or-speaking":
        (harmless(red_flags_now=["swallowing"], signs_onset="slowly"), "urgent"),
    "recent-warning-sign": (harmless(red_flags_recent=["fit_confusion"]), "urgent"),
    "numbness-or-tingling":
        (harmless(symptoms=["numbness_tingling"], symptoms_onset="days"), "urgent",
         "came-on-over-days"),
    "loss-of-coordination":
        (harmless(symptoms=["coordination_loss"], symptoms_onset="sudden_earlier"), "urgent",
         "came-on-suddenly-earlier"),
    "exercise-muscle-damage": (harmless(symptoms=["exercise_damage"]), "urgent"),
    "sickness-or-dehydration": (harmless(symptoms=["sickness"]), "urgent"),
    "stopped-heavy-drinking": (harmless(triggers=["alcohol_stopped"]), "urgent"),
    "medicine-reaction":
        (harmless(new_medication=True, medicine_reaction=True), "urgent",
         "after-new-medicine"),
    "water-tablets-with-weakness":
        (harmless(medications=["diuretics"], symptoms=["weakness"], symptoms_onset="slowly"),
         "urgent", "muscle-weakness"),
    "slow-face-side-or-sight":
        (harmless(red_flags_now=["sight"], signs_onset="slowly"), "soon"),
    "slow-numbness-or-tingling":
        (harmless(symptoms=["numbness_tingling"], symptoms_onset="slowly"), "soon"),
    "slow-loss-of-coordination":
        (harmless(symptoms=["coordination_loss"], symptoms_onset="slowly"), "soon"),
    "water-tablets-with-cramps":
        (harmless(medications=["diuretics"], symptoms=["cramps"]), "soon"),
    "muscle-weakness": (harmless(symptoms=["weakness"], symptoms_onset="slowly"), "soon"),
    "muscle-shrinkage": (harmless(symptoms=["atrophy"]), "soon"),
    "spreading": (harmless(spreading=True), "soon"),
    "getting-worse": (harmless(course="worsening"), "soon"),
    "difficulty-walking":
        (harmless(symptoms=["walking_difficulty"], symptoms_onset="slowly"), "soon"),
    "unexplained-weight-loss": (harmless(symptoms=["weight_loss"]), "soon"),
    "persistent-over-two-weeks": (harmless(duration="more_than_3_months"), "routine"),
    "persistent-and-daily":
        (harmless(duration="2_weeks_to_3_months", frequency="daily", course="improving"),
         "routine"),
    "no-better-with-lifestyle-changes":
        (harmless(lifestyle_tried="no_change", duration="1_to_2_weeks"), "routine"),
    # A medicine bought without a prescription: "none" on the list, yes here.
    "after-new-medicine":
        (harmless(medications=["none"], new_medication=True, medicine_reaction=False),
         "routine"),
    "eyelid-closing": (harmless(locations=["eyelid"], eyelid_closes=True), "routine"),
    "tongue-twitching": (harmless(locations=["tongue"]), "routine"),
    "interferes-with-daily-life": (harmless(symptoms=["daily_activities"]), "routine"),
    "several-places": (harmless(locations=["arm_hand", "torso_back"]), "routine"),
    "cramps-daily-without-trigger":
        (harmless(symptoms=["cramps"], frequency="constant"), "routine"),
    "face-twitching": (harmless(locations=["face"]), "routine"),
    "child": (harmless(age_band="under_16"), "routine"),
}


def test_every_rule_has_a_single_rule_case():
    assert set(SINGLE_RULE) == {rule.id for rule in RULES}


@pytest.mark.parametrize("rule_id", list(SINGLE_RULE))
def test_rule_fires_at_its_level(rule_id):
    answers, level, *with_it = SINGLE_RULE[rule_id]
    assert validate(answers, complete=True) == []
    result = assess(answers)
    assert sorted(result.rule_ids) == sorted([rule_id, *with_it])
    assert result.level.id == level == triage.rules.BY_ID[rule_id].level


def test_no_rule_means_self_care():
    result = assess(harmless())
    assert result.level.id == "self_care"
    assert result.reasons == ()
    assert [a.id for a in result.advice] == ["stretch", "safety-net"]


@pytest.mark.parametrize("answers", [
    harmless(duration="2_weeks_to_3_months", course="improving"),
    harmless(lifestyle_tried="no_change", duration="less_than_1_week"),
    harmless(medications=["stimulants"], new_medication=False),
    harmless(locations=["eyelid"], eyelid_closes=False),
    harmless(lifestyle_tried="helped", duration="more_than_3_months", course="improving"),
    harmless(duration="1_to_2_weeks", frequency="constant"),
    harmless(duration="more_than_3_months", frequency="occasional", course="improving"),
    harmless(locations=["eyelid", "leg_foot"], eyelid_closes=False),
    harmless(symptoms=["cramps"], frequency="daily", triggers=["intense_exercise"]),
    harmless(symptoms=["cramps"], frequency="occasional"),
    harmless(symptoms=["cramps"], frequency="daily", triggers=["poor_sleep"]),
    harmless(age_band="65_or_over"),
    harmless(red_flags_recent=["none"]),
], ids=["improving", "lifestyle-first-week", "not-new-medicine", "eyelid-open", "helped",
        "daily-under-two-weeks", "long-but-now-and-then", "eyelid-and-one-place",
        "cramps-explained", "cramps-now-and-then", "cramps-with-a-trigger", "over-65",
        "nothing-recent"])
def test_boundaries_that_do_not_fire(answers):
    assert validate(answers, complete=True) == []
    assert assess(answers).level.id == "self_care"


def test_several_places_counts_places_other_than_the_eyelid():
    def fired(locations):
        return "several-places" in assess(harmless(locations=locations,
                                                   eyelid_closes=False if "eyelid" in locations
                                                   else None)).rule_ids

    assert not fired(["eyelid", "face"])
    assert fired(["face", "tongue"])
    assert fired(["eyelid", "arm_hand", "leg_foot"])
    assert not fired(["torso_back"])


def test_level_is_the_most_urgent_and_reasons_are_ordered():
    answers = harmless(symptoms=["weakness", "numbness_tingling"], locations=["tongue"],
                       symptoms_onset="days")
    result = assess(answers)
    assert result.level.id == "urgent"
    ranks = [triage.LEVELS_BY_ID[r.level].rank for r in result.reasons]
    assert ranks == sorted(ranks)
    assert result.rule_ids == ["came-on-over-days", "numbness-or-tingling", "muscle-weakness",
                               "tongue-twitching"]


def test_emergency_gives_no_advice_and_others_always_get_the_safety_net():
    assert assess({"red_flags_now": ["breathing_severe"]}).advice == ()
    for case in CASES:
        result = assess(case["answers"])
        if result.level.id != "emergency":
            assert result.advice[-1].id == "safety-net"


@pytest.mark.parametrize(("answers", "advice_id"), [
    (harmless(triggers=["caffeine"]), "cut-caffeine"),
    (harmless(triggers=["stress_anxiety"]), "manage-stress"),
    (harmless(triggers=["poor_sleep"]), "sleep"),
    (harmless(triggers=["intense_exercise"]), "recover-from-exercise"),
    (harmless(triggers=["dehydration_heat"]), "hydrate"),
    (harmless(triggers=["nicotine"]), "cut-nicotine"),
    (harmless(triggers=["alcohol"]), "limit-alcohol"),
    (harmless(triggers=["low_mineral_diet"]), "minerals"),
    (harmless(symptoms=["cramps"]), "minerals"),
    (harmless(locations=["torso_back"]), "stretch"),
    (harmless(medications=["diuretics"], new_medication=False), "medicine-review"),
    (harmless(medications=["none"], new_medication=True), "medicine-review"),
    (harmless(duration="1_to_2_weeks"), "keep-a-diary"),
    (harmless(locations=["tongue"]), "keep-a-diary"),
])
def test_advice_given_when(answers, advice_id):
    assert advice_id in {a.id for a in assess(answers).advice}


@pytest.mark.parametrize(("answers", "advice_id"), [
    (harmless(), "keep-a-diary"),
    (harmless(locations=["eyelid"], eyelid_closes=False), "stretch"),
    (harmless(), "medicine-review"),
    (harmless(triggers=["caffeine"]), "sleep"),
])
def test_advice_not_given(answers, advice_id):
    assert advice_id not in {a.id for a in assess(answers).advice}


def test_urgent_gives_only_what_helps_to_be_seen_today():
    answers = harmless(symptoms=["numbness_tingling"], symptoms_onset="days",
                       triggers=["caffeine", "poor_sleep", "dehydration_heat"],
                       locations=["arm_hand"], duration="1_to_2_weeks", medications=["diuretics"])
    result = assess(answers)
    assert result.level.id == "urgent"
    assert [a.id for a in result.advice] == ["medicine-review", "keep-a-diary", "safety-net"]
    assert "two weeks" not in " ".join(a.text for a in result.advice)


def test_a_two_week_trial_only_when_no_doctor_is_needed():
    def caffeine(**more):
        advice = {a.id: a.text for a in assess(harmless(triggers=["caffeine"], **more)).advice}
        return advice["cut-caffeine"]

    assert "Try this for two weeks" in caffeine()
    assert "two weeks" not in caffeine(locations=["face"])  # routine
    assert "two weeks" not in caffeine(spreading=True)  # soon
    # Someone whose changes already helped is not told to try them.
    assert "two weeks" not in caffeine(lifestyle_tried="helped")
    assert "Try this for two weeks" in caffeine(lifestyle_tried="not_tried")


def test_level_words_of_version_3():
    assert LEVELS_NOW["self_care"].reassurance.endswith(
        "Your answers show none of the signs that need a doctor now.")
    assert "matches" not in LEVELS_NOW["self_care"].reassurance
    assert "points to a problem" not in " ".join(
        f"{lv.meaning} {lv.reassurance}" for lv in LEVELS)
    # The reassurance box only where it does not compete with getting help.
    assert [lv.id for lv in LEVELS if lv.reassurance] == ["routine", "self_care"]
    assert "breathing" not in LEVELS_NOW["emergency"].meaning  # also a sudden stroke sign
    assert "111" in LEVELS_NOW["urgent"].meaning  # an urgent advice line, by name


def test_product_safety_rules_say_so():
    assert SOURCES["product-safety"] == "Safety rule of this tool (not from the four articles)"
    own = {rule.id for rule in RULES if "product-safety" in rule.sources}
    assert own == {"severe-breathing", "breathing-with-weakness", "new-breathing",
                   "fit-or-confusion", "bladder-or-saddle-numbness", "came-on-suddenly",
                   "came-on-suddenly-earlier", "came-on-over-days", "stroke-like-sign-now",
                   "recent-warning-sign", "exercise-muscle-damage", "sickness-or-dehydration",
                   "stopped-heavy-drinking", "medicine-reaction", "water-tablets-with-weakness",
                   "slow-face-side-or-sight", "after-new-medicine", "child"}


@settings(max_examples=2000, deadline=None)
@given(answer_sets())
def test_rules_and_advice_agree_with_the_spec_over_the_answer_space(answers):
    """Differential: the app's tables against the rules written out again (tests/spec_oracle)."""
    result = assess(answers)
    assert {r.id: r.level for r in result.reasons} == spec_oracle.fired_rules(answers)
    assert result.level.id == spec_oracle.level(answers)
    assert {a.id for a in result.advice} == spec_oracle.advice_ids(answers)


def test_every_rule_and_advice_cites_known_sources():
    for entry in (*RULES, *ADVICE):
        assert entry.sources, entry.id
        assert set(entry.sources) <= set(SOURCES), entry.id
    assert {rule.level for rule in RULES} <= {level.id for level in LEVELS}


def test_triage_is_pure():
    """No web, database or I/O imports anywhere in the triage package."""
    import app.triage.advice
    import app.triage.conditions
    import app.triage.levels
    import app.triage.rules
    import app.triage.safety_net
    import app.triage.sources

    for module in (triage, app.triage.advice, app.triage.conditions, app.triage.levels,
                   app.triage.rules, app.triage.sources, app.triage.safety_net):
        source = inspect.getsource(module)
        for banned in ("fastapi", "starlette", "sqlalchemy", "jinja2", "open(", "requests"):
            assert banned not in source, (module.__name__, banned)


def test_the_most_urgent_rule_fired_gives_the_level_assess_gives():
    """The pages' banners ask only for the level (flow.action_needed); it must be the one
    the result will say."""
    from app.triage.rules import most_urgent_fired

    for case in CASES:
        level = assess(case["answers"]).level.id
        assert most_urgent_fired(case["answers"]) == (None if level == "self_care" else level
                                                      ), case["id"]


def test_the_rules_by_urgency_are_the_table_most_urgent_first():
    """The banner and the safety net stop at the first rule that fires in this order: that is
    the most urgent level only if no rule comes before a more urgent one."""
    from app.triage import RULES
    from app.triage.rules import BY_URGENCY

    assert sorted(BY_URGENCY, key=RULES.index) == list(RULES)
    ranks = [triage.LEVELS_BY_ID[rule.level].rank for rule in BY_URGENCY]
    assert ranks == sorted(ranks)
    for rank in set(ranks):  # the table's order within a level is kept
        same = [rule for rule in BY_URGENCY if triage.LEVELS_BY_ID[rule.level].rank == rank]
        assert same == [rule for rule in RULES if triage.LEVELS_BY_ID[rule.level].rank == rank]
