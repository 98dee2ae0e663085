"""Reasons and advice read at US grade 8 or below (Flesch-Kincaid, textstat 0.7.3): every
rule's text, every form an advice text can take, and each vignette's whole result."""

from __future__ import annotations

from itertools import product

import pytest
import textstat

from app.triage import assess, identity
from app.triage.advice import ADVICE
from app.triage.levels import LEVELS, VERSIONS
from app.triage.rules import RULES
from app.triage.safety_net import safety_net_text
from tests.factories import CASES, harmless

MAX_GRADE = 8.0


def plain(text: str) -> None:
    grade = textstat.flesch_kincaid_grade(text)
    assert grade <= MAX_GRADE, f"grade {grade}: {text}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_each_reason_is_plain(rule):
    plain(rule.text)


def _advice_forms(advice, gettext=identity):
    """The text at each level, with and without the answers its caveats and its words for
    children, drinkers and exercise look at (in `gettext`'s language)."""
    for level, diuretics, age, trigger in product(
            ("self_care", "routine", "soon", "urgent"), (False, True),
            ("16_to_64", "under_16"), ("alcohol", "alcohol_stopped", "intense_exercise")):
        answers = harmless(medications=["diuretics"] if diuretics else ["none"],
                           age_band=age, triggers=[trigger])
        yield advice.text_for(answers, level, gettext)


@pytest.mark.parametrize("advice", [a for a in ADVICE if a.id != "safety-net"],
                         ids=lambda a: a.id)
def test_each_advice_text_is_plain_in_every_form(advice):
    for text in set(_advice_forms(advice)):
        plain(text)


# What a person may already have reported, each as the answers that report it.
REPORTED = {
    "long": {"duration": "more_than_3_months"}, "spreads": {"spreading": True},
    "worse": {"course": "worsening"}, "weakness": {"symptoms": ["weakness"]},
    "thinner": {"symptoms": ["atrophy"]}, "walking": {"symptoms": ["walking_difficulty"]},
    "numb": {"symptoms": ["numbness_tingling"]}, "balance": {"symptoms": ["coordination_loss"]},
    "speech": {"red_flags_now": ["speech"], "signs_onset": "slowly"},
    "damage": {"symptoms": ["exercise_damage"]}, "cramps": {"symptoms": ["cramps"]},
}


def safety_nets(gettext=identity) -> set[str]:
    """The safety net for every combination of reported signs, at every level it is given
    (in `gettext`'s language)."""
    texts = set()
    for chosen in product((False, True), repeat=len(REPORTED)):
        answers = harmless(symptoms=[])
        for (_name, reported), on in zip(REPORTED.items(), chosen, strict=True):
            for link_id, value in reported.items() if on else ():
                merged = answers.get(link_id)
                answers[link_id] = [*merged, *value] if isinstance(value, list) and \
                    isinstance(merged, list) else value
        for level in ("self_care", "routine", "soon", "urgent"):
            texts.add(safety_net_text(answers, level, gettext))
    return texts


def test_the_safety_net_is_plain_whatever_was_reported():
    texts = safety_nets()
    assert len(texts) > 100
    for text in texts:
        plain(text)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_each_whole_result_is_plain(case):
    result = assess(case["answers"])
    text = " ".join([result.level.meaning, result.level.reassurance or "",
                     *(r.text for r in result.reasons),
                     *(f"{a.title}. {a.text}" for a in result.advice)])
    plain(text)


def test_level_words_are_plain_in_every_version():
    for levels in VERSIONS.values():
        for level in levels.values():
            plain(level.meaning)
            if level.reassurance:
                plain(level.reassurance)


def test_headlines_are_short():
    for level in LEVELS:
        assert len(level.headline.split()) <= 8, level.id
