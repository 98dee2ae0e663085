"""The rule table (rules version 3), one row per rule, most urgent level first.

Each reason says what the person answered and why it matters, in plain words (grade 8 or
below, checked by tests/test_readability.py). A rule that is the tool's own caution rather
than the articles' cites `product-safety`. Stored results keep the texts they were scored
with, so changing a row here never changes an old result.

"Onset" is `signs_onset` for the signs of page 1 and `symptoms_onset` for the symptoms.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from app.triage.conditions import (
    Condition,
    all_of,
    answered_and_not,
    any_of,
    has,
    has_at_least,
    is_not,
    is_true,
)
from app.triage.levels import BY_ID as LEVELS
from app.triage.words import N_, Gettext

RULES_VERSION = "3"
PERSISTENT = ("2_weeks_to_3_months", "more_than_3_months")
EVERY_DAY = ("daily", "constant")
STROKE_SIGNS = ("face_droop", "one_side", "sight")


def onset(*codes: str) -> Condition:
    """Either onset question is answered with one of `codes`."""
    return any_of(has("signs_onset", *codes), has("symptoms_onset", *codes))


@dataclass(frozen=True)
class Rule:
    id: str
    level: str
    fires_when: Condition
    sources: tuple[str, ...]
    text: str

    def translated(self, gettext: Gettext) -> Rule:
        return replace(self, text=gettext(self.text))


RULES: tuple[Rule, ...] = (
    Rule("severe-breathing", "emergency",
         has("red_flags_now", "breathing_severe"),
         ("red-flags", "product-safety"),
         N_("You said you are so short of breath you cannot finish a sentence, or your lips are "
            "turning blue or grey. This needs help at once.")),
    # Breathing muscles that weaken over days (as in Guillain-Barre or myasthenia).
    Rule("breathing-with-weakness", "emergency",
         all_of(has("red_flags_now", "breathing_new"),
                any_of(has("symptoms", "weakness"), has("red_flags_now", "swallowing", "speech")),
                onset("sudden_earlier", "days")),
         ("red-flags", "product-safety"),
         N_("You said you are short of breath in a new way, with weakness or trouble swallowing "
            "or speaking that did not start slowly. The muscles you breathe with may be getting "
            "weak. Call for help now.")),
    Rule("fit-or-confusion", "emergency",
         has("red_flags_now", "fit_confusion"),
         ("product-safety",),
         N_("You said you have a fit, jerking that will not stop, or new confusion. This needs "
            "help at once.")),
    Rule("bladder-or-saddle-numbness", "emergency",
         has("red_flags_now", "bladder"),
         ("twitching-randomly", "product-safety"),
         N_("You said you cannot pass urine, have new leaking, or feel numb between the legs. "
            "This can mean pressure on the nerves in your back. Get help now.")),
    Rule("came-on-suddenly", "emergency",
         onset("sudden"),
         ("product-safety",),
         N_("You said it came on suddenly in the last 2 days, or you woke up with it. Sudden "
            "weakness, numbness, a drooping face, loss of sight, slurred speech or trouble "
            "swallowing can be a sign of a stroke. Call for help now.")),
    Rule("new-breathing", "urgent",
         has("red_flags_now", "breathing_new"),
         ("red-flags", "product-safety"),
         N_("You said you are short of breath in a new way, or more than usual. A doctor should "
            "check this today.")),
    Rule("came-on-suddenly-earlier", "urgent",
         onset("sudden_earlier"),
         ("product-safety",),
         N_("You said it came on suddenly, more than 2 days ago. A sign that starts suddenly "
            "should be checked by a doctor today, even if it has not got worse.")),
    Rule("came-on-over-days", "urgent",
         onset("days"),
         ("product-safety",),
         N_("You said it built up over days or weeks, within the last 4 weeks. Weakness or "
            "numbness that builds up like this needs a doctor today.")),
    # No article names a stroke: this is the tool's own caution.
    Rule("stroke-like-sign-now", "urgent",
         any_of(all_of(has("red_flags_now", *STROKE_SIGNS), is_not("signs_onset", "slowly")),
                all_of(has("red_flags_now", "one_side"), has("signs_onset", "slowly"),
                       has("age_band", "65_or_over"))),
         ("product-safety",),
         N_("You said one side of your face droops, one side of your body is weak or numb, or "
            "your sight has changed. These can be signs of a stroke. Go to an emergency "
            "department (A&E) today, even if they are mild.")),
    Rule("difficulty-swallowing-or-speaking", "urgent",
         has("red_flags_now", "swallowing", "speech"),
         ("when-to-worry", "red-flags"),
         N_("You said you have trouble swallowing or speaking. With twitching, this needs a "
            "doctor's check right away, today.")),
    Rule("recent-warning-sign", "urgent",
         answered_and_not("red_flags_recent", "none"),
         ("red-flags", "product-safety"),
         N_("You said you had a warning sign in the last 7 days that has now gone. Even if it "
            "lasted only a few minutes, a doctor should check this today.")),
    # when-to-worry only says "discuss with a provider"; the cautious reading wins.
    Rule("numbness-or-tingling", "urgent",
         all_of(has("symptoms", "numbness_tingling"), is_not("symptoms_onset", "slowly")),
         ("twitching-randomly",),
         N_("You said you have numbness, tingling or a change in feeling. With twitching, a "
            "doctor should check this today.")),
    Rule("loss-of-coordination", "urgent",
         all_of(has("symptoms", "coordination_loss"), is_not("symptoms_onset", "slowly")),
         ("twitching-randomly",),
         N_("You said you have lost some balance or control of your moves. With twitching, a "
            "doctor should check this today.")),
    Rule("exercise-muscle-damage", "urgent",
         has("symptoms", "exercise_damage"),
         ("product-safety",),
         N_("You said you have bad pain, a tight swollen arm or leg, or dark urine after hard "
            "exercise. This can mean muscle damage, which can harm the kidneys. Go to an "
            "emergency department today.")),
    Rule("sickness-or-dehydration", "urgent",
         has("symptoms", "sickness"),
         ("product-safety",),
         N_("You said you have been sick or had diarrhoea for days, cannot keep fluids down, "
            "or feel faint when you stand. Your body may be low on water and salts. A doctor "
            "should check you today.")),
    Rule("stopped-heavy-drinking", "urgent",
         has("triggers", "alcohol_stopped"),
         ("product-safety",),
         N_("You said you stopped or cut down heavy drinking, or feel shaky without a drink. "
            "Stopping can be dangerous, so get help today. Call your local emergency number "
            "if you have a fit, get confused, or see things that are not there.")),
    Rule("medicine-reaction", "urgent",
         is_true("medicine_reaction"),
         ("product-safety",),
         N_("You said you have had sweating, shivering, a fast heartbeat, or felt upset or "
            "confused since a change in your medicines. This can be a reaction to a medicine. "
            "A doctor should check you today. If you also get a high temperature, or stiff or "
            "jerking muscles, call your local emergency number.")),
    Rule("water-tablets-with-weakness", "urgent",
         all_of(has("medications", "diuretics"), has("symptoms", "weakness")),
         ("twitching-randomly", "red-flags", "product-safety"),
         N_("You said you take water tablets and feel weak. Water tablets can make potassium "
            "too low or too high, which can weaken your muscles and heart. Get a blood test "
            "today.")),
    Rule("slow-face-side-or-sight", "soon",
         all_of(has("red_flags_now", *STROKE_SIGNS), has("signs_onset", "slowly")),
         ("twitching-randomly", "red-flags", "product-safety"),
         N_("You said one side of your face droops, one side of your body is weak or numb, or "
            "your sight has changed, slowly over more than 4 weeks. A doctor should check "
            "this soon.")),
    # An exception to "the cautious reading wins": slow numbness is often carpal tunnel.
    Rule("slow-numbness-or-tingling", "soon",
         all_of(has("symptoms", "numbness_tingling"), has("symptoms_onset", "slowly")),
         ("twitching-randomly",),
         N_("You said you have numbness or tingling that came on slowly. A doctor should check "
            "this soon.")),
    Rule("slow-loss-of-coordination", "soon",
         all_of(has("symptoms", "coordination_loss"), has("symptoms_onset", "slowly")),
         ("twitching-randomly",),
         N_("You said you have slowly lost some balance or control of your moves. A doctor "
            "should check this soon.")),
    Rule("water-tablets-with-cramps", "soon",
         all_of(has("medications", "diuretics"), has("symptoms", "cramps")),
         ("twitching-randomly", "red-flags"),
         N_("You said you take water tablets and have cramps. A blood test can check the salts "
            "in your body. See a doctor this week.")),
    Rule("muscle-weakness", "soon",
         has("symptoms", "weakness"),
         ("when-to-worry", "telling-you", "red-flags", "twitching-randomly"),
         N_("You said you have weakness, like trouble gripping or lifting. Weakness with "
            "twitching is the most important sign for a doctor to check.")),
    Rule("muscle-shrinkage", "soon",
         has("symptoms", "atrophy"),
         ("telling-you", "red-flags", "when-to-worry"),
         N_("You said a muscle looks thinner. Visible muscle shrinkage with twitching is a "
            "warning sign that a doctor should check.")),
    Rule("spreading", "soon",
         is_true("spreading"),
         ("telling-you", "red-flags", "twitching-randomly"),
         N_("You said the twitching has spread to other parts of your body. Twitching that "
            "spreads should be checked by a doctor.")),
    Rule("getting-worse", "soon",
         has("course", "worsening"),
         ("telling-you",),
         N_("You said the twitching is getting worse. Twitches that keep getting worse "
            "should be checked by a doctor.")),
    Rule("difficulty-walking", "soon",
         has("symptoms", "walking_difficulty"),
         ("telling-you",),
         N_("You said you have trouble walking. With twitching, this is a warning sign for a "
            "doctor to check.")),
    Rule("unexplained-weight-loss", "soon",
         has("symptoms", "weight_loss"),
         ("red-flags",),
         N_("You said you have lost weight and do not know why. A doctor should look for the "
            "cause.")),
    Rule("persistent-over-two-weeks", "routine",
         all_of(has("duration", *PERSISTENT), is_not("course", "improving")),
         ("red-flags", "telling-you"),
         N_("You said the twitching has lasted more than two weeks and is not getting better. "
            "A doctor should take a look.")),
    Rule("persistent-and-daily", "routine",
         all_of(has("duration", *PERSISTENT), has("frequency", *EVERY_DAY)),
         ("twitching-randomly", "red-flags"),
         N_("You said the twitching has lasted more than two weeks and comes every day. "
            "Twitching that keeps coming back like this should be checked by a doctor.")),
    Rule("no-better-with-lifestyle-changes", "routine",
         all_of(has("lifestyle_tried", "no_change"), is_not("duration", "less_than_1_week")),
         ("red-flags",),
         N_("You said you tried less caffeine, more sleep, more water or less stress, and "
            "nothing changed. When twitches stay after these changes, see a doctor.")),
    Rule("after-new-medicine", "routine",
         is_true("new_medication"),
         ("twitching-randomly", "product-safety"),
         N_("You said you started, stopped or changed a medicine. Some medicines can cause "
            "twitching, so talk to a doctor about it.")),
    Rule("eyelid-closing", "routine",
         is_true("eyelid_closes"),
         ("red-flags",),
         N_("You said the eyelid spasms close your eye or affect your sight. A doctor may "
            "need to check this.")),
    Rule("tongue-twitching", "routine",
         has("locations", "tongue"),
         ("twitching-randomly",),
         N_("You said your tongue twitches. Twitching there is less common, so a doctor "
            "should take a look.")),
    Rule("interferes-with-daily-life", "routine",
         has("symptoms", "daily_activities"),
         ("telling-you",),
         N_("You said the twitching gets in the way of daily tasks. A doctor can help when "
            "twitches affect your daily life.")),
    Rule("several-places", "routine",
         has_at_least("locations", 2, besides=("eyelid",)),
         ("red-flags", "telling-you"),
         N_("You said you feel twitching in more than one part of your body. Twitching in "
            "several places is on the articles' list of things a doctor should check.")),
    # A trigger that explains the cramps stops this rule: the one rule that is not monotone.
    Rule("cramps-daily-without-trigger", "routine",
         all_of(has("symptoms", "cramps"), has("triggers", "none_identified"),
                has("frequency", *EVERY_DAY)),
         ("red-flags",),
         N_("You said you have muscle cramps and twitching every day, with no clear cause. "
            "A doctor should look into this.")),
    Rule("face-twitching", "routine",
         has("locations", "face"),
         ("twitching-randomly",),
         N_("You said your face twitches. Twitching there is less common, so a doctor should "
            "take a look.")),
    Rule("child", "routine",
         has("age_band", "under_16"),
         ("product-safety",),
         N_("You said the person with the twitching is under 16. The articles are written "
            "about adults, so a doctor should check a child's twitching.")),
)
BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
# The table, most urgent level first (the table's order within a level): the first rule
# that fires gives the level, so a scoring for the level alone can stop there.
BY_URGENCY: tuple[Rule, ...] = tuple(sorted(RULES, key=lambda rule: LEVELS[rule.level].rank))


def most_urgent_fired(answers: Mapping[str, Any], above_rank: int | None = None) -> str | None:
    """The id of the most urgent level a rule gives these answers, or None when none
    fires; with `above_rank`, only a level more urgent than that rank (the rules walked
    most urgent first, stopping at the first that fires or the first not more urgent)."""
    for rule in BY_URGENCY:
        if above_rank is not None and LEVELS[rule.level].rank >= above_rank:
            return None
        if rule.fires_when(answers):
            return rule.level
    return None
