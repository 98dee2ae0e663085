"""Questionnaire version 2 as it was asked (kept so version-2 results keep their words;
version 3, in items.py, reuses the items it did not change)."""

from __future__ import annotations

from dataclasses import replace

from app.i18n import N_
from app.questionnaire.model import YES_NO, EnableWhen, Item, Option
from app.questionnaire.model import options as _opts

VERSION_2 = "2"
NOTES_MAX_CHARS = 1000

# The three signs that need a doctor today (or, for breathing now, at once).
RED_FLAGS = (
    Option("breathing", N_("Difficulty breathing or shortness of breath"), urgent_banner=True),
    Option("swallowing", N_("Difficulty swallowing"), urgent_banner=True),
    Option("speech", N_("Slurred speech or difficulty speaking"), urgent_banner=True),
    Option("none", N_("None of these"), exclusive=True),
)


ITEMS_2: tuple[Item, ...] = (
    Item(
        "red_flags_now", "multi", N_("Right now, do you have any of these?"),
        required_error=N_("Select any you have right now, or ‘None of these’"),
        hint=N_("Select all that apply."), summary_label=N_("Warning signs right now"),
        options=(replace(RED_FLAGS[0], urgent_banner=False, ends_questionnaire=True),
                 *RED_FLAGS[1:]),
    ),
    Item(
        "red_flags_recent", "multi",
        N_("In the last 7 days, but not right now, have you had any of these?"),
        required_error=N_("Select any you had in the last 7 days, or ‘None of these’"),
        hint=N_("Select all that apply."), summary_label=N_("Warning signs in the last 7 days"),
        options=RED_FLAGS, enable_when=(EnableWhen("red_flags_now", "=", "none"),),
    ),
    Item(
        "age_band", "single", N_("How old are you?"), summary_label=N_("Age"),
        required_error=N_("Select your age group"),
        options=_opts(("under_16", N_("Under 16")), ("16_to_64", N_("16 to 64")),
                      ("65_or_over", N_("65 or over"))),
    ),
    Item(
        "locations", "multi", N_("Where do you feel the twitching?"),
        required_error=N_("Select where you feel the twitching"),
        hint=N_("Select all that apply."), summary_label=N_("Where"),
        options=_opts(
            ("eyelid", N_("Eyelid")), ("face", N_("Face (other than the eyelid)")),
            ("tongue", N_("Tongue")), ("arm_hand", N_("Arm or hand")),
            ("leg_foot", N_("Leg or foot")),
            ("torso_back", N_("Chest, belly or back")),
        ),
    ),
    Item(
        "eyelid_closes", "bool", N_("Do the eyelid spasms close your eye or affect your vision?"),
        required_error=N_("Select yes if the spasms close your eye or affect your vision"),
        options=YES_NO, enable_when=(EnableWhen("locations", "=", "eyelid"),),
        summary_label=N_("Eyelid spasms close the eye or affect vision"),
    ),
    Item(
        "duration", "single", N_("How long have you had the twitching?"),
        required_error=N_("Select how long you have had the twitching"),
        summary_label=N_("How long"),
        options=_opts(
            ("less_than_1_week", N_("Less than 1 week")), ("1_to_2_weeks", N_("1 to 2 weeks")),
            ("2_weeks_to_3_months", N_("More than 2 weeks, up to 3 months")),
            ("more_than_3_months", N_("More than 3 months")),
        ),
    ),
    Item(
        "frequency", "single", N_("How often does it happen?"), summary_label=N_("How often"),
        required_error=N_("Select how often it happens"),
        options=(
            Option("occasional", N_("Now and then"), hint=N_("A few times a week or less.")),
            Option("daily", N_("Every day")),
            Option("constant", N_("Most of the day")),
        ),
    ),
    Item(
        "course", "single", N_("Is it changing?"), summary_label=N_("Is it changing"),
        required_error=N_("Select if it is getting better, staying the same or getting worse"),
        options=(
            Option("improving", N_("It is getting better")),
            Option("same", N_("It is about the same")),
            Option("worsening", N_("It is getting worse"),
                   hint=N_("More often, stronger, or in more places.")),
        ),
    ),
    Item(
        "spreading", "bool",
        N_("Has the twitching spread from where it started to other parts of your body?"),
        required_error=N_("Select yes if the twitching has spread to other parts of your body"),
        options=YES_NO, summary_label=N_("Spread to other parts of the body"),
    ),
    Item(
        "symptoms", "multi", N_("Do you also have any of these?"),
        hint=N_("Select all that apply."),
        required_error=N_("Select any of these you also have, or ‘None of these’"),
        summary_label=N_("Other symptoms"),
        options=(
            Option("weakness", N_("Weakness"),
                   hint=N_("For example trouble gripping, lifting, climbing stairs, "
                           "or dropping things.")),
            Option("atrophy", N_("A muscle looks thinner or smaller")),
            Option("numbness_tingling", N_("Numbness, tingling or a change in feeling")),
            Option("coordination_loss", N_("Loss of coordination or balance")),
            Option("walking_difficulty", N_("Difficulty walking")),
            Option("cramps", N_("Muscle cramps")),
            Option("weight_loss", N_("Weight loss you cannot explain")),
            Option("daily_activities", N_("It gets in the way of daily tasks"),
                   hint=N_("Like writing or walking.")),
            Option("none", N_("None of these"), exclusive=True),
        ),
    ),
    Item(
        "came_on_suddenly", "bool",
        N_("Did any of these come on suddenly, over minutes or hours, in the last day?"),
        required_error=N_("Select yes if any of these came on suddenly in the last day"),
        summary_label=N_("Came on suddenly in the last day"),
        options=(Option("yes", N_("Yes"), ends_questionnaire=True), Option("no", N_("No"))),
        enable_when=(EnableWhen("red_flags_now", "=", "swallowing"),
                     EnableWhen("red_flags_now", "=", "speech"),
                     EnableWhen("symptoms", "=", "weakness"),
                     EnableWhen("symptoms", "=", "numbness_tingling"),
                     EnableWhen("symptoms", "=", "coordination_loss")),
        lists_what_enabled_it=True,
    ),
    Item(
        "triggers", "multi", N_("Do any of these apply to you lately?"),
        required_error=N_("Select any that apply to you lately, or ‘None of these’"),
        hint=N_("Select all that apply."), summary_label=N_("Possible triggers"),
        options=(
            Option("caffeine", N_("More than one or two drinks with caffeine a day"),
                   hint=N_("Coffee, tea, cola or energy drinks.")),
            Option("stress_anxiety", N_("Stress or anxiety")),
            Option("poor_sleep", N_("Poor sleep"), hint=N_("Less than 7 hours, or broken sleep.")),
            Option("intense_exercise", N_("Hard exercise in the last few days")),
            Option("dehydration_heat", N_("Drinking little, sweating a lot, or hot weather")),
            Option("nicotine", N_("Smoking, vaping or other nicotine")),
            Option("alcohol", N_("Alcohol")),
            Option("low_mineral_diet", N_("Few leafy greens, nuts, seeds or fruit")),
            Option("none_identified", N_("None of these"), exclusive=True),
        ),
    ),
    Item(
        "medications", "multi", N_("Do you take any of these medicines?"),
        required_error=N_("Select the medicines you take, or ‘None of these’"),
        hint=N_("Select all that apply."), summary_label=N_("Medicines"),
        options=(
            Option("corticosteroids", N_("Steroid tablets or injections"),
                   hint=N_("Such as prednisone or prednisolone.")),
            Option("diuretics", N_("Water tablets (water pills)"),
                   hint=N_("Also called diuretics.")),
            Option("asthma_inhaler", N_("An asthma inhaler")),
            Option("stimulants", N_("Stimulants"), hint=N_("For example for ADHD.")),
            Option("other_regular", N_("Another regular medicine")),
            Option("none", N_("None of these"), exclusive=True),
        ),
    ),
    Item(
        "new_medication", "bool",
        N_("In the 3 months before the twitching started, did you start, stop or change any "
           "medicine?"),
        required_error=N_("Select yes if you started, stopped or changed a medicine in the 3 "
                          "months before"),
        hint=N_("Include medicines you bought without a prescription, and short courses."),
        options=YES_NO, summary_label=N_("Started, stopped or changed a medicine"),
    ),
    Item(
        "lifestyle_tried", "single",
        N_("Have you tried cutting caffeine, sleeping more, drinking more water or reducing "
           "stress?"),
        required_error=N_("Select if you have tried these changes, and if they helped"),
        summary_label=N_("Lifestyle changes tried"),
        options=_opts(
            ("not_tried", N_("No, not yet")), ("helped", N_("Yes, and it helped")),
            ("no_change", N_("Yes, but nothing changed")),
        ),
    ),
    Item(
        "notes", "text", N_("Anything else you want your doctor to know?"),
        hint=N_("Optional. Do not include your name or contact details."),
        required=False, summary_label=N_("Notes for the doctor"), max_chars=NOTES_MAX_CHARS,
    ),
)
