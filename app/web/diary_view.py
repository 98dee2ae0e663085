"""What the diary's templates show: entries per day for the chart, and the labels."""

from __future__ import annotations

from typing import Any

from app import assessments, diaries, diary, formats, zones
from app.i18n import N_
from app.questionnaire import Option, options
from app.triage.sources import SOURCES

PERIODS = (14, 30, 90)
# The words of the time zone list that are ours, for the catalogue (the template
# translates them): its regions and its one named zone. Places keep tzdata's names.
ZONE_WORDS = (N_("Africa"), N_("America"), N_("Antarctica"), N_("Asia"), N_("Atlantic"),
              N_("Australia"), N_("Europe"), N_("Indian"), N_("Pacific"), N_("Other"),
              N_("UTC (Coordinated Universal Time)"))
FORM_LABELS: dict[str, tuple[Option, ...]] = {
    "locations": options(*diary.LOCATIONS.items()), "durations": options(*diary.DURATIONS.items()),
    "intensities": options(*((str(i), str(i)) for i in range(1, 6))),
    "tags": options(*diary.TAGS.items())}


def chart(entries: list[diary.Entry], days: int) -> dict[str, Any]:
    """Entries per day, each on its own clock's day, up to today on the diary's clock."""
    today = zones.local(assessments.utcnow(), diary.home_zone(entries)).date()
    counts = diary.per_day(entries, days=days, today=today)
    return {"days": counts, "period": days, "periods": PERIODS,
            "highest": max([d.total for d in counts] + [1]),
            "locations": [c for c in diary.LOCATIONS
                          if any(c in d.by_location for d in counts)]}


def diary_context(found: diaries.Diary, days: int | None = 30) -> dict[str, Any]:
    """What the diary templates need; `days=None` for pages that draw no chart."""
    return {"diary": found, "chart": chart(found.entries, days) if days else None,
            "location_labels": diary.LOCATIONS, "duration_labels": diary.DURATIONS,
            "tag_labels": diary.TAGS, "source_titles": SOURCES, "form_labels": FORM_LABELS,
            "zones": zones.grouped(), "zone_label": formats.zone}
