"""Earlier versions of the questionnaire, kept so a stored result is shown in the words it
was answered in (and the FHIR history can serve each version)."""

from __future__ import annotations

from dataclasses import replace

from app.i18n import N_
from app.questionnaire.items import ITEMS, VERSION
from app.questionnaire.model import EnableWhen, Item, Option
from app.questionnaire.model import options as _opts
from app.questionnaire.version_2 import ITEMS_2, VERSION_2

BY_ID = {item.link_id: item for item in ITEMS_2}


def _version_1() -> tuple[Item, ...]:
    """Version 1 as it was asked: three items fewer, the medicine question only for people
    who ticked a medicine, and its own words for durations and medicines."""
    changed = {
        "duration": replace(BY_ID["duration"], options=_opts(
            ("less_than_1_week", N_("Less than 1 week")), ("1_to_2_weeks", N_("1 to 2 weeks")),
            ("2_weeks_to_3_months", N_("2 weeks to 3 months")),
            ("more_than_3_months", N_("More than 3 months")))),
        "medications": replace(BY_ID["medications"], options=(
            Option("corticosteroids", N_("Steroid tablets or injections"),
                   hint=N_("Corticosteroids such as prednisolone.")),
            Option("diuretics", N_("Water tablets (diuretics)")),
            *BY_ID["medications"].options[2:])),
        "new_medication": replace(
            BY_ID["new_medication"], hint="",
            question=N_("Did the twitching start soon after you began a new medicine or "
                        "changed a dose?"),
            summary_label=N_("Started after a new medicine or dose"),
            enable_when=(EnableWhen("medications", "!=", "none"),)),
    }
    dropped = {"red_flags_recent", "age_band", "came_on_suddenly"}
    return tuple(changed.get(i.link_id, i) for i in ITEMS_2 if i.link_id not in dropped)


VERSIONS: dict[str, tuple[Item, ...]] = {"1": _version_1(), VERSION_2: ITEMS_2,
                                          VERSION: ITEMS}


def items_of(version: str) -> tuple[Item, ...]:
    """The items of a questionnaire version (the current one for an unknown version)."""
    return VERSIONS.get(version, ITEMS)
