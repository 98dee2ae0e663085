"""The items asked now (questionnaire version 3), in page order.

Version 3 asks for the time-critical signs on page 1 and how they started straight after,
so a sudden stroke sign reaches its result in two pages. Items version 3 did not change are
version 2's own objects, so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import replace

from app.i18n import N_
from app.questionnaire.model import YES_NO, EnableWhen, Item, Option
from app.questionnaire.version_2 import ITEMS_2, NOTES_MAX_CHARS

__all__ = ["ITEMS", "NOTES_MAX_CHARS", "RETIRED", "VERSION"]

VERSION = "3"
V2 = {item.link_id: item for item in ITEMS_2}

# Page-1 signs that can also come and go (page 3 asks about them), worded the same.
SIGNS = (
    Option("breathing_new", N_("Shortness of breath that is new or worse than usual"),
           urgent_banner=True),
    Option("swallowing", N_("Difficulty swallowing"), urgent_banner=True),
    Option("speech", N_("Slurred speech, or trouble speaking or understanding"),
           urgent_banner=True),
    Option("face_droop", N_("One side of the face drooping"),
           hint=N_("Not just twitching, or the eye closing."), urgent_banner=True),
    Option("one_side", N_("Weakness or numbness in one arm, one leg, or down one side of the "
                          "body"), urgent_banner=True),
    Option("sight", N_("Loss of sight, new double vision, or blurred vision that came on "
                       "suddenly"), urgent_banner=True),
)
FIT = Option("fit_confusion", N_("A fit (seizure), jerking of a whole arm, leg or side that will "
                                 "not stop, or new confusion"), ends_questionnaire=True)
NONE = Option("none", N_("None of these"), exclusive=True)
RED_FLAGS_NOW = (
    Option("breathing_severe", N_("So short of breath you cannot finish a sentence, or lips "
                                  "turning blue or grey"), ends_questionnaire=True),
    *SIGNS, FIT,
    Option("bladder", N_("New: cannot pass urine, trouble starting to pee or not feeling it, new "
                         "leaking, or numbness between the legs or around the bottom"),
           ends_questionnaire=True),
    NONE,
)
# How a sign or symptom started, from worse to better; sudden ends the questionnaire.
ONSETS = (
    Option("sudden", N_("Suddenly, over minutes or hours, or I woke up with it, in the last 2 "
                        "days"), ends_questionnaire=True),
    Option("sudden_earlier", N_("Suddenly, more than 2 days ago")),
    Option("days", N_("Over days or weeks, all within the last 4 weeks")),
    Option("slowly", N_("Slowly, over more than 4 weeks")),
)
SIGNS_WITH_ONSET = ("swallowing", "speech", "face_droop", "one_side", "sight")
SYMPTOMS_WITH_ONSET = ("weakness", "numbness_tingling", "coordination_loss",
                       "walking_difficulty")
NEW_OR_WORSE = N_("Only what is new, or worse than usual.")


def _symptoms() -> Item:
    hints = {"weakness": N_("For example trouble gripping, lifting, climbing stairs, or dropping "
                            "things. Not weakness from pain or an injury."),
             "numbness_tingling": N_("That lasts: not a foot or hand that ‘went to sleep’ and "
                                     "came back within minutes."),
             "walking_difficulty": N_("Not from pain, a sprain or an injury.")}
    kept = [replace(o, hint=hints.get(o.code, o.hint)) for o in V2["symptoms"].options[:-1]]
    return replace(V2["symptoms"], hint=NEW_OR_WORSE, options=(
        *kept,
        Option("exercise_damage", N_("After hard exercise: pain much worse than normal "
                                     "soreness, a tight swollen arm or leg, or dark (brown or "
                                     "cola-coloured) urine")),
        Option("sickness", N_("Being sick for more than 2 days, diarrhoea for more than 7 days, "
                              "not keeping fluids down, or feeling faint when you stand up with "
                              "any of these")),
        V2["symptoms"].options[-1]))


def _onset(link_id: str, enabled_by: tuple[tuple[str, str], ...], *, question: str,
           required_error: str, summary_label: str) -> Item:
    """`enabled_by`: the (item, answer code) pairs that make this question asked. The words
    come whole, each a sentence of its own for the translator."""
    return Item(
        link_id, "single", question, options=ONSETS,
        hint=N_("If they started at different times, answer for the quickest one."),
        required_error=required_error, summary_label=summary_label,
        enable_when=tuple(EnableWhen(item, "=", code) for item, code in enabled_by),
        lists_what_enabled_it=True)


TRIGGERS = V2["triggers"]

ITEMS: tuple[Item, ...] = (
    Item(
        "red_flags_now", "multi", N_("Right now, do you have any of these?"),
        required_error=N_("Select any you have right now, or ‘None of these’"),
        hint=N_("Choose only what is new, or worse than usual. Answering for a child or someone "
                "else? Answer about them."),
        summary_label=N_("Warning signs right now"), options=RED_FLAGS_NOW, asked_afresh=True,
    ),
    replace(_onset("signs_onset", tuple(("red_flags_now", code) for code in SIGNS_WITH_ONSET),
                   question=N_("How did these signs start?"),
                   required_error=N_("Select how these signs started"),
                   summary_label=N_("How the signs started")), asked_afresh=True),
    Item(
        "red_flags_recent", "multi",
        N_("In the last 7 days, did you have any of these that have now gone, even if they "
           "lasted only a few minutes?"),
        required_error=N_("Select any you had that have now gone, or ‘None of these’"),
        hint=N_("Select all that apply."), summary_label=N_("Warning signs that came and went"),
        options=(*SIGNS, replace(FIT, ends_questionnaire=False, urgent_banner=True), NONE),
        asked_afresh=True,
    ),
    replace(V2["age_band"], question=N_("How old are you, or the person you are answering for?"),
            hint=N_("This tool is not for babies under 1: if a baby twitches or jerks, speak to "
                    "a doctor today.")),
    *(V2[link_id] for link_id in ("locations", "eyelid_closes", "duration", "frequency",
                                  "course", "spreading")),
    _symptoms(),
    # Not asked after trouble swallowing or speaking (already `urgent`, and its onset asked
    # on page 2), as public case P04 has it. The narrowest reading that keeps P04: a slow
    # face, side or sight sign (`soon`) still gets its symptoms' onset asked. The one corner
    # this leaves: a sudden symptom with trouble speaking added is urgent, not an emergency,
    # as its onset is no longer asked (tests/test_triage_properties.py holds it there).
    replace(_onset("symptoms_onset", tuple(("symptoms", code) for code in SYMPTOMS_WITH_ONSET),
                   question=N_("How did these symptoms start?"),
                   required_error=N_("Select how these symptoms started"),
                   summary_label=N_("How the symptoms started")),
            unless=(EnableWhen("red_flags_now", "=", "swallowing"),
                    EnableWhen("red_flags_now", "=", "speech"))),
    replace(TRIGGERS, options=(
        *TRIGGERS.options[:-1],
        Option("alcohol_stopped", N_("Stopped or cut down drinking in the last 7 days after "
                                     "drinking a lot every day, or shaky, sweaty or sick "
                                     "without a drink")),
        TRIGGERS.options[-1])),
    V2["medications"],
    # "Or since then" (an outside clinician): a medicine added after the twitching began,
    # as in serotonin syndrome, was never asked about, nor its reaction.
    replace(V2["new_medication"],
            question=N_("In the 3 months before the twitching started, or since then, did you "
                        "start, stop or change any medicine?"),
            required_error=N_("Select yes if you started, stopped or changed a medicine in the 3 "
                              "months before, or since")),
    Item(
        "medicine_reaction", "bool",
        N_("Since then, have you had sweating, shivering, a fast heartbeat, or felt agitated or "
           "confused?"),
        required_error=N_("Select yes if you have had sweating, shivering, a fast heartbeat, or "
                          "felt agitated or confused"),
        options=YES_NO,
        enable_when=(EnableWhen("new_medication", "=", "yes"),),
        summary_label=N_("Sweating, shivering, fast heartbeat, agitation or confusion since"),
    ),
    V2["lifestyle_tried"],
    replace(V2["notes"], hint=N_("Optional. Do not include your name or contact details. The "
                                 "tool does not read your notes: if you have a symptom, choose "
                                 "it in the questions above.")),
)

# Version-2 items and codes that version 3 no longer takes, with what replaces them: an API
# client still sending them is told so by name, not just "unknown".
RETIRED: dict[tuple[str, str | None], str] = {
    ("came_on_suddenly", None): N_("'came_on_suddenly' was version 2: version 3 asks "
                                   "'signs_onset' and 'symptoms_onset' instead"),
    **{(link_id, "breathing"): N_("'breathing' was version 2: version 3 has 'breathing_severe' "
                                  "and 'breathing_new'") for link_id in ("red_flags_now",
                                                                     "red_flags_recent")},
}
