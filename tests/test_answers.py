"""Strict validation shared by both faces: every kind of bad input is named and explained."""

from __future__ import annotations

import pytest

from app.answers import validate
from tests.factories import CASES, harmless


def kinds(answers, complete=True):
    return {(e.item, e.type) for e in validate(answers, complete=complete)}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_vignettes_are_valid(case):
    assert validate(case["answers"], complete=True) == []


@pytest.mark.parametrize(("answers", "expected"), [
    (harmless(colour="blue"), ("colour", "unknown_item")),
    (harmless(locations=["elbow"]), ("locations", "unknown_code")),
    (harmless(duration="forever"), ("duration", "unknown_code")),
    (harmless(symptoms=["none", "weakness"]), ("symptoms", "exclusive_mixed")),
    (harmless(red_flags_now=["speech", "none"]), ("red_flags_now", "exclusive_mixed")),
    (harmless(triggers=["caffeine", "caffeine"]), ("triggers", "duplicate_code")),
    (harmless(locations=[]), ("locations", "required")),
    (harmless(course=None), ("course", "required")),
    (harmless(eyelid_closes=True), ("eyelid_closes", "not_enabled")),
    (harmless(new_medication=None), ("new_medication", "required")),
    (harmless(red_flags_recent=None), ("red_flags_recent", "required")),
    (harmless(age_band=None), ("age_band", "required")),
    (harmless(age_band="40"), ("age_band", "unknown_code")),
    (harmless(symptoms=["weakness"]), ("symptoms_onset", "required")),
    (harmless(symptoms=["cramps"], symptoms_onset="days"), ("symptoms_onset", "not_enabled")),
    (harmless(red_flags_now=["speech"]), ("signs_onset", "required")),
    (harmless(red_flags_now=["breathing_new"], signs_onset="days"),
     ("signs_onset", "not_enabled")),
    (harmless(new_medication=True), ("medicine_reaction", "required")),
    (harmless(medicine_reaction=False), ("medicine_reaction", "not_enabled")),
    (harmless(came_on_suddenly=False), ("came_on_suddenly", "unknown_item")),
    (harmless(red_flags_now=["breathing"]), ("red_flags_now", "unknown_code")),
    (harmless(red_flags_recent=["none", "speech"]), ("red_flags_recent", "exclusive_mixed")),
    (harmless(notes="x" * 1001), ("notes", "too_long")),
    (harmless(spreading="yes"), ("spreading", "wrong_type")),
    (harmless(spreading=1), ("spreading", "wrong_type")),
    (harmless(duration=["less_than_1_week"]), ("duration", "wrong_type")),
    (harmless(locations="leg_foot"), ("locations", "wrong_type")),
    (harmless(locations=[1]), ("locations", "wrong_type")),
    (harmless(notes=5), ("notes", "wrong_type")),
    (harmless(locations=["eyelid"]), ("eyelid_closes", "required")),
])
def test_bad_answers_are_named(answers, expected):
    assert expected in kinds(answers)


def test_notes_are_optional_and_may_be_exactly_the_limit():
    answers = harmless()
    del answers["notes"]
    assert validate(answers, complete=True) == []
    assert validate(harmless(notes="x" * 1000), complete=True) == []


@pytest.mark.parametrize("exit_", [{"red_flags_now": [code]} for code in
                                   ("breathing_severe", "fit_confusion", "bladder")],
                         ids=["breathing_severe", "fit_confusion", "bladder"])
def test_an_early_exit_on_page_1_makes_everything_else_optional_but_still_checked(exit_):
    assert validate(exit_, complete=True) == []
    assert validate({**exit_, "duration": "daily"}, complete=True)


def test_a_sudden_onset_makes_what_follows_optional_but_not_what_came_before():
    assert validate({"red_flags_now": ["face_droop"], "signs_onset": "sudden"},
                    complete=True) == []
    before = {k: v for k, v in harmless(symptoms=["weakness"], symptoms_onset="sudden").items()
              if k in ("red_flags_now", "red_flags_recent", "age_band", "locations",
                       "duration", "frequency", "course", "spreading", "symptoms",
                       "symptoms_onset")}
    assert validate(before, complete=True) == []
    assert ("duration", "required") in kinds({k: v for k, v in before.items()
                                              if k != "duration"})
    assert validate({**before, "triggers": ["nope"]}, complete=True)
    # Not sudden: the rest is asked, red_flags_recent too (a sign that came and went).
    slowly = {"red_flags_now": ["face_droop"], "signs_onset": "slowly"}
    assert ("red_flags_recent", "required") in kinds(slowly)


@pytest.mark.parametrize(("answers", "named"), [
    (harmless(red_flags_now=["breathing"]), "'breathing' was version 2"),
    ({"red_flags_now": ["breathing"]}, "'breathing_severe' and 'breathing_new'"),
    (harmless(came_on_suddenly=True), "'came_on_suddenly' was version 2"),
])
def test_a_version_2_code_is_refused_by_name(answers, named):
    assert any(named in e.message for e in validate(answers, complete=True))


def test_a_draft_is_checked_only_for_what_it_has():
    assert validate({"red_flags_now": ["none"]}, complete=False) == []
    assert ("red_flags_now", "wrong_type") in kinds({"red_flags_now": "none"}, complete=False)
