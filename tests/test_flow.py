"""The page flow computed from the data: conditions, early exit, order, progress, banner."""

from __future__ import annotations

import pytest

from app import flow
from tests.factories import harmless


def ids(items):
    return [item.link_id for item in items]


def test_conditional_items_only_when_their_condition_holds():
    assert "eyelid_closes" not in ids(flow.enabled_items(harmless()))
    assert "signs_onset" not in ids(flow.enabled_items(harmless()))
    assert "symptoms_onset" not in ids(flow.enabled_items(harmless()))
    assert "medicine_reaction" not in ids(flow.enabled_items(harmless()))
    assert "medicine_reaction" in ids(flow.enabled_items(harmless(new_medication=True)))
    with_eyelid = harmless(locations=["eyelid", "face"])
    assert ids(flow.enabled_items(with_eyelid))[4] == "eyelid_closes"
    # Always asked now: people on a medicine bought without a prescription tick "none".
    assert "new_medication" in ids(flow.enabled_items(harmless(medications=["none"])))
    # Asked whenever no early exit ended it, also when page 1 has signs.
    assert "red_flags_recent" in ids(flow.enabled_items(harmless()))
    assert "red_flags_recent" in ids(flow.enabled_items(
        harmless(red_flags_now=["speech"], signs_onset="slowly")))


def test_signs_onset_right_after_page_1_for_its_five_signs_only():
    for code in ("swallowing", "speech", "face_droop", "one_side", "sight"):
        answers = {"red_flags_now": [code, "breathing_new"]}
        assert ids(flow.enabled_items(answers))[:2] == ["red_flags_now", "signs_onset"], code
    for code in ("breathing_new", "none"):
        assert "signs_onset" not in ids(flow.enabled_items({"red_flags_now": [code]}))


def test_symptoms_onset_after_any_of_its_four_symptoms_unless_speech_or_swallowing():
    for symptoms in (["weakness"], ["numbness_tingling"], ["coordination_loss", "cramps"],
                     ["walking_difficulty"]):
        assert "symptoms_onset" in ids(flow.enabled_items(harmless(symptoms=symptoms)))
    assert "symptoms_onset" not in ids(flow.enabled_items(
        harmless(symptoms=["atrophy", "cramps", "exercise_damage", "sickness"])))
    # Trouble speaking or swallowing (urgent, its onset asked on page 2): not asked, as P04.
    assert "symptoms_onset" not in ids(flow.enabled_items(
        harmless(red_flags_now=["speech"], signs_onset="slowly", symptoms=["weakness"])))
    # A slow face, side or sight sign is `soon`: the symptoms' own onset may raise it.
    assert "symptoms_onset" in ids(flow.enabled_items(
        harmless(red_flags_now=["sight"], signs_onset="slowly", symptoms=["weakness"])))


def test_the_page_lists_what_made_an_onset_asked():
    item = flow.BY_ID["symptoms_onset"]
    answers = harmless(symptoms=["weakness", "cramps", "walking_difficulty"])
    assert flow.what_enabled(item, answers) == [
        "Weakness", "Difficulty walking"]
    signs = flow.BY_ID["signs_onset"]
    assert flow.what_enabled(signs, {"red_flags_now": ["speech", "breathing_new"]}) == [
        "Slurred speech, or trouble speaking or understanding"]


def test_unanswered_condition_disables_its_item():
    assert ids(flow.enabled_items({})) == [
        "red_flags_now", "red_flags_recent", "age_band", "locations", "duration", "frequency",
        "course", "spreading", "symptoms", "triggers", "medications", "new_medication",
        "lifestyle_tried", "notes"]


@pytest.mark.parametrize("code", ["breathing_severe", "fit_confusion", "bladder"])
def test_an_early_exit_on_page_1_ends_the_questionnaire(code):
    answers = {"red_flags_now": [code, "speech"]}
    assert ids(flow.enabled_items(answers)) == ["red_flags_now"]
    assert flow.ends_early(answers).link_id == "red_flags_now"
    assert flow.first_unanswered(answers) is None
    assert flow.next_item("red_flags_now", answers) is None
    assert flow.ends_early(harmless()) is None


def test_a_sudden_stroke_sign_ends_after_two_pages():
    answers = {"red_flags_now": ["face_droop"], "signs_onset": "sudden"}
    assert ids(flow.enabled_items(answers)) == ["red_flags_now", "signs_onset"]
    assert flow.first_unanswered(answers) is None
    assert flow.next_item("signs_onset", answers) is None
    for later in ("sudden_earlier", "days", "slowly"):
        assert flow.next_item("signs_onset", {**answers, "signs_onset": later}).link_id == \
            "red_flags_recent"


def test_a_sudden_symptom_ends_the_questionnaire():
    answers = harmless(symptoms=["weakness"], symptoms_onset="sudden")
    assert flow.ends_early(answers).link_id == "symptoms_onset"
    assert ids(flow.enabled_items(answers))[-1] == "symptoms_onset"
    assert flow.next_item("symptoms_onset", answers) is None
    assert flow.first_unanswered({k: v for k, v in answers.items()
                                  if k not in ("triggers", "medications")}) is None
    assert flow.ends_early(harmless(symptoms=["weakness"], symptoms_onset="days")) is None


def test_next_previous_and_progress():
    answers = {"red_flags_now": ["none"], "red_flags_recent": ["none"], "age_band": "16_to_64",
               "locations": ["eyelid"]}
    assert flow.next_item("locations", answers).link_id == "eyelid_closes"
    assert flow.previous_item("duration", answers).link_id == "eyelid_closes"
    assert flow.previous_item("red_flags_now", answers) is None
    assert flow.next_item("notes", harmless()) is None
    # Question N of M: M counts what may still be asked (an onset may be, until its
    # answers are given), so it never jumps up as the person goes on.
    assert flow.progress("red_flags_now", {}) == (1, 18)
    assert flow.progress("eyelid_closes", answers) == (5, 17)
    assert flow.progress("duration", {**answers, "locations": ["face"]}) == (5, 16)
    assert flow.progress("triggers", harmless()) == (10, 14)


def test_prune_drops_answers_of_items_no_longer_asked():
    answers = harmless(locations=["eyelid"], eyelid_closes=True)
    changed = {**answers, "locations": ["face"]}
    assert "eyelid_closes" not in flow.prune(changed)
    assert flow.prune(answers) == answers


def test_first_unanswered_skips_optional_notes():
    answers = harmless()
    del answers["notes"]
    assert flow.first_unanswered(answers) is None
    del answers["course"]
    assert flow.first_unanswered(answers).link_id == "course"


def test_the_banner_leads_with_the_action_the_answers_so_far_require():
    assert flow.action_needed({"red_flags_now": ["swallowing"]}) == "urgent"
    assert flow.action_needed({"red_flags_now": ["one_side"], "signs_onset": "slowly",
                               "age_band": "65_or_over"}) == "urgent"
    # Short of breath in a new way, with speech trouble that built over days: call now.
    assert flow.action_needed({"red_flags_now": ["breathing_new", "speech"],
                               "signs_onset": "days"}) == "emergency"
    for code in ("breathing_new", "swallowing", "speech", "face_droop", "one_side", "sight",
                 "fit_confusion"):
        answers = {"red_flags_now": ["none"], "red_flags_recent": [code]}
        assert flow.action_needed(answers) is not None, code  # the banner shows
    assert flow.action_needed(harmless(symptoms=["exercise_damage"])) == "urgent"
    # No action needed: the banner (templates/_macros.html urgent_banner) is not shown.
    assert flow.action_needed({"red_flags_now": ["none"], "red_flags_recent": ["none"]}) is None
    assert flow.action_needed(harmless(spreading=True)) is None  # soon: no banner
    assert flow.action_needed({}) is None
    signs = flow.urgent_signs({"red_flags_now": ["none"], "red_flags_recent": ["speech"]})
    assert [o.label for o in signs] == ["Slurred speech, or trouble speaking or understanding"]
