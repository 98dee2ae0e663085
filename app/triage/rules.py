"""The rule table (rules version 2), one row per rule, most urgent level first.

Each reason says what the person answered and why it matters, in plain words (grade 8 or
below, checked by tests/test_readability.py). A rule that is the tool's own caution rather
than the articles' cites `product-safety`. Stored results keep the texts they were scored
with, so changing a row here never changes an old result.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.triage.conditions import (
    Condition,
    all_of,
    answered_and_not,
    has,
    has_at_least,
    is_not,
    is_true,
)

RULES_VERSION = "2"
PERSISTENT = ("2_weeks_to_3_months", "more_than_3_months")
EVERY_DAY = ("daily", "constant")


@dataclass(frozen=True)
class Rule:
    id: str
    level: str
    fires_when: Condition
    sources: tuple[str, ...]
    text: str


RULES: tuple[Rule, ...] = (
    # The articles say "consult"; the tool says call now.
    Rule("difficulty-breathing", "emergency",
         has("red_flags_now", "breathing"),
         ("red-flags", "product-safety"),
         "You said you have trouble breathing right now. This needs help at once."),
    Rule("came-on-suddenly", "emergency",
         is_true("came_on_suddenly"),
         ("product-safety",),
         "You said it came on suddenly in the last day. Sudden weakness, numbness, slurred "
         "speech or trouble swallowing can be a sign of a stroke. Call for help now."),
    Rule("difficulty-swallowing-or-speaking", "urgent",
         has("red_flags_now", "swallowing", "speech"),
         ("when-to-worry", "red-flags"),
         "You said you have trouble swallowing or speaking. With twitching, this needs a "
         "doctor's check right away, today."),
    Rule("recent-breathing-swallowing-or-speech", "urgent",
         answered_and_not("red_flags_recent", "none"),
         ("red-flags", "when-to-worry"),
         "You said you had trouble breathing, swallowing or speaking in the last 7 days. "
         "Even if it has stopped, a doctor should check this today."),
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
         all_of(has("duration", *PERSISTENT), is_not("course", "improving")),
         ("red-flags", "telling-you"),
         "You said the twitching has lasted more than two weeks and is not getting better. "
         "A doctor should take a look."),
    Rule("persistent-and-daily", "routine",
         all_of(has("duration", *PERSISTENT), has("frequency", *EVERY_DAY)),
         ("twitching-randomly", "red-flags"),
         "You said the twitching has lasted more than two weeks and comes every day. "
         "Twitching that keeps coming back like this should be checked by a doctor."),
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
    Rule("several-places", "routine",
         has_at_least("locations", 2, besides=("eyelid",)),
         ("red-flags", "telling-you"),
         "You said you feel twitching in more than one part of your body. Harmless "
         "twitching most often stays in one place, so a doctor should take a look."),
    # A trigger that explains the cramps stops this rule: the one rule that is not monotone.
    Rule("cramps-daily-without-trigger", "routine",
         all_of(has("symptoms", "cramps"), has("triggers", "none_identified"),
                has("frequency", *EVERY_DAY)),
         ("red-flags",),
         "You said you have muscle cramps and twitching every day, with no clear cause. "
         "A doctor should look into this."),
    Rule("face-twitching", "routine",
         has("locations", "face"),
         ("twitching-randomly",),
         "You said your face twitches. Twitching there is less common, so a doctor should "
         "take a look."),
    Rule("child", "routine",
         has("age_band", "under_16"),
         ("product-safety",),
         "You said you are under 16. The articles are written about adults, so a doctor "
         "should check a child's twitching."),
)
BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
