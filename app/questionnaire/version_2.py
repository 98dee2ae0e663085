"""Questionnaire version 2 as it was asked (kept so version-2 results keep their words;
version 3, in items.py, reuses the items it did not change)."""

from __future__ import annotations

from dataclasses import replace

from app.questionnaire.model import YES_NO, EnableWhen, Item, Option
from app.questionnaire.model import options as _opts

VERSION_2 = "2"
NOTES_MAX_CHARS = 1000

# The three signs that need a doctor today (or, for breathing now, at once).
RED_FLAGS = (
    Option("breathing", "Difficulty breathing or shortness of breath", urgent_banner=True),
    Option("swallowing", "Difficulty swallowing", urgent_banner=True),
    Option("speech", "Slurred speech or difficulty speaking", urgent_banner=True),
    Option("none", "None of these", exclusive=True),
)


ITEMS_2: tuple[Item, ...] = (
    Item(
        "red_flags_now", "multi", "Right now, do you have any of these?",
        required_error="Select any you have right now, or ‘None of these’",
        hint="Select all that apply.", summary_label="Warning signs right now",
        options=(replace(RED_FLAGS[0], urgent_banner=False, ends_questionnaire=True),
                 *RED_FLAGS[1:]),
    ),
    Item(
        "red_flags_recent", "multi",
        "In the last 7 days, but not right now, have you had any of these?",
        required_error="Select any you had in the last 7 days, or ‘None of these’",
        hint="Select all that apply.", summary_label="Warning signs in the last 7 days",
        options=RED_FLAGS, enable_when=(EnableWhen("red_flags_now", "=", "none"),),
    ),
    Item(
        "age_band", "single", "How old are you?", summary_label="Age",
        required_error="Select your age group",
        options=_opts(("under_16", "Under 16"), ("16_to_64", "16 to 64"),
                      ("65_or_over", "65 or over")),
    ),
    Item(
        "locations", "multi", "Where do you feel the twitching?",
        required_error="Select where you feel the twitching",
        hint="Select all that apply.", summary_label="Where",
        options=_opts(
            ("eyelid", "Eyelid"), ("face", "Face (other than the eyelid)"),
            ("tongue", "Tongue"), ("arm_hand", "Arm or hand"), ("leg_foot", "Leg or foot"),
            ("torso_back", "Chest, belly or back"),
        ),
    ),
    Item(
        "eyelid_closes", "bool", "Do the eyelid spasms close your eye or affect your vision?",
        required_error="Select yes if the spasms close your eye or affect your vision",
        options=YES_NO, enable_when=(EnableWhen("locations", "=", "eyelid"),),
        summary_label="Eyelid spasms close the eye or affect vision",
    ),
    Item(
        "duration", "single", "How long have you had the twitching?",
        required_error="Select how long you have had the twitching",
        summary_label="How long",
        options=_opts(
            ("less_than_1_week", "Less than 1 week"), ("1_to_2_weeks", "1 to 2 weeks"),
            ("2_weeks_to_3_months", "More than 2 weeks, up to 3 months"),
            ("more_than_3_months", "More than 3 months"),
        ),
    ),
    Item(
        "frequency", "single", "How often does it happen?", summary_label="How often",
        required_error="Select how often it happens",
        options=(
            Option("occasional", "Now and then", hint="A few times a week or less."),
            Option("daily", "Every day"),
            Option("constant", "Most of the day"),
        ),
    ),
    Item(
        "course", "single", "Is it changing?", summary_label="Is it changing",
        required_error="Select if it is getting better, staying the same or getting worse",
        options=(
            Option("improving", "It is getting better"),
            Option("same", "It is about the same"),
            Option("worsening", "It is getting worse",
                   hint="More often, stronger, or in more places."),
        ),
    ),
    Item(
        "spreading", "bool",
        "Has the twitching spread from where it started to other parts of your body?",
        required_error="Select yes if the twitching has spread to other parts of your body",
        options=YES_NO, summary_label="Spread to other parts of the body",
    ),
    Item(
        "symptoms", "multi", "Do you also have any of these?", hint="Select all that apply.",
        required_error="Select any of these you also have, or ‘None of these’",
        summary_label="Other symptoms",
        options=(
            Option("weakness", "Weakness",
                   hint="For example trouble gripping, lifting, climbing stairs, "
                        "or dropping things."),
            Option("atrophy", "A muscle looks thinner or smaller"),
            Option("numbness_tingling", "Numbness, tingling or a change in feeling"),
            Option("coordination_loss", "Loss of coordination or balance"),
            Option("walking_difficulty", "Difficulty walking"),
            Option("cramps", "Muscle cramps"),
            Option("weight_loss", "Weight loss you cannot explain"),
            Option("daily_activities", "It gets in the way of daily tasks",
                   hint="Like writing or walking."),
            Option("none", "None of these", exclusive=True),
        ),
    ),
    Item(
        "came_on_suddenly", "bool",
        "Did any of these come on suddenly, over minutes or hours, in the last day?",
        required_error="Select yes if any of these came on suddenly in the last day",
        summary_label="Came on suddenly in the last day",
        options=(Option("yes", "Yes", ends_questionnaire=True), Option("no", "No")),
        enable_when=(EnableWhen("red_flags_now", "=", "swallowing"),
                     EnableWhen("red_flags_now", "=", "speech"),
                     EnableWhen("symptoms", "=", "weakness"),
                     EnableWhen("symptoms", "=", "numbness_tingling"),
                     EnableWhen("symptoms", "=", "coordination_loss")),
        lists_what_enabled_it=True,
    ),
    Item(
        "triggers", "multi", "Do any of these apply to you lately?",
        required_error="Select any that apply to you lately, or ‘None of these’",
        hint="Select all that apply.", summary_label="Possible triggers",
        options=(
            Option("caffeine", "More than one or two drinks with caffeine a day",
                   hint="Coffee, tea, cola or energy drinks."),
            Option("stress_anxiety", "Stress or anxiety"),
            Option("poor_sleep", "Poor sleep", hint="Less than 7 hours, or broken sleep."),
            Option("intense_exercise", "Hard exercise in the last few days"),
            Option("dehydration_heat", "Drinking little, sweating a lot, or hot weather"),
            Option("nicotine", "Smoking, vaping or other nicotine"),
            Option("alcohol", "Alcohol"),
            Option("low_mineral_diet", "Few leafy greens, nuts, seeds or fruit"),
            Option("none_identified", "None of these", exclusive=True),
        ),
    ),
    Item(
        "medications", "multi", "Do you take any of these medicines?",
        required_error="Select the medicines you take, or ‘None of these’",
        hint="Select all that apply.", summary_label="Medicines",
        options=(
            Option("corticosteroids", "Steroid tablets or injections",
                   hint="Such as prednisone or prednisolone."),
            Option("diuretics", "Water tablets (water pills)", hint="Also called diuretics."),
            Option("asthma_inhaler", "An asthma inhaler"),
            Option("stimulants", "Stimulants", hint="For example for ADHD."),
            Option("other_regular", "Another regular medicine"),
            Option("none", "None of these", exclusive=True),
        ),
    ),
    Item(
        "new_medication", "bool",
        "In the 3 months before the twitching started, did you start, stop or change any "
        "medicine?",
        required_error="Select yes if you started, stopped or changed a medicine in the 3 "
                       "months before",
        hint="Include medicines you bought without a prescription, and short courses.",
        options=YES_NO, summary_label="Started, stopped or changed a medicine",
    ),
    Item(
        "lifestyle_tried", "single",
        "Have you tried cutting caffeine, sleeping more, drinking more water or reducing stress?",
        required_error="Select if you have tried these changes, and if they helped",
        summary_label="Lifestyle changes tried",
        options=_opts(
            ("not_tried", "No, not yet"), ("helped", "Yes, and it helped"),
            ("no_change", "Yes, but nothing changed"),
        ),
    ),
    Item(
        "notes", "text", "Anything else you want your doctor to know?",
        hint="Optional. Do not include your name or contact details.",
        required=False, summary_label="Notes for the doctor", max_chars=NOTES_MAX_CHARS,
    ),
)
