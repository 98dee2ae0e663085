"""The questionnaire data keeps the spec's contract: ids, kinds, codes, conditions."""

from __future__ import annotations

from app import questionnaire as q

SPEC_CODES = {
    "red_flags_now": ["breathing", "swallowing", "speech", "none"],
    "locations": ["eyelid", "face", "tongue", "arm_hand", "leg_foot", "torso_back"],
    "eyelid_closes": ["yes", "no"],
    "duration": ["less_than_1_week", "1_to_2_weeks", "2_weeks_to_3_months",
                 "more_than_3_months"],
    "frequency": ["occasional", "daily", "constant"],
    "course": ["improving", "same", "worsening"],
    "spreading": ["yes", "no"],
    "symptoms": ["weakness", "atrophy", "numbness_tingling", "coordination_loss",
                 "walking_difficulty", "cramps", "weight_loss", "daily_activities", "none"],
    "triggers": ["caffeine", "stress_anxiety", "poor_sleep", "intense_exercise",
                 "dehydration_heat", "nicotine", "alcohol", "low_mineral_diet",
                 "none_identified"],
    "medications": ["corticosteroids", "diuretics", "asthma_inhaler", "stimulants",
                    "other_regular", "none"],
    "new_medication": ["yes", "no"],
    "lifestyle_tried": ["not_tried", "helped", "no_change"],
    "notes": [],
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
    seen: set[str] = set()
    for item in q.ITEMS:
        if item.enable_when:
            assert item.enable_when.item in seen, item.link_id
            assert item.enable_when.code in q.BY_ID[item.enable_when.item].codes
        seen.add(item.link_id)


def test_only_notes_is_optional_and_notes_is_capped():
    assert [item.link_id for item in q.ITEMS if not item.required] == ["notes"]
    assert q.BY_ID["notes"].max_chars == 1000
    assert q.VERSION == "1"


def test_answer_labels_are_words_not_codes():
    assert q.answer_labels(q.BY_ID["locations"], ["arm_hand"]) == ["Arm or hand"]
    assert q.answer_labels(q.BY_ID["spreading"], False) == ["No"]
    assert q.answer_labels(q.BY_ID["notes"], "") == []
