"""The questionnaire data keeps its contract: ids, kinds, codes, conditions."""

from __future__ import annotations

from app import questionnaire as q

SIGNS = ["breathing_new", "swallowing", "speech", "face_droop", "one_side", "sight"]
ONSETS = ["sudden", "sudden_earlier", "days", "slowly"]
SPEC_CODES_2 = {
    "red_flags_now": ["breathing", "swallowing", "speech", "none"],
    "red_flags_recent": ["breathing", "swallowing", "speech", "none"],
    "age_band": ["under_16", "16_to_64", "65_or_over"],
    "locations": ["eyelid", "face", "tongue", "arm_hand", "leg_foot", "torso_back"],
    "eyelid_closes": ["yes", "no"],
    "duration": ["less_than_1_week", "1_to_2_weeks", "2_weeks_to_3_months",
                 "more_than_3_months"],
    "frequency": ["occasional", "daily", "constant"],
    "course": ["improving", "same", "worsening"],
    "spreading": ["yes", "no"],
    "symptoms": ["weakness", "atrophy", "numbness_tingling", "coordination_loss",
                 "walking_difficulty", "cramps", "weight_loss", "daily_activities", "none"],
    "came_on_suddenly": ["yes", "no"],
    "triggers": ["caffeine", "stress_anxiety", "poor_sleep", "intense_exercise",
                 "dehydration_heat", "nicotine", "alcohol", "low_mineral_diet",
                 "none_identified"],
    "medications": ["corticosteroids", "diuretics", "asthma_inhaler", "stimulants",
                    "other_regular", "none"],
    "new_medication": ["yes", "no"],
    "lifestyle_tried": ["not_tried", "helped", "no_change"],
    "notes": [],
}
# Version 3, in page order.
SPEC_CODES = {
    "red_flags_now": ["breathing_severe", *SIGNS, "fit_confusion", "bladder", "none"],
    "signs_onset": ONSETS,
    "red_flags_recent": [*SIGNS, "fit_confusion", "none"],
    **{k: SPEC_CODES_2[k] for k in ("age_band", "locations", "eyelid_closes", "duration",
                                    "frequency", "course", "spreading")},
    "symptoms": [*SPEC_CODES_2["symptoms"][:-1], "exercise_damage", "sickness", "none"],
    "symptoms_onset": ONSETS,
    "triggers": [*SPEC_CODES_2["triggers"][:-1], "alcohol_stopped", "none_identified"],
    "medications": SPEC_CODES_2["medications"], "new_medication": ["yes", "no"],
    "medicine_reaction": ["yes", "no"],
    "lifestyle_tried": SPEC_CODES_2["lifestyle_tried"], "notes": [],
}


def test_items_codes_and_order_match_the_spec():
    assert [item.link_id for item in q.ITEMS] == list(SPEC_CODES)
    for item in q.ITEMS:
        assert list(item.codes) == SPEC_CODES[item.link_id], item.link_id


def test_kinds_and_exclusive_options():
    kinds = {item.link_id: item.kind for item in q.ITEMS}
    assert kinds["notes"] == "text" and kinds["spreading"] == "bool"
    assert kinds["duration"] == "single" and kinds["symptoms"] == "multi"
    exclusive = {item.link_id: [o.code for o in item.options if o.exclusive] for item in q.ITEMS}
    assert exclusive["red_flags_now"] == ["none"]
    assert exclusive["symptoms"] == ["none"]
    assert exclusive["triggers"] == ["none_identified"]
    assert exclusive["medications"] == ["none"]
    assert not exclusive["locations"]


def test_conditions_refer_to_earlier_items():
    for items in q.VERSIONS.values():
        by_id = {item.link_id: item for item in items}
        seen: set[str] = set()
        for item in items:
            for condition in item.enable_when:
                assert condition.item in seen, item.link_id
                assert condition.code in by_id[condition.item].codes
            seen.add(item.link_id)


def test_version_3_conditions_as_the_spec_says():
    def when(link_id):
        return {(c.item, c.operator, c.code) for c in q.BY_ID[link_id].enable_when}

    assert when("red_flags_recent") == set()  # whenever no early exit ended it
    assert when("signs_onset") == {("red_flags_now", "=", code) for code in
                                   ("swallowing", "speech", "face_droop", "one_side", "sight")}
    assert when("symptoms_onset") == {("symptoms", "=", code) for code in
                                      ("weakness", "numbness_tingling", "coordination_loss",
                                       "walking_difficulty")}
    assert {(c.item, c.code) for c in q.BY_ID["symptoms_onset"].unless} == {
        ("red_flags_now", "swallowing"), ("red_flags_now", "speech")}
    assert when("medicine_reaction") == {("new_medication", "=", "yes")}
    assert when("eyelid_closes") == {("locations", "=", "eyelid")}
    assert when("new_medication") == set()  # always asked
    ends = {(i.link_id, o.code) for i in q.ITEMS for o in i.options if o.ends_questionnaire}
    assert ends == {("red_flags_now", "breathing_severe"), ("red_flags_now", "fit_confusion"),
                    ("red_flags_now", "bladder"), ("signs_onset", "sudden"),
                    ("symptoms_onset", "sudden")}


def test_version_2_is_kept_as_it_was_asked():
    v2 = {item.link_id: item for item in q.VERSIONS["2"]}
    assert {k: list(v.codes) for k, v in v2.items()} == SPEC_CODES_2
    assert v2["red_flags_now"].option("breathing").ends_questionnaire
    assert [(c.item, c.code) for c in v2["red_flags_recent"].enable_when] == [
        ("red_flags_now", "none")]


def test_duration_labels_no_longer_overlap_at_two_weeks():
    labels = [o.label for o in q.BY_ID["duration"].options]
    assert labels == ["Less than 1 week", "1 to 2 weeks", "More than 2 weeks, up to 3 months",
                      "More than 3 months"]


def test_version_1_is_kept_as_it_was_asked():
    v1 = {item.link_id: item for item in q.VERSIONS["1"]}
    assert list(v1) == [link_id for link_id in SPEC_CODES_2
                        if link_id not in ("red_flags_recent", "age_band", "came_on_suddenly")]
    assert [o.label for o in v1["duration"].options][2] == "2 weeks to 3 months"
    assert v1["new_medication"].question.startswith("Did the twitching start soon after")
    assert [(c.item, c.operator, c.code) for c in v1["new_medication"].enable_when] == [
        ("medications", "!=", "none")]
    assert q.items_of("3") is q.ITEMS


def test_only_notes_is_optional_and_notes_is_capped():
    assert [item.link_id for item in q.ITEMS if not item.required] == ["notes"]
    assert q.BY_ID["notes"].max_chars == 1000
    assert q.VERSION == "3"


def test_answer_labels_are_words_not_codes():
    assert q.answer_labels(q.BY_ID["locations"], ["arm_hand"]) == ["Arm or hand"]
    assert q.answer_labels(q.BY_ID["spreading"], False) == ["No"]
    assert q.answer_labels(q.BY_ID["notes"], "") == []
