"""The advice table of spec/triage-rules.md, in the spec's order (safety-net always last)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from app.triage.conditions import answered_and_not, has, is_not
from app.triage.sources import ALL_SOURCES

# Advice may depend on the level as well as the answers (keep-a-diary does).
AdviceCondition = Callable[[Mapping[str, Any], str], bool]


def answers_only(condition: Callable[[Mapping[str, Any]], bool]) -> AdviceCondition:
    return lambda answers, level: condition(answers)


@dataclass(frozen=True)
class Advice:
    id: str
    given_when: AdviceCondition
    sources: tuple[str, ...]
    title: str
    text: str


def _diary_helps(answers: Mapping[str, Any], level: str) -> bool:
    longer_than_a_week = "duration" in answers and is_not("duration", "less_than_1_week")(answers)
    return level in ("routine", "soon") or longer_than_a_week


ADVICE: tuple[Advice, ...] = (
    Advice("cut-caffeine", answers_only(has("triggers", "caffeine")),
           ("red-flags", "twitching-randomly", "when-to-worry"),
           "Cut down on caffeine",
           "Have no more than one drink with caffeine a day, and only in the morning. Try "
           "this for two weeks to see if the twitching eases."),
    Advice("manage-stress", answers_only(has("triggers", "stress_anxiety")),
           ("red-flags", "when-to-worry"),
           "Take time to calm down",
           "Spend 10 minutes a day on slow breathing, yoga or quiet time to relax. Stress "
           "can make nerves fire more easily."),
    Advice("sleep", answers_only(has("triggers", "poor_sleep")),
           ("red-flags", "when-to-worry"),
           "Sleep 7 to 9 hours",
           "Go to bed at the same time each night. Keep your room dark and cool, and put "
           "screens away before bed."),
    Advice("recover-from-exercise", answers_only(has("triggers", "intense_exercise")),
           ("twitching-randomly", "red-flags"),
           "Rest after hard exercise",
           "Rest, stretch and drink water. Twitches after a hard workout often settle "
           "within a few days."),
    Advice("hydrate", answers_only(has("triggers", "dehydration_heat")),
           ("red-flags", "when-to-worry"),
           "Drink enough water",
           "Aim for about 2 litres of water a day, and more when you sweat. Foods rich in "
           "salts and minerals help too."),
    Advice("cut-nicotine", answers_only(has("triggers", "nicotine")),
           ("when-to-worry",),
           "Cut down on nicotine",
           "Smoke or vape less, or stop. Nicotine can make muscles twitch."),
    Advice("limit-alcohol", answers_only(has("triggers", "alcohol")),
           ("red-flags",),
           "Go easy on alcohol",
           "Avoid alcohol, or keep it to small amounts."),
    Advice("minerals",
           answers_only(lambda a: has("triggers", "low_mineral_diet")(a)
                        or has("symptoms", "cramps")(a)),
           ("telling-you", "red-flags"),
           "Eat foods rich in magnesium and potassium",
           "Magnesium is in almonds, spinach, leafy greens, seeds and dark chocolate. "
           "Potassium is in bananas and avocados. Ask a doctor about a blood test before "
           "you take supplements."),
    Advice("stretch", answers_only(has("locations", "arm_hand", "leg_foot", "torso_back")),
           ("red-flags", "when-to-worry"),
           "Stretch the twitching muscle",
           "Gently stretch the muscle that twitches, a few times a day."),
    Advice("medicine-review", answers_only(answered_and_not("medications", "none")),
           ("red-flags", "twitching-randomly"),
           "Ask about your medicines",
           "Some medicines can cause twitching, such as steroids, water tablets, asthma "
           "inhalers and stimulants. Ask a pharmacist or doctor. Never stop a prescribed "
           "medicine on your own."),
    Advice("keep-a-diary", _diary_helps,
           ("telling-you",),
           "Keep a twitch diary",
           "Write down when and where twitches happen, and how long they last. This "
           "timeline helps a doctor."),
    Advice("safety-net", lambda answers, level: True,
           ALL_SOURCES,
           "When to get help sooner",
           "See a doctor if the twitching lasts more than two weeks, spreads, or comes with "
           "weakness or a muscle that looks thinner. Call your local emergency number if "
           "you have trouble breathing, swallowing or speaking."),
)
BY_ID: dict[str, Advice] = {advice.id: advice for advice in ADVICE}

# Shown to the doctor on the printed summary, as background rather than advice.
DOCTOR_TESTS: tuple[str, ...] = (
    "Blood tests for electrolytes (such as magnesium, calcium and potassium), thyroid "
    "function and vitamins (such as B12 and D)",
    "Electromyography (EMG)",
    "Nerve conduction studies",
    "MRI, if a central nervous system cause is suspected",
)
DOCTOR_TESTS_SOURCES: tuple[str, ...] = ("red-flags",)
