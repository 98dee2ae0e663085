"""The questionnaire of spec/questionnaire.md as data.

Pages, validation, the API schema and any export read this module; adding a question means
adding an `Item` here (and a rule in `app.triage` if one uses it), nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

VERSION = "1"
NOTES_MAX_CHARS = 1000

Kind = Literal["multi", "single", "bool", "text"]


@dataclass(frozen=True)
class Option:
    code: str
    label: str
    hint: str = ""
    exclusive: bool = False
    # Choosing this option ends the questionnaire with the result at once.
    ends_questionnaire: bool = False
    # Choosing this option shows the "get advice today" banner on every later page.
    urgent_banner: bool = False


@dataclass(frozen=True)
class EnableWhen:
    """The item is asked only when `item`'s answer includes (`=`) or excludes (`!=`) `code`.

    `!=` also needs `item` to be answered, as a FHIR enableWhen does.
    """

    item: str
    operator: Literal["=", "!="]
    code: str

    def holds(self, answers: dict) -> bool:
        value = answers.get(self.item)
        if value is None:
            return False
        values = value if isinstance(value, list) else [value]
        return (self.code in values) == (self.operator == "=")


@dataclass(frozen=True)
class Item:
    link_id: str
    kind: Kind
    question: str
    hint: str = ""
    options: tuple[Option, ...] = ()
    enable_when: EnableWhen | None = None
    required: bool = True
    # Short label for the check-answers page and the printed summary.
    summary_label: str = ""
    max_chars: int | None = None
    codes: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "codes", tuple(o.code for o in self.options))

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)


YES_NO = (Option("yes", "Yes"), Option("no", "No"))


def _opts(*pairs: tuple[str, str]) -> tuple[Option, ...]:
    return tuple(Option(code, label) for code, label in pairs)


ITEMS: tuple[Item, ...] = (
    Item(
        "red_flags_now", "multi", "Right now, do you have any of these?",
        hint="Select all that apply.",
        summary_label="Warning signs right now",
        options=(
            Option("breathing", "Difficulty breathing or shortness of breath",
                   ends_questionnaire=True),
            Option("swallowing", "Difficulty swallowing", urgent_banner=True),
            Option("speech", "Slurred speech or difficulty speaking", urgent_banner=True),
            Option("none", "None of these", exclusive=True),
        ),
    ),
    Item(
        "locations", "multi", "Where do you feel the twitching?",
        hint="Select all that apply.", summary_label="Where",
        options=_opts(
            ("eyelid", "Eyelid"), ("face", "Face (other than the eyelid)"),
            ("tongue", "Tongue"), ("arm_hand", "Arm or hand"), ("leg_foot", "Leg or foot"),
            ("torso_back", "Chest, belly or back"),
        ),
    ),
    Item(
        "eyelid_closes", "bool", "Do the eyelid spasms close your eye or affect your vision?",
        options=YES_NO, enable_when=EnableWhen("locations", "=", "eyelid"),
        summary_label="Eyelid spasms close the eye or affect vision",
    ),
    Item(
        "duration", "single", "How long have you had the twitching?",
        summary_label="How long",
        options=_opts(
            ("less_than_1_week", "Less than 1 week"), ("1_to_2_weeks", "1 to 2 weeks"),
            ("2_weeks_to_3_months", "2 weeks to 3 months"),
            ("more_than_3_months", "More than 3 months"),
        ),
    ),
    Item(
        "frequency", "single", "How often does it happen?", summary_label="How often",
        options=(
            Option("occasional", "Now and then", hint="A few times a week or less."),
            Option("daily", "Every day"),
            Option("constant", "Most of the day"),
        ),
    ),
    Item(
        "course", "single", "Is it changing?", summary_label="Is it changing",
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
        options=YES_NO, summary_label="Spread to other parts of the body",
    ),
    Item(
        "symptoms", "multi", "Do you also have any of these?", hint="Select all that apply.",
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
        "triggers", "multi", "Do any of these apply to you lately?",
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
        hint="Select all that apply.", summary_label="Medicines",
        options=(
            Option("corticosteroids", "Steroid tablets or injections",
                   hint="Corticosteroids such as prednisolone."),
            Option("diuretics", "Water tablets (diuretics)"),
            Option("asthma_inhaler", "An asthma inhaler"),
            Option("stimulants", "Stimulants", hint="For example for ADHD."),
            Option("other_regular", "Another regular medicine"),
            Option("none", "None of these", exclusive=True),
        ),
    ),
    Item(
        "new_medication", "bool",
        "Did the twitching start soon after you began a new medicine or changed a dose?",
        options=YES_NO, enable_when=EnableWhen("medications", "!=", "none"),
        summary_label="Started after a new medicine or dose",
    ),
    Item(
        "lifestyle_tried", "single",
        "Have you tried cutting caffeine, sleeping more, drinking more water or reducing stress?",
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

BY_ID: dict[str, Item] = {item.link_id: item for item in ITEMS}


def get(link_id: str) -> Item | None:
    return BY_ID.get(link_id)


def answer_labels(item: Item, value: object) -> list[str]:
    """The answer in plain words, one string per chosen option (codes never shown)."""
    if value is None or value == "" or value == []:
        return []
    if item.kind == "bool":
        return ["Yes" if value else "No"]
    if item.kind == "text":
        return [str(value)]
    codes = value if isinstance(value, list) else [value]
    return [(o.label if (o := item.option(c)) else c) for c in codes]
