"""The triage service against the vignettes and the rule table, rule by rule."""

from __future__ import annotations

import inspect

import pytest

from app import triage
from app.triage import assess
from app.triage.advice import ADVICE
from app.triage.levels import LEVELS
from app.triage.rules import RULES
from app.triage.sources import SOURCES
from tests.factories import CASES, harmless


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_vignette(case):
    result = assess(case["answers"])
    assert result.level.id == case["expected_level"], case["story"]
    assert sorted(result.rule_ids) == sorted(case["expected_rules"])
    assert set(case["required_advice"]) <= {a.id for a in result.advice}


# One minimal answer change per rule: it must fire that rule alone, at the table's level.
SINGLE_RULE = {
    "difficulty-breathing": ({"red_flags_now": ["breathing"]}, "emergency"),
    "difficulty-swallowing-or-speaking": (harmless(red_flags_now=["swallowing"]), "urgent"),
    "numbness-or-tingling": (harmless(symptoms=["numbness_tingling"]), "urgent"),
    "loss-of-coordination": (harmless(symptoms=["coordination_loss"]), "urgent"),
    "muscle-weakness": (harmless(symptoms=["weakness"]), "soon"),
    "muscle-shrinkage": (harmless(symptoms=["atrophy"]), "soon"),
    "spreading": (harmless(spreading=True), "soon"),
    "getting-worse": (harmless(course="worsening"), "soon"),
    "difficulty-walking": (harmless(symptoms=["walking_difficulty"]), "soon"),
    "unexplained-weight-loss": (harmless(symptoms=["weight_loss"]), "soon"),
    "persistent-over-two-weeks": (harmless(duration="more_than_3_months"), "routine"),
    "no-better-with-lifestyle-changes":
        (harmless(lifestyle_tried="no_change", duration="1_to_2_weeks"), "routine"),
    "after-new-medicine":
        (harmless(medications=["stimulants"], new_medication=True), "routine"),
    "eyelid-closing": (harmless(locations=["eyelid"], eyelid_closes=True), "routine"),
    "tongue-twitching": (harmless(locations=["tongue"]), "routine"),
    "interferes-with-daily-life": (harmless(symptoms=["daily_activities"]), "routine"),
}


def test_every_rule_has_a_single_rule_case():
    assert set(SINGLE_RULE) == {rule.id for rule in RULES}


@pytest.mark.parametrize("rule_id", list(SINGLE_RULE))
def test_rule_fires_alone_at_its_level(rule_id):
    answers, level = SINGLE_RULE[rule_id]
    result = assess(answers)
    assert result.rule_ids == [rule_id]
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
], ids=["improving", "lifestyle-first-week", "not-new-medicine", "eyelid-open", "helped"])
def test_boundaries_that_do_not_fire(answers):
    assert assess(answers).level.id == "self_care"


def test_level_is_the_most_urgent_and_reasons_are_ordered():
    answers = harmless(symptoms=["weakness", "numbness_tingling"], locations=["tongue"])
    result = assess(answers)
    assert result.level.id == "urgent"
    ranks = [triage.LEVELS_BY_ID[r.level].rank for r in result.reasons]
    assert ranks == sorted(ranks)
    assert result.rule_ids == ["numbness-or-tingling", "muscle-weakness", "tongue-twitching"]


def test_emergency_gives_no_advice_and_others_always_get_the_safety_net():
    assert assess({"red_flags_now": ["breathing"]}).advice == ()
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
    import app.triage.sources

    for module in (triage, app.triage.advice, app.triage.conditions, app.triage.levels,
                   app.triage.rules, app.triage.sources):
        source = inspect.getsource(module)
        for banned in ("fastapi", "starlette", "sqlalchemy", "jinja2", "open(", "requests"):
            assert banned not in source, (module.__name__, banned)
