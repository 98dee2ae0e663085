"""Advice version 3: a safety net built by scoring again, advice that fits
the person (children, heavy drinkers, medicines that change potassium), and urgent results
that name an urgent advice line rather than the emergency number."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from app.triage import LEVELS_BY_ID, assess
from app.triage.safety_net import LEADS, SIGNS, groups
from tests import spec_oracle
from tests.factories import CASES, harmless
from tests.test_triage_properties import answer_sets


def advice(answers):
    return {a.id: a.text for a in assess(answers).advice}


def safety_net(answers):
    return advice(answers)["safety-net"]


@settings(max_examples=500, deadline=None)
@given(answer_sets())
def test_a_safety_net_group_is_always_more_urgent_than_the_result(answers):
    result = assess(answers)
    if result.level.id == "emergency":
        assert result.advice == ()
        return
    text = safety_net(answers)
    shown = groups(answers, result.level.id)
    for level_id, signs in shown.items():
        assert LEVELS_BY_ID[level_id].rank < result.level.rank, (level_id, result.level.id)
        assert LEADS[level_id] in text
        # Each sign sits under the level the rules give when it is added (the
        # oracle, written apart from app.triage, scores it).
        for sign in SIGNS:
            if sign.words in signs:
                assert spec_oracle.level(sign.scored_with(answers)) == level_id, sign.words
    for level_id, lead in LEADS.items():
        if LEVELS_BY_ID[level_id].rank >= result.level.rank:
            assert lead not in text, (level_id, result.level.id)


def test_the_safety_net_is_built_by_scoring_and_names_no_reported_sign():
    net = safety_net(harmless())
    assert net.index(LEADS["emergency"]) < net.index(LEADS["urgent"]) < \
        net.index(LEADS["soon"]) < net.index(LEADS["routine"])
    assert "You get new numbness or tingling." in net.split(LEADS["urgent"])[1]
    # Lasting two weeks is routine: never "see a doctor within a week" for it.
    assert "after two weeks" in net.split(LEADS["routine"])[1]
    spreading = safety_net(harmless(spreading=True))  # soon: no soon or routine group
    assert "The twitching spreads" not in spreading and LEADS["soon"] not in spreading
    assert "The twitching gets worse" not in spreading  # soon, the result's own level


@pytest.mark.parametrize("answers", [
    harmless(red_flags_recent=["speech"]), harmless(red_flags_now=["speech"], signs_onset="slowly"),
    harmless(symptoms=["numbness_tingling"], symptoms_onset="days"),
    harmless(red_flags_now=["breathing_new"]), harmless(triggers=["alcohol_stopped"]),
    harmless(symptoms=["exercise_damage"]), harmless(red_flags_recent=["one_side"]),
], ids=["recent-speech", "speech-slowly", "numb-over-days", "breathing", "alcohol",
        "exercise", "recent-one-side"])
def test_an_urgent_result_names_an_urgent_line_not_the_emergency_number_for_its_sign(answers):
    assert assess(answers).level.id == "urgent"
    net = safety_net(answers)
    before_call = net.split(LEADS["emergency"])[0]
    assert "emergency number" not in before_call and "gets worse" not in before_call
    assert "111" in before_call or "emergency department (A&E) today" in before_call
    call_group = net.split(LEADS["emergency"])[1]
    reported = {"speech": "Your speech is slurred.",
                "breathing_new": "You get short of breath in a new way."}
    for code, words in reported.items():
        if code in answers["red_flags_now"]:
            assert words not in call_group


def test_a_and_e_today_for_dark_urine_a_stroke_sign_that_went_and_weakness_over_days():
    for answers in (harmless(symptoms=["exercise_damage"]),
                    harmless(red_flags_recent=["face_droop"]),
                    harmless(symptoms=["weakness"], symptoms_onset="days")):
        assert safety_net(answers).startswith("Go to an emergency department (A&E) today.")
    assert "111" in safety_net(harmless(red_flags_recent=["speech"]))


ADULT_FIGURES = ("7 to 9", "2 litres", "two weeks", "Avoid alcohol", "Drinking less")


def test_under_16_results_show_no_adult_figures():
    child = harmless(age_band="under_16", triggers=["caffeine", "poor_sleep",
                                                    "dehydration_heat", "nicotine", "alcohol"])
    given = advice(child)
    text = " ".join(given.values())
    for adult in ADULT_FIGURES:
        assert adult not in text, adult
    assert "9 to 12 hours for ages 6 to 12" in given["sleep"].replace("at ages", "for ages") \
        or "9 to 12 hours at ages 6 to 12" in given["sleep"]
    assert "energy drinks" in given["cut-caffeine"]
    assert text.count("harmful for young people") == 1
    assert "litre" not in given["hydrate"]
    adult = " ".join(advice({**child, "age_band": "16_to_64"}).values())
    assert "7 to 9" in adult and "2 litres" in adult


def test_alcohol_advice_never_says_stop_at_once():
    drinker = advice(harmless(triggers=["alcohol"]))["limit-alcohol"]
    assert "do not stop all at once" in drinker and "Avoid alcohol" not in drinker
    stopped = assess(harmless(triggers=["alcohol_stopped", "caffeine"]))
    assert stopped.level.id == "urgent"
    ids = [a.id for a in stopped.advice]
    assert "limit-alcohol" in ids and "cut-caffeine" not in ids
    # Shown with what to do today, not under tips to try at home.
    assert {a.kind for a in stopped.advice} <= {"care", "safety"}
    reason = next(r.text for r in stopped.reasons if r.id == "stopped-heavy-drinking")
    assert "today" in reason and "emergency number" in reason and "fit" in reason


POTASSIUM = "change potassium"


@pytest.mark.parametrize("medicine", ["diuretics", "other_regular"])
def test_potassium_caveat_once_for_medicines_that_change_it(medicine):
    both = advice(harmless(medications=[medicine], symptoms=["cramps"],
                           triggers=["dehydration_heat"]))
    assert " ".join(both.values()).count(POTASSIUM) == 1
    only_minerals = advice(harmless(medications=[medicine], triggers=["low_mineral_diet"]))
    assert POTASSIUM in only_minerals["minerals"]
    none = advice(harmless(symptoms=["cramps"], triggers=["dehydration_heat"]))
    assert POTASSIUM not in " ".join(none.values())


SETTLES = "often settle within a few days"


def test_exercise_reassurance_only_at_self_care_and_routine_and_never_with_damage():
    exercise = {"triggers": ["intense_exercise"]}
    assert SETTLES in advice(harmless(**exercise))["recover-from-exercise"]  # self_care
    assert SETTLES in advice(harmless(**exercise, locations=["face"]))["recover-from-exercise"]
    soon = advice(harmless(**exercise, spreading=True))
    assert SETTLES not in soon["recover-from-exercise"]
    damage = assess(harmless(**exercise, symptoms=["exercise_damage"]))
    assert SETTLES not in " ".join(a.text for a in damage.advice)


def test_self_care_never_claims_no_answer_matches_and_names_what_to_watch():
    result = assess(harmless(symptoms=["cramps"], locations=["eyelid", "leg_foot"],
                             eyelid_closes=False))
    assert result.level.id == "self_care"
    words = " ".join([result.level.reassurance, *(a.text for a in result.advice)])
    assert "matches" not in words
    assert "none of the signs that need a doctor now" in words
    assert "Keep an eye on your cramps and the twitching in more than one place." in words


def test_every_public_case_gets_a_safety_net_unless_an_emergency():
    for case in CASES:
        result = assess(case["answers"])
        ids = [a.id for a in result.advice]
        assert (ids[-1:] == ["safety-net"]) is (result.level.id != "emergency"), case["id"]


@pytest.mark.parametrize("onset", ["sudden_earlier", "days"])
def test_a_stroke_sign_still_there_goes_to_a_and_e_today_not_the_usual_doctor(onset):
    """An outside clinician: a stroke sign present now, begun more than 2 days ago, was
    told "a doctor should check you today", as if a GP appointment would do."""
    answers = harmless(red_flags_now=["face_droop"], signs_onset=onset)
    result = assess(answers)
    assert result.level.id == "urgent" and "stroke-like-sign-now" in result.rule_ids
    assert safety_net(answers).startswith("Go to an emergency department (A&E) today.")
    reason = next(r.text for r in result.reasons if r.id == "stroke-like-sign-now")
    assert "emergency department (A&E) today" in reason


def test_a_medicine_reaction_names_the_signs_that_make_it_an_emergency():
    answers = harmless(new_medication=True, medicine_reaction=True)
    result = assess(answers)
    assert result.level.id == "urgent"
    reason = next(r.text for r in result.reasons if r.id == "medicine-reaction")
    assert "high temperature" in reason and "call your local emergency number" in reason


def test_the_safety_net_words_weakness_in_hours_and_new_numbness():
    """Both legs weakening over days is urgent, so "both legs go weak" must not sit under
    call-now; and long-standing numbness is not what "get advice today" means."""
    net = safety_net(harmless())
    emergency = net.split(LEADS["emergency"])[1].split(LEADS["urgent"])[0]
    assert "Weakness comes on suddenly, or spreads fast over hours." in emergency
    assert "both legs" not in net
    assert "You get new numbness or tingling." in net.split(LEADS["urgent"])[1]
