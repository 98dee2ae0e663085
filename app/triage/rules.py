"""The rule table of spec/triage-rules.md, one row per rule, in the spec's order.

Each reason says what the person answered and why it matters, in plain words (grade 8 or
below, checked by tests/test_readability.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.triage.conditions import Condition, all_of, has, is_not, is_true

RULES_VERSION = "1"


@dataclass(frozen=True)
class Rule:
    id: str
    level: str
    fires_when: Condition
    sources: tuple[str, ...]
    text: str


RULES: tuple[Rule, ...] = (
    Rule("difficulty-breathing", "emergency",
         has("red_flags_now", "breathing"),
         ("red-flags",),
         "You said you have trouble breathing right now. This needs help at once."),
    Rule("difficulty-swallowing-or-speaking", "urgent",
         has("red_flags_now", "swallowing", "speech"),
         ("when-to-worry", "red-flags"),
         "You said you have trouble swallowing or speaking. With twitching, this needs a "
         "doctor's check right away, today."),
    # when-to-worry only says "discuss with a provider"; the cautious reading wins.
    Rule("numbness-or-tingling", "urgent",
         has("symptoms", "numbness_tingling"),
         ("twitching-randomly",),
         "You said you have numbness, tingling or a change in feeling. With twitching, a "
         "doctor should check this today."),
    Rule("loss-of-coordination", "urgent",
         has("symptoms", "coordination_loss"),
         ("twitching-randomly",),
         "You said you have lost some balance or control of your moves. With twitching, a "
         "doctor should check this today."),
    Rule("muscle-weakness", "soon",
         has("symptoms", "weakness"),
         ("when-to-worry", "telling-you", "red-flags", "twitching-randomly"),
         "You said you have weakness, like trouble gripping or lifting. Weakness with "
         "twitching is the most important sign for a doctor to check."),
    Rule("muscle-shrinkage", "soon",
         has("symptoms", "atrophy"),
         ("telling-you", "red-flags", "when-to-worry"),
         "You said a muscle looks thinner. Visible muscle shrinkage with twitching is a "
         "warning sign that a doctor should check."),
    Rule("spreading", "soon",
         is_true("spreading"),
         ("telling-you", "red-flags", "twitching-randomly"),
         "You said the twitching has spread to other parts of your body. Twitching that "
         "spreads should be checked by a doctor."),
    Rule("getting-worse", "soon",
         has("course", "worsening"),
         ("telling-you",),
         "You said the twitching is getting worse. Twitches that keep getting worse "
         "should be checked by a doctor."),
    Rule("difficulty-walking", "soon",
         has("symptoms", "walking_difficulty"),
         ("telling-you",),
         "You said you have trouble walking. With twitching, this is a warning sign for a "
         "doctor to check."),
    Rule("unexplained-weight-loss", "soon",
         has("symptoms", "weight_loss"),
         ("red-flags",),
         "You said you have lost weight and do not know why. A doctor should look for the "
         "cause."),
    Rule("persistent-over-two-weeks", "routine",
         all_of(has("duration", "2_weeks_to_3_months", "more_than_3_months"),
                is_not("course", "improving")),
         ("red-flags", "telling-you"),
         "You said the twitching has lasted more than two weeks and is not getting better. "
         "A doctor should take a look."),
    Rule("no-better-with-lifestyle-changes", "routine",
         all_of(has("lifestyle_tried", "no_change"), is_not("duration", "less_than_1_week")),
         ("red-flags",),
         "You said you tried less caffeine, more sleep, more water or less stress, and "
         "nothing changed. When twitches stay after these changes, see a doctor."),
    Rule("after-new-medicine", "routine",
         is_true("new_medication"),
         ("twitching-randomly",),
         "You said the twitching started soon after a new medicine or a new dose. Some "
         "medicines can cause twitching, so talk to a doctor about it."),
    Rule("eyelid-closing", "routine",
         is_true("eyelid_closes"),
         ("red-flags",),
         "You said the eyelid spasms close your eye or affect your sight. A doctor may "
         "need to check this."),
    Rule("tongue-twitching", "routine",
         has("locations", "tongue"),
         ("twitching-randomly",),
         "You said your tongue twitches. Twitching there is less common, so a doctor "
         "should take a look."),
    Rule("interferes-with-daily-life", "routine",
         has("symptoms", "daily_activities"),
         ("telling-you",),
         "You said the twitching gets in the way of daily tasks. A doctor can help when "
         "twitches affect your daily life."),
)
BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
