"""The page flow computed from the data: conditions, early exit, order, progress, banner."""

from __future__ import annotations

from app import flow
from tests.factories import harmless


def ids(items):
    return [item.link_id for item in items]


def test_conditional_items_only_when_their_condition_holds():
    assert "eyelid_closes" not in ids(flow.enabled_items(harmless()))
    assert "came_on_suddenly" not in ids(flow.enabled_items(harmless()))
    with_eyelid = harmless(locations=["eyelid", "face"])
    assert ids(flow.enabled_items(with_eyelid))[4] == "eyelid_closes"
    # Always asked now: people on a medicine bought without a prescription tick "none".
    assert "new_medication" in ids(flow.enabled_items(harmless(medications=["none"])))
    assert "red_flags_recent" in ids(flow.enabled_items(harmless()))
    assert "red_flags_recent" not in ids(flow.enabled_items(harmless(red_flags_now=["speech"])))


def test_came_on_suddenly_is_asked_after_any_of_its_five_answers():
    for answers in ({"red_flags_now": ["swallowing"]}, {"red_flags_now": ["speech"]},
                    harmless(symptoms=["weakness"]), harmless(symptoms=["numbness_tingling"]),
                    harmless(symptoms=["coordination_loss", "cramps"])):
        assert "came_on_suddenly" in ids(flow.enabled_items(answers)), answers
    for answers in (harmless(symptoms=["atrophy", "cramps", "walking_difficulty"]),
                    harmless(red_flags_recent=["speech"])):
        assert "came_on_suddenly" not in ids(flow.enabled_items(answers)), answers


def test_the_page_lists_what_made_came_on_suddenly_asked():
    item = flow.BY_ID["came_on_suddenly"]
    answers = harmless(red_flags_now=["speech"], symptoms=["weakness", "cramps"])
    assert flow.what_enabled(item, answers) == ["Slurred speech or difficulty speaking",
                                                "Weakness"]


def test_unanswered_condition_disables_its_item():
    assert ids(flow.enabled_items({})) == [
        "red_flags_now", "age_band", "locations", "duration", "frequency", "course",
        "spreading", "symptoms", "triggers", "medications", "new_medication",
        "lifestyle_tried", "notes"]


def test_breathing_ends_the_questionnaire():
    answers = {"red_flags_now": ["breathing", "speech"]}
    assert ids(flow.enabled_items(answers)) == ["red_flags_now"]
    assert flow.ends_early(answers).link_id == "red_flags_now"
    assert flow.first_unanswered(answers) is None
    assert flow.next_item("red_flags_now", answers) is None
    assert flow.ends_early(harmless()) is None


def test_came_on_suddenly_yes_ends_the_questionnaire():
    answers = harmless(symptoms=["weakness"], came_on_suddenly=True)
    assert flow.ends_early(answers).link_id == "came_on_suddenly"
    assert ids(flow.enabled_items(answers))[-1] == "came_on_suddenly"
    assert flow.next_item("came_on_suddenly", answers) is None
    assert flow.first_unanswered({k: v for k, v in answers.items()
                                  if k not in ("triggers", "medications")}) is None
    assert flow.ends_early(harmless(symptoms=["weakness"], came_on_suddenly=False)) is None


def test_next_previous_and_progress():
    answers = {"red_flags_now": ["none"], "red_flags_recent": ["none"], "age_band": "16_to_64",
               "locations": ["eyelid"]}
    assert flow.next_item("locations", answers).link_id == "eyelid_closes"
    assert flow.previous_item("duration", answers).link_id == "eyelid_closes"
    assert flow.previous_item("red_flags_now", answers) is None
    assert flow.next_item("notes", harmless()) is None
    # Question N of M: M counts what may still be asked (came_on_suddenly may be, until
    # the symptoms are answered), so it never jumps up as the person goes on.
    assert flow.progress("red_flags_now", {}) == (1, 16)
    assert flow.progress("eyelid_closes", answers) == (5, 16)
    assert flow.progress("duration", {**answers, "locations": ["face"]}) == (5, 15)
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


def test_urgent_banner_for_swallowing_or_speech_now_or_any_sign_of_the_last_week():
    assert flow.shows_urgent_banner({"red_flags_now": ["swallowing"]})
    assert flow.shows_urgent_banner({"red_flags_now": ["speech"]})
    for code in ("breathing", "swallowing", "speech"):
        assert flow.shows_urgent_banner({"red_flags_now": ["none"], "red_flags_recent": [code]})
    assert not flow.shows_urgent_banner({"red_flags_now": ["none"],
                                         "red_flags_recent": ["none"]})
    assert not flow.shows_urgent_banner({})
    signs = flow.urgent_signs({"red_flags_now": ["none"], "red_flags_recent": ["speech"]})
    assert [o.label for o in signs] == ["Slurred speech or difficulty speaking"]
