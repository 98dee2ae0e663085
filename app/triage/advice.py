"""The advice table (advice version 3), safety-net last.

Advice depends on the level as well as the answers: at `urgent` only what helps a person
get seen today is given (no lifestyle tips), a "try it for two weeks" trial is offered only
when no doctor is needed, and the safety net is built by scoring again (safety_net.py).
It fits the person too: no adult figures for a child, no "stop drinking" that could bring
on withdrawal fits, no potassium-rich food unchecked for people whose medicines change it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from app.triage.conditions import Condition, answered_and_not, any_of, has, is_not, is_true
from app.triage.safety_net import safety_net_parts
from app.triage.sources import ALL_ARTICLES
from app.triage.words import N_, Gettext, identity, sentences

Answers = Mapping[str, Any]
# Lifestyle tips; care a doctor would want (medicines, a diary); the safety net.
Kind = Literal["lifestyle", "care", "safety"]
# At urgent, only what helps a person get seen today.
GIVEN_AT_URGENT: tuple[Kind, ...] = ("care", "safety")

POTASSIUM = N_("Some medicines for blood pressure, the heart or the kidneys, and kidney "
               "disease, change potassium. Ask your doctor before you eat a lot more "
               "potassium-rich food or take supplements. If a doctor told you to limit "
               "drinks, follow that.")
# Water tablets, or a regular medicine that may be one for blood pressure or the kidneys.
potassium_matters = has("medications", "diuretics", "other_regular")
under_16 = has("age_band", "under_16")
# The articles are about adults; these words replace adult figures and adult habits.
YOUNG_HABITS = N_("Smoking, vaping and alcohol are harmful for young people. A doctor or "
                  "school nurse can help you stop.")
ALCOHOL = N_("If you drink a lot every day, or feel shaky, sweaty or sick without a drink, "
             "do not stop all at once: that can be dangerous. Ask a doctor to help you cut "
             "down safely.")
# A text worked out from the answers: (answers, level id) -> its sentences, to be worded
# in a language (app.triage.words.sentences).
Composed = Callable[[Answers, str], tuple[str, ...]]


@dataclass(frozen=True)
class Advice:
    id: str
    given_when: Callable[[Answers, str], bool]  # (answers, level id)
    sources: tuple[str, ...]
    title: str
    text: str | Composed
    kind: Kind = "lifestyle"
    # Added only at self-care: a trial fits when no doctor is needed.
    trial: str = ""
    # Added when their condition holds.
    caveats: tuple[tuple[Condition, str], ...] = ()
    # Said instead of `text` (and with no trial) when the person is under 16.
    for_under_16: str = ""
    # Also given at urgent when this holds (beside the care and safety advice).
    at_urgent: Condition | None = None

    def parts_for(self, answers: Answers, level: str) -> tuple[str, ...]:
        """What this advice says to these answers, as sentences still to be worded."""
        if callable(self.text):
            return self.text(answers, level)
        if self.for_under_16 and under_16(answers):
            return (self.for_under_16,)
        # No trial for someone who says the changes already helped: they keep them up.
        tried = has("lifestyle_tried", "helped")(answers)
        parts = [self.text, self.trial if level == "self_care" and not tried else ""]
        parts += [caveat for holds, caveat in self.caveats if holds(answers)]
        return tuple(parts)

    def text_for(self, answers: Answers, level: str, gettext: Gettext = identity) -> str:
        return sentences(gettext, *self.parts_for(answers, level))


@dataclass(frozen=True)
class GivenAdvice:
    """One piece of advice as a person is told it."""

    id: str
    kind: Kind
    title: str
    text: str
    sources: tuple[str, ...]


def answers_only(condition: Condition) -> Callable[[Answers, str], bool]:
    return lambda answers, level: condition(answers)


stopped_drinking = has("triggers", "alcohol_stopped")


def _alcohol(answers: Answers, level: str) -> tuple[str, ...]:
    # Withdrawal after heavy drinking is dangerous at any age: that warning comes first.
    if stopped_drinking(answers):
        return (ALCOHOL,)
    if under_16(answers):
        return (YOUNG_HABITS,)
    return (N_("Drinking less may help the twitching."), ALCOHOL)


def _recover(answers: Answers, level: str) -> tuple[str, ...]:
    # Reassurance only where no doctor is needed soon, never beside muscle damage.
    settle = level in ("self_care", "routine") and not has("symptoms", "exercise_damage")(
        answers)
    return (N_("Rest, stretch and drink water."),
            N_("Twitches after a hard workout often settle within a few days.")
            if settle else "")


def _diary_helps(answers: Answers, level: str) -> bool:
    longer_than_a_week = "duration" in answers and is_not("duration", "less_than_1_week")(answers)
    return level in ("routine", "soon") or longer_than_a_week


ADVICE: tuple[Advice, ...] = (
    Advice("cut-caffeine", answers_only(has("triggers", "caffeine")),
           ("red-flags", "twitching-randomly", "when-to-worry"),
           N_("Cut down on caffeine"),
           N_("Have no more than one drink with caffeine a day, and only in the morning."),
           trial=N_("Try this for two weeks to see if the twitching eases."),
           for_under_16=N_("Children and teenagers should avoid energy drinks and keep caffeine "
                           "low.")),
    Advice("manage-stress", answers_only(has("triggers", "stress_anxiety")),
           ("red-flags", "when-to-worry"),
           N_("Take time to calm down"),
           N_("Spend 10 minutes a day on slow breathing, yoga or quiet time to relax. Stress "
              "can make nerves fire more easily.")),
    Advice("sleep", answers_only(has("triggers", "poor_sleep")),
           ("red-flags", "when-to-worry"),
           N_("Get enough sleep"),
           N_("Sleep 7 to 9 hours. Go to bed at the same time each night. Keep your room dark "
              "and cool, and put screens away before bed."),
           # American Academy of Sleep Medicine consensus, 2016.
           for_under_16=N_("Children need more sleep than adults: 10 to 13 hours at ages 3 to "
                           "5, 9 to 12 hours at ages 6 to 12, and 8 to 10 hours for teenagers. "
                           "Go to bed at the same time each night, and put screens away before "
                           "bed.")),
    Advice("recover-from-exercise",
           answers_only(has("triggers", "intense_exercise")),
           ("twitching-randomly", "red-flags"),
           N_("Rest after hard exercise"),
           _recover),
    Advice("hydrate", answers_only(has("triggers", "dehydration_heat")),
           ("red-flags", "when-to-worry"),
           N_("Drink enough water"),
           N_("Aim for about 2 litres of water a day, and more when you sweat. Foods rich in "
              "minerals help too."),
           caveats=((potassium_matters, POTASSIUM),),
           for_under_16=N_("Drink water through the day, and more when it is hot or after "
                           "sport.")),
    Advice("cut-nicotine", answers_only(has("triggers", "nicotine")),
           ("when-to-worry",),
           N_("Cut down on nicotine"),
           N_("Smoke or vape less, or stop. Nicotine can make muscles twitch."),
           for_under_16=YOUNG_HABITS),
    # Stopping heavy drinking at once can bring on fits: never just "avoid alcohol".
    Advice("limit-alcohol", answers_only(has("triggers", "alcohol", "alcohol_stopped")),
           ("red-flags", "product-safety"),
           N_("Cut down on alcohol safely"),
           _alcohol, at_urgent=stopped_drinking),
    Advice("minerals",
           answers_only(any_of(has("triggers", "low_mineral_diet"), has("symptoms", "cramps"))),
           ("telling-you", "red-flags"),
           N_("Eat foods rich in magnesium and potassium"),
           N_("Magnesium is in almonds, spinach, leafy greens, seeds and dark chocolate. "
              "Potassium is in bananas and avocados. Ask a doctor about a blood test before "
              "you take supplements."),
           caveats=((potassium_matters, POTASSIUM),)),
    Advice("stretch", answers_only(has("locations", "arm_hand", "leg_foot", "torso_back")),
           ("red-flags", "when-to-worry"),
           N_("Stretch the twitching muscle"),
           N_("Gently stretch the muscle that twitches, a few times a day.")),
    # Also for a medicine started or changed lately, even one not on the list (such as one
    # bought without a prescription): that is who the question is for.
    Advice("medicine-review",
           answers_only(any_of(answered_and_not("medications", "none"),
                               is_true("new_medication"))),
           ("red-flags", "twitching-randomly"),
           N_("Ask about your medicines"),
           N_("Some medicines can cause twitching. These include steroid tablets (such as "
              "prednisone or prednisolone), water tablets (water pills), asthma inhalers and "
              "stimulants. Ask a pharmacist or doctor. Never stop a prescribed medicine on your "
              "own."),
           kind="care"),
    Advice("keep-a-diary", _diary_helps,
           ("telling-you",),
           N_("Keep a twitch diary"),
           N_("Write down when and where twitches happen, and how long they last. This "
              "timeline helps a doctor."),
           kind="care"),
    Advice("safety-net", lambda answers, level: True,
           (*ALL_ARTICLES, "product-safety"),
           N_("When to get help sooner"),
           safety_net_parts,
           kind="safety"),
)
BY_ID: dict[str, Advice] = {advice.id: advice for advice in ADVICE}


@dataclass(frozen=True)
class PlannedAdvice:
    """A piece of advice chosen for some answers, its sentences not yet worded."""

    advice: Advice
    kind: Kind
    parts: tuple[str, ...]


def plan(answers: Answers, level: str) -> tuple[PlannedAdvice, ...]:
    """The advice for these answers at this level, in the table's order, in no language
    yet: the safety net's scoring is done here, once for every language."""
    if level == "emergency":
        return ()
    planned: list[PlannedAdvice] = []
    for a in ADVICE:
        if not a.given_when(answers, level):
            continue
        if level == "urgent" and a.kind not in GIVEN_AT_URGENT and not (
                a.at_urgent and a.at_urgent(answers)):
            continue
        # Given at urgent, it is care to get through today, not a tip to try at home.
        kind: Kind = "care" if level == "urgent" and a.kind not in GIVEN_AT_URGENT else a.kind
        planned.append(PlannedAdvice(a, kind, a.parts_for(answers, level)))
    return tuple(planned)


def worded(planned: tuple[PlannedAdvice, ...], gettext: Gettext = identity
           ) -> tuple[GivenAdvice, ...]:
    """Planned advice in the words of `gettext`'s language."""
    given: list[GivenAdvice] = []
    for p in planned:
        text = sentences(gettext, *p.parts)
        # Said once: the potassium caveat, and the young people's word on habits.
        for said in (gettext(POTASSIUM), gettext(YOUNG_HABITS)):
            if said in text and any(said in g.text for g in given):
                text = text.replace(said, "").strip()
        if text:
            given.append(GivenAdvice(p.advice.id, p.kind, gettext(p.advice.title), text,
                                     p.advice.sources))
    return tuple(given)


def advise(answers: Answers, level: str, gettext: Gettext = identity
           ) -> tuple[GivenAdvice, ...]:
    """The advice for these answers at this level, in the table's order, in the words of
    `gettext`'s language."""
    return worded(plan(answers, level), gettext)


# Shown to the doctor on the printed summary, as background rather than advice.
DOCTOR_CHECKS = N_("A history and an examination: reflexes, muscle strength, coordination "
                   "and feeling")
DOCTOR_TESTS: tuple[str, ...] = (
    N_("Blood tests for electrolytes (such as magnesium, calcium and potassium), thyroid "
       "function and vitamins (such as B12 and D)"),
    N_("Electromyography (EMG)"),
    N_("Nerve conduction studies"),
    N_("MRI, if a central nervous system cause is suspected"),
)
DOCTOR_TESTS_SOURCES: tuple[str, ...] = ("red-flags",)
# EMG, nerve studies and MRI frighten a person told their twitches are likely harmless more
# than they help: they are named only where a doctor is to be seen within a week or sooner.
SPECIALIST_TESTS_FROM_RANK = 2


def doctor_tests(rank: int) -> tuple[str, ...]:
    """The tests a doctor may consider, for a result of that level's rank (0 = emergency)."""
    return DOCTOR_TESTS if rank <= SPECIALIST_TESTS_FROM_RANK else DOCTOR_TESTS[:1]
