"""Property tests over the whole answer space (hypothesis): triage never raises, every
generated answer set is valid, and the level is monotone: a worse answer never lowers it."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.answers import from_form, to_form, validate
from app.questionnaire import BY_ID, ITEMS, Item
from app.triage import LEVELS_BY_ID, assess

# For each single-choice item, its codes from least to most worrying.
WORSE = {
    "duration": ["less_than_1_week", "1_to_2_weeks", "2_weeks_to_3_months",
                 "more_than_3_months"],
    "frequency": ["occasional", "daily", "constant"],
    "course": ["improving", "same", "worsening"],
    "lifestyle_tried": ["helped", "not_tried", "no_change"],
}
# Multi items where choosing more can only add warning signs (or nothing).
MORE_IS_WORSE = ("red_flags_now", "locations", "symptoms", "triggers", "medications")


def multi_values(item: Item) -> st.SearchStrategy[list[str]]:
    exclusive = [o.code for o in item.options if o.exclusive]
    others = [o.code for o in item.options if not o.exclusive]
    subsets = st.lists(st.sampled_from(others), min_size=1, unique=True)
    return st.one_of(st.just(exclusive), subsets) if exclusive else subsets


def value_for(item: Item) -> st.SearchStrategy[Any]:
    if item.kind == "multi":
        return multi_values(item)
    if item.kind == "bool":
        return st.booleans()
    if item.kind == "text":
        return st.text(max_size=50)
    return st.sampled_from(item.codes)


@st.composite
def answer_sets(draw: st.DrawFn) -> dict[str, Any]:
    """A complete, valid answer set; conditional items only when their condition holds."""
    answers: dict[str, Any] = {}
    for item in ITEMS:
        if item.enable_when is None or item.enable_when.holds(answers):
            answers[item.link_id] = draw(value_for(item))
    return answers


def rank(answers: dict[str, Any]) -> int:
    return assess(answers).level.rank


def worse_versions(answers: dict[str, Any]) -> list[dict[str, Any]]:
    """Every answer set one step worse than `answers`."""
    out: list[dict[str, Any]] = []
    for link_id, order in WORSE.items():
        for code in order[order.index(answers[link_id]) + 1:]:
            out.append({**answers, link_id: code})
    for link_id in ("spreading", "eyelid_closes", "new_medication"):
        if answers.get(link_id) is False:
            out.append({**answers, link_id: True})
    for link_id in MORE_IS_WORSE:
        item = BY_ID[link_id]
        chosen = [c for c in answers[link_id] if not item.option(c).exclusive]
        for option in item.options:
            if not option.exclusive and option.code not in chosen:
                more = {**answers, link_id: [*chosen, option.code]}
                # A newly asked follow-up question may take either answer.
                for follow_up in ("eyelid_closes", "new_medication"):
                    condition = BY_ID[follow_up].enable_when
                    if condition.holds(more) and follow_up not in more:
                        out += [{**more, follow_up: v} for v in (False, True)]
                        break
                else:
                    out.append(more)
    return out


@settings(max_examples=400, deadline=None)
@given(answer_sets())
def test_generated_answers_are_valid_and_triage_never_raises(answers):
    assert validate(answers, complete=True) == []
    result = assess(answers)
    fired_ranks = [LEVELS_BY_ID[rule.level].rank for rule in result.reasons]
    # The level is the most urgent of the rules that fired, or self-care when none did.
    assert result.level.rank == min(fired_ranks, default=LEVELS_BY_ID["self_care"].rank)


@settings(max_examples=400, deadline=None)
@given(answer_sets())
def test_a_worse_answer_never_lowers_the_level(answers):
    before = rank(answers)
    for worse in worse_versions(answers):
        assert validate(worse, complete=True) == [], worse
        assert rank(worse) <= before, (answers, worse)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from([i.link_id for i in ITEMS]),
                       st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20),
                                 st.lists(st.text(max_size=20), max_size=4))))
def test_triage_never_raises_even_on_unvalidated_input(answers):
    assess(answers)


@settings(max_examples=200, deadline=None)
@given(answer_sets())
def test_every_answer_survives_the_trip_through_a_form(answers):
    for link_id, value in answers.items():
        assert from_form(BY_ID[link_id], to_form(value)) == (value, [])


ANY_VALUE = st.none() | st.booleans() | st.integers() | st.text(max_size=5) | st.lists(
    st.sampled_from(sorted({o.code for i in ITEMS for o in i.options})) | st.integers(),
    max_size=4)


@settings(max_examples=400, deadline=None)
@given(answer_sets() | st.dictionaries(st.sampled_from([i.link_id for i in ITEMS]), ANY_VALUE))
def test_the_kept_page_order_is_the_one_worked_out_afresh(answers):
    """flow.enabled_items keeps its answer per deciding answers; it must never differ."""
    from app import flow

    assert flow.enabled_items(answers) == flow._enabled(answers, ITEMS)
