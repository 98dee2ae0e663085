"""Reasons and advice read at US grade 8 or below (Flesch-Kincaid, textstat 0.7.3)."""

from __future__ import annotations

import pytest
import textstat

from app.triage import assess
from app.triage.advice import ADVICE
from app.triage.levels import LEVELS
from app.triage.rules import RULES
from tests.factories import CASES

MAX_GRADE = 8.0


@pytest.mark.parametrize("entry", [*RULES, *ADVICE], ids=lambda e: e.id)
def test_each_text_is_plain(entry):
    grade = textstat.flesch_kincaid_grade(entry.text)
    assert grade <= MAX_GRADE, f"{entry.id}: grade {grade}"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_each_whole_result_is_plain(case):
    result = assess(case["answers"])
    text = " ".join([result.level.meaning, *(r.text for r in result.reasons),
                     *(f"{a.title}. {a.text}" for a in result.advice)])
    grade = textstat.flesch_kincaid_grade(text)
    assert grade <= MAX_GRADE, f"{case['id']}: grade {grade}"


def test_headlines_are_short():
    for level in LEVELS:
        assert len(level.headline.split()) <= 8, level.id
