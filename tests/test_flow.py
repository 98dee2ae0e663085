"""The page flow computed from the data: conditions, early exit, order, progress, banner."""

from __future__ import annotations

from app import flow
from tests.factories import harmless


def ids(items):
    return [item.link_id for item in items]


def test_conditional_items_only_when_their_condition_holds():
    assert "eyelid_closes" not in ids(flow.enabled_items(harmless()))
    assert "new_medication" not in ids(flow.enabled_items(harmless()))
    with_eyelid = harmless(locations=["eyelid", "face"])
    assert ids(flow.enabled_items(with_eyelid))[2] == "eyelid_closes"
    assert "new_medication" in ids(flow.enabled_items(harmless(medications=["diuretics"])))


def test_unanswered_condition_disables_its_item():
    assert ids(flow.enabled_items({})) == [
        "red_flags_now", "locations", "duration", "frequency", "course", "spreading",
        "symptoms", "triggers", "medications", "lifestyle_tried", "notes"]


def test_breathing_ends_the_questionnaire():
    answers = {"red_flags_now": ["breathing", "speech"]}
    assert ids(flow.enabled_items(answers)) == ["red_flags_now"]
    assert flow.ends_early(answers).link_id == "red_flags_now"
    assert flow.first_unanswered(answers) is None
    assert flow.next_item("red_flags_now", answers) is None
    assert flow.ends_early(harmless()) is None


def test_next_previous_and_progress():
    answers = {"red_flags_now": ["none"], "locations": ["eyelid"]}
    assert flow.next_item("locations", answers).link_id == "eyelid_closes"
    assert flow.previous_item("duration", answers).link_id == "eyelid_closes"
    assert flow.previous_item("red_flags_now", answers) is None
    assert flow.progress("eyelid_closes", answers) == (3, 12)
    assert flow.progress("duration", {"red_flags_now": ["none"]}) == (3, 11)
    assert flow.next_item("notes", harmless()) is None


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


def test_urgent_banner_for_swallowing_or_speech_only():
    assert flow.shows_urgent_banner({"red_flags_now": ["swallowing"]})
    assert flow.shows_urgent_banner({"red_flags_now": ["speech"]})
    assert not flow.shows_urgent_banner({"red_flags_now": ["none"]})
    assert not flow.shows_urgent_banner({})
