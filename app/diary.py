"""The twitch diary, pure: entry validation, the three nudges, and the summary for a doctor.

No web, database or clock of its own: `now` is always passed in. An entry is an instant
(UTC, to the minute) and the time zone it was noted in: it is shown, edited, charted and
exported in that zone, so a morning twitch stays a morning twitch.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from app import formats, i18n, zones
from app.answers import UNSTORABLE, AnswerError, storable_text
from app.i18n import N_
from app.questionnaire import BY_ID

LOCATIONS = {o.code: o.label for o in BY_ID["locations"].options}
TAGS = {o.code: o.label for o in BY_ID["triggers"].options if not o.exclusive}
DURATIONS = {"seconds": N_("Seconds"), "minutes": N_("Minutes"), "hours": N_("Hours")}
NOTE_MAX_CHARS = 500
MAX_PAST = timedelta(days=365)
MAX_FUTURE = timedelta(minutes=5)


@dataclass(frozen=True)
class Entry:
    at: datetime
    location: str
    duration: str
    intensity: int
    tags: tuple[str, ...] = ()
    note: str = ""
    id: int | None = None
    tz: str = zones.UTC

    @property
    def local(self) -> datetime:
        """When it was, by the clock of the zone it was noted in."""
        return zones.local(self.at, self.tz)


@dataclass(frozen=True)
class Nudge:
    """What the diary shows, by id; its words are those of the language being drawn when
    they are read (a Spanish page, its English print for the doctor, the API's English)."""

    id: str
    places: tuple[str, ...] = ()  # location codes, for "new-location"

    @property
    def text(self) -> str:
        if self.id == "new-location":
            places = ", ".join(i18n.gettext(LOCATIONS[c]).lower() for c in self.places)
            return i18n.gettext(NUDGES[self.id]) % {"places": places}
        return i18n.gettext(NUDGES[self.id])


NUDGES = {
    "over-two-weeks": N_("Your diary shows twitching for more than two weeks. A doctor should "
                         "check twitches that last this long."),
    "new-location": N_("Your diary shows twitching in a new place (%(places)s). Twitching "
                       "that spreads should be checked by a doctor."),
    "rising-intensity": N_("Your twitches have been stronger this week than the week before. "
                           "Twitches that get worse should be checked by a doctor."),
}


def _parse_at(value: Any) -> datetime | None:
    """An ISO 8601 time with its offset, as UTC (to the minute), or None."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        moved = parsed.astimezone(UTC) if parsed.tzinfo else None
    except (ValueError, OverflowError):  # 0001-01-01 with an offset falls off the calendar
        return None
    return moved.replace(second=0, microsecond=0) if moved else None


def _one_of(value: Any, codes: Mapping[str, str]) -> bool:
    return isinstance(value, str) and value in codes


Problem = tuple[str, str] | None  # (kind, message), or None when the value is fine


# The messages are in the language of the request (a page's; the API's is English).
_ = i18n.gettext


def _tz_problem(tz: Any) -> Problem:
    return None if zones.is_zone(tz) else ("unknown_code",
                                            _("Select your time zone from the list"))


def _at_problem(at: datetime | None, now: datetime, tz: Any) -> Problem:
    if at is None:
        return "wrong_type", _("Enter a date and time like 2026-11-20T08:30:00Z")
    if at > now + MAX_FUTURE:
        # The time was read on the zone's clock: saying that clock's "now" shows a
        # traveller whose zone is still the last one which of the two is wrong.
        where = formats.zone(tz) if zones.is_zone(tz) else zones.UTC
        local = zones.local(now, tz)
        return "in_future", _("The time cannot be in the future: it is now %(date)s, %(time)s "
                              "in %(zone)s. Check the time, and the time zone below it") % {
            "date": formats.day(local, "day_month"), "time": formats.clock(local),
            "zone": where}
    if at < now - MAX_PAST:
        return "too_old", _("The time must be within the last year")
    return None


def _intensity_problem(intensity: Any) -> Problem:
    if isinstance(intensity, int) and not isinstance(intensity, bool) and 1 <= intensity <= 5:
        return None
    return "out_of_range", _("Select how strong it was, from 1 to 5")


def _tags_problem(tags: Any) -> Problem:
    if isinstance(tags, list) and all(_one_of(t, TAGS) for t in tags) \
            and len(set(tags)) == len(tags):
        return None
    return "unknown_code", _("Choose tags only from the list shown, each once")


def _note_problem(note: Any) -> Problem:
    if not isinstance(note, str):
        return "wrong_type", _("The note must be text")
    if not storable_text(note):
        return "bad_characters", _(UNSTORABLE)
    if len(note) > NOTE_MAX_CHARS:
        return "too_long", _("The note must be %(count)s characters or fewer") % {
            "count": formats.number(NOTE_MAX_CHARS)}
    return None


FIELDS = ("at", "tz", "location", "duration", "intensity", "tags", "note")


def validate_entry(data: Mapping[str, Any], *, now: datetime) -> tuple[Entry | None,
                                                                        list[AnswerError]]:
    """Strict checks of one entry (JSON-typed values); an omitted `at` means now."""
    at = now.replace(second=0, microsecond=0) if data.get("at") in (None, "") \
        else _parse_at(data.get("at"))
    # An omitted zone is UTC (the API's default); an empty one is a choice not made.
    values = {"tz": zones.UTC if data.get("tz") is None else data["tz"],
              "location": data.get("location"),
              "duration": data.get("duration"), "intensity": data.get("intensity"),
              "tags": data.get("tags", []), "note": data.get("note", "")}
    problems: list[tuple[str, Problem]] = [
        *((key, ("unknown_item", _("Unknown field %(name)s") % {"name": repr(key)}))
          for key in data if key not in FIELDS),
        ("tz", _tz_problem(values["tz"])),
        ("at", _at_problem(at, now, values["tz"])),
        ("location", None if _one_of(values["location"], LOCATIONS)
         else ("unknown_code", _("Select where you felt the twitch"))),
        ("duration", None if _one_of(values["duration"], DURATIONS)
         else ("unknown_code", _("Select about how long it lasted"))),
        ("intensity", _intensity_problem(values["intensity"])),
        ("tags", _tags_problem(values["tags"])),
        ("note", _note_problem(values["note"])),
    ]
    errors = [AnswerError(field, *problem) for field, problem in problems if problem]
    if errors:
        return None, errors
    assert at is not None
    return Entry(at=at, tags=tuple(values.pop("tags")), **values), []


def _mean(values: Sequence[int]) -> float:
    return sum(values) / len(values)


def nudges(entries: Sequence[Entry], answered_locations: Sequence[str]) -> list[Nudge]:
    """When the diary shows the pattern changing enough to answer again: twitching for
    more than two weeks, in a place the answers did not name, or stronger this week than
    the week before (by a point of intensity on average, with two entries in each)."""
    if not entries:
        return []
    ordered = sorted(entries, key=lambda e: e.at)
    first, latest = ordered[0].at, ordered[-1].at
    found: list[Nudge] = []
    if latest - first > timedelta(days=14):
        found.append(Nudge("over-two-weeks"))
    new = sorted({e.location for e in ordered} - set(answered_locations))
    if new:
        found.append(Nudge("new-location", tuple(new)))
    recent = [e.intensity for e in ordered if latest - timedelta(days=7) < e.at <= latest]
    before = [e.intensity for e in ordered
              if latest - timedelta(days=14) < e.at <= latest - timedelta(days=7)]
    if len(recent) >= 2 and len(before) >= 2 and _mean(recent) - _mean(before) >= 1:
        found.append(Nudge("rising-intensity"))
    return found


@dataclass(frozen=True)
class Summary:
    first: Entry
    last: Entry
    days_with_twitching: int
    first_seen: list[tuple[str, date]]  # (location label, first day), in order of appearance


def summary(entries: Sequence[Entry]) -> Summary | None:
    if not entries:
        return None
    ordered = sorted(entries, key=lambda e: e.at)
    first_seen: dict[str, date] = {}
    for e in ordered:
        first_seen.setdefault(LOCATIONS[e.location], e.local.date())
    return Summary(first=ordered[0], last=ordered[-1],
                   days_with_twitching=len({e.local.date() for e in ordered}),
                   first_seen=list(first_seen.items()))


@dataclass(frozen=True)
class DayCount:
    day: date
    by_location: dict[str, int]  # location code -> entries that day

    @property
    def total(self) -> int:
        return sum(self.by_location.values())


def per_day(entries: Sequence[Entry], *, days: int, today: date) -> list[DayCount]:
    """Entries per day for the `days` days ending today, oldest first; each entry counts on
    the day its own clock showed."""
    counts: dict[date, Counter[str]] = {}
    start = today - timedelta(days=days - 1)
    for e in entries:
        if start <= e.local.date() <= today:
            counts.setdefault(e.local.date(), Counter())[e.location] += 1
    return [DayCount(start + timedelta(days=i),
                     dict(counts.get(start + timedelta(days=i), Counter())))
            for i in range(days)]


def home_zone(entries: Sequence[Entry]) -> str:
    """The zone of the newest entry: the diary's "today" (its chart ends on that clock's day)."""
    return max(entries, key=lambda e: e.at).tz if entries else zones.UTC
