"""The pure diary: entry checks, the three nudges at their boundaries, the summary."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app import diary
from app.diary import Entry

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def entry(days_ago: float = 0, location: str = "leg_foot", intensity: int = 2) -> Entry:
    return Entry(at=NOW - timedelta(days=days_ago), location=location, duration="seconds",
                 intensity=intensity)


def test_a_good_entry_and_now_by_default():
    good = {"location": "eyelid", "duration": "minutes", "intensity": 5,
            "tags": ["caffeine", "poor_sleep"], "note": "after coffee"}
    made, errors = diary.validate_entry(good, now=NOW)
    assert errors == [] and made.at == NOW and made.tags == ("caffeine", "poor_sleep")
    made, _ = diary.validate_entry({**good, "at": "2026-11-20T08:30:00Z"}, now=NOW)
    assert made.at == datetime(2026, 11, 20, 8, 30, tzinfo=UTC)


@pytest.mark.parametrize(("change", "field", "kind"), [
    ({"at": (NOW + timedelta(minutes=6)).isoformat()}, "at", "in_future"),
    ({"at": (NOW - timedelta(days=366)).isoformat()}, "at", "too_old"),
    ({"at": "2026-11-20T08:30:00"}, "at", "wrong_type"),  # no time zone
    ({"at": "yesterday"}, "at", "wrong_type"),
    ({"location": "elbow"}, "location", "unknown_code"),
    ({"duration": "days"}, "duration", "unknown_code"),
    ({"intensity": 0}, "intensity", "out_of_range"),
    ({"intensity": 6}, "intensity", "out_of_range"),
    ({"intensity": "3"}, "intensity", "out_of_range"),
    ({"intensity": True}, "intensity", "out_of_range"),
    ({"tags": ["none_identified"]}, "tags", "unknown_code"),
    ({"tags": "caffeine"}, "tags", "unknown_code"),
    ({"note": "n" * 501}, "note", "too_long"),
    ({"colour": "red"}, "colour", "unknown_item"),
])
def test_bad_entries_are_named(change, field, kind):
    data = {"location": "eyelid", "duration": "minutes", "intensity": 3, **change}
    made, errors = diary.validate_entry(data, now=NOW)
    assert made is None and (field, kind) in {(e.item, e.type) for e in errors}


def test_up_to_five_minutes_ahead_is_allowed():
    data = {"location": "eyelid", "duration": "minutes", "intensity": 3,
            "at": (NOW + timedelta(minutes=5)).isoformat()}
    assert diary.validate_entry(data, now=NOW)[1] == []


def ids(nudges):
    return [n.id for n in nudges]


def test_over_two_weeks_boundary():
    assert ids(diary.nudges([entry(14), entry(0)], ["leg_foot"])) == []
    assert ids(diary.nudges([entry(15), entry(0)], ["leg_foot"])) == ["over-two-weeks"]
    assert ids(diary.nudges([entry(14.01), entry(0)], ["leg_foot"])) == ["over-two-weeks"]


def test_new_location():
    assert ids(diary.nudges([entry(location="leg_foot")], ["leg_foot"])) == []
    found = diary.nudges([entry(location="arm_hand")], ["leg_foot"])
    assert ids(found) == ["new-location"] and "arm or hand" in found[0].text


def test_rising_intensity_needs_two_entries_a_week_and_a_rise_of_one():
    week_before = [entry(8, intensity=2), entry(10, intensity=2)]
    assert ids(diary.nudges([*week_before, entry(1, intensity=3), entry(0, intensity=3)],
                            ["leg_foot"])) == ["rising-intensity"]
    assert ids(diary.nudges([*week_before, entry(1, intensity=3), entry(0, intensity=2.9)],
                            ["leg_foot"])) == []
    assert ids(diary.nudges([*week_before, entry(0, intensity=5)], ["leg_foot"])) == []
    assert ids(diary.nudges([entry(8, intensity=1), entry(1, intensity=4),
                             entry(0, intensity=4)], ["leg_foot"])) == []


def test_rising_intensity_windows_end_at_the_latest_entry():
    # Exactly 7 days before the latest belongs to the earlier week.
    older = [entry(7, intensity=1), entry(13.9, intensity=1)]
    recent = [entry(6.9, intensity=3), entry(0, intensity=3)]
    assert "rising-intensity" in ids(diary.nudges(older + recent, ["leg_foot"]))
    too_old = [entry(14, intensity=1), entry(13.9, intensity=1)]
    assert "rising-intensity" not in ids(diary.nudges(too_old + recent, ["leg_foot"]))


def test_summary_and_days():
    entries = [entry(3, "arm_hand"), entry(3, "arm_hand"), entry(1, "leg_foot"), entry(0)]
    s = diary.summary(entries)
    assert s.first.at == NOW - timedelta(days=3) and s.last.at == NOW
    assert s.days_with_twitching == 3
    assert [label for label, _ in s.first_seen] == ["Arm or hand", "Leg or foot"]
    assert diary.summary([]) is None


def test_per_day_counts_by_location():
    counts = diary.per_day([entry(0), entry(0, "eyelid"), entry(2), entry(40)], days=14,
                           today=NOW.date())
    assert len(counts) == 14 and counts[-1].day == NOW.date()
    assert counts[-1].by_location == {"leg_foot": 1, "eyelid": 1}
    assert counts[-3].total == 1 and sum(c.total for c in counts) == 3
    assert counts[0].day == date(2026, 11, 9)
