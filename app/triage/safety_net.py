"""The safety net (advice version 3): when to get help sooner, built by scoring again.

Each sign the person did not report is added to their answers and scored with the rule
table; the sign goes under the group of the level that comes out. Only groups more urgent
than the result's level are shown, so the safety net can never contradict the rules (the
tool once said "see a doctor within a week if it lasts two weeks" while calling that
`routine`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from app.triage.conditions import Condition, any_of, has, has_at_least, is_true
from app.triage.levels import BY_ID as LEVELS
from app.triage.rules import BY_ID, most_urgent_fired
from app.triage.words import N_, Clause, Gettext, identity, sentences

Answers = Mapping[str, Any]
EXCLUSIVE = ("none", "none_identified")


def added(item: str, code: str, **also: Any) -> Callable[[Answers], dict[str, Any]]:
    """The answers with `code` added to the multi item `item` (and `also` set)."""
    def change(answers: Answers) -> dict[str, Any]:
        before = answers.get(item)
        kept = [c for c in before if c not in EXCLUSIVE] if isinstance(before, list) else []
        kept = [c for c in kept if isinstance(c, str)]
        return {**answers, item: [*kept, code], **also}
    return change


def set_to(**values: Any) -> Callable[[Answers], dict[str, Any]]:
    return lambda answers: {**answers, **values}


@dataclass(frozen=True)
class Sign:
    words: str
    reported: Condition
    scored_with: Callable[[Answers], dict[str, Any]]


def page_1(code: str, words: str, **also: Any) -> Sign:
    return Sign(words, has("red_flags_now", code), added("red_flags_now", code, **also))


def symptom(code: str, words: str, **also: Any) -> Sign:
    return Sign(words, has("symptoms", code), added("symptoms", code, **also))


def onset(words: str, *as_bad_or_worse: str) -> Sign:
    """Weakness that starts as fast as `as_bad_or_worse[0]` (reported: any of them)."""
    return Sign(words, has("symptoms_onset", *as_bad_or_worse),
                added("symptoms", "weakness", symptoms_onset=as_bad_or_worse[0]))


# A page-1 sign that starts now has started suddenly, in the last 2 days.
STARTS = {"signs_onset": "sudden"}
SIGNS: tuple[Sign, ...] = (
    page_1("face_droop", N_("one side of your face droops"), **STARTS),
    page_1("one_side", N_("one side of your body gets weak or numb"), **STARTS),
    page_1("speech", N_("your speech is slurred"), **STARTS),
    page_1("swallowing", N_("you have trouble swallowing"), **STARTS),
    page_1("sight", N_("you lose your sight or see double"), **STARTS),
    page_1("breathing_severe", N_("you are so short of breath you cannot finish a sentence")),
    onset(N_("weakness comes on suddenly, or spreads fast over hours"), "sudden"),
    page_1("fit_confusion", N_("you have a fit or new confusion")),
    page_1("bladder", N_("you cannot pass urine, or feel numb between the legs")),
    page_1("breathing_new", N_("you get short of breath in a new way")),
    onset(N_("weakness or numbness builds up over days"), "days", "sudden_earlier", "sudden"),
    symptom("numbness_tingling", N_("you get new numbness or tingling")),
    symptom("coordination_loss", N_("you lose your balance or coordination")),
    symptom("exercise_damage", N_("you have bad pain, swelling or dark urine after hard "
                                  "exercise")),
    symptom("sickness", N_("you are sick for days or cannot keep fluids down")),
    symptom("weakness", N_("you feel weak")),
    symptom("atrophy", N_("a muscle looks thinner")),
    symptom("walking_difficulty", N_("you have trouble walking")),
    symptom("weight_loss", N_("you lose weight and do not know why")),
    Sign(N_("the twitching spreads"), is_true("spreading"), set_to(spreading=True)),
    Sign(N_("the twitching gets worse"), has("course", "worsening"), set_to(course="worsening")),
    Sign(N_("it is still there every day after two weeks"),
         has("duration", "2_weeks_to_3_months", "more_than_3_months"),
         set_to(duration="2_weeks_to_3_months", frequency="daily")),
    symptom("daily_activities", N_("it gets in the way of daily tasks")),
    Sign(N_("lifestyle changes have not helped after a week"), has("lifestyle_tried", "no_change"),
         set_to(lifestyle_tried="no_change", duration="1_to_2_weeks")),
)
# Each sign is a sentence of its own: one long list would not read at grade 8.
LEADS = {
    "emergency": N_("Call your local emergency number (911, 999 or 112) now if any of these "
                    "start, come back or suddenly get worse, even if they ease while you "
                    "wait."),
    "urgent": N_("Get medical advice today if any of these happen."),
    "soon": N_("See a doctor within a week if any of these happen."),
    "routine": N_("Book an appointment with a doctor if any of these happen."),
}
URGENT_HELP = N_("Contact your doctor today. If you cannot, call 111 in the UK, 116 117 in "
                 "Germany and some other EU countries, or a nurse advice line. Or go to an "
                 "urgent care centre or an emergency department today.")
EMERGENCY_DEPARTMENT = N_("Go to an emergency department (A&E) today.")
# What a self-care result asks the person to watch, each a whole sentence for the
# translator: (cramps, twitching in more than one place) -> the sentence.
WATCH = {
    (True, False): N_("Keep an eye on your cramps."),
    (False, True): N_("Keep an eye on the twitching in more than one place."),
    (True, True): N_("Keep an eye on your cramps and the twitching in more than one place."),
}
# Dark urine after exercise, a stroke sign now or one (or a fit) that went away, weakness
# building over days: these need tests a doctor's office cannot do the same day.
NEEDS_A_AND_E = any_of(
    has("symptoms", "exercise_damage"),
    # A stroke sign still there (the rule's own condition): checked at A&E, not by a GP.
    BY_ID["stroke-like-sign-now"].fires_when,
    has("red_flags_recent", "face_droop", "one_side", "sight", "fit_confusion"),
    lambda a: has("symptoms_onset", "days")(a) and has("symptoms", "weakness")(a),
    lambda a: has("signs_onset", "days")(a) and has("red_flags_now", "one_side")(a),
)


def groups(answers: Answers, level: str) -> dict[str, list[str]]:
    """Level id -> the unreported signs that would raise the result to it, for the levels
    more urgent than `level` only, most urgent first."""
    rank = LEVELS[level].rank
    found: dict[str, list[str]] = {lv: [] for lv in LEADS if LEVELS[lv].rank < rank}
    for sign in SIGNS:
        if sign.reported(answers):
            continue
        raised = most_urgent_fired(sign.scored_with(answers), above_rank=rank)
        if raised in found and sign.words not in found[raised]:
            found[raised].append(sign.words)
    return {lv: words for lv, words in found.items() if words}


def _watch(answers: Answers) -> str:
    """At self-care, what the person reported that is worth keeping an eye on."""
    watched = (has("symptoms", "cramps")(answers), has_at_least("locations", 2)(answers))
    return WATCH.get(watched, "")


def safety_net_parts(answers: Answers, level: str) -> tuple[str, ...]:
    """What the safety net says, to be worded in a language (app.triage.words.sentences):
    what to do first, then each group's lead and its signs, a sentence each."""
    parts: list[str] = []
    if level == "urgent":
        parts.append(EMERGENCY_DEPARTMENT if NEEDS_A_AND_E(answers) else URGENT_HELP)
    elif level == "self_care":
        parts.append(_watch(answers))
    for lv, words in groups(answers, level).items():
        parts += [LEADS[lv], *(Clause(w) for w in words)]
    return tuple(parts)


def safety_net_text(answers: Answers, level: str, gettext: Gettext = identity) -> str:
    return sentences(gettext, *safety_net_parts(answers, level))
