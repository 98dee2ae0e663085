"""A diary as a CSV file for a spreadsheet: one row an entry, in words."""

from __future__ import annotations

import csv
import io

from app import diary

HEADERS = ["when (local time)", "time zone", "where", "how long", "intensity (1-5)", "tags",
           "note"]


def safe_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: one starting with = + - @ (or a tab or carriage
    return before them) would run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_text(entries: list[diary.Entry], *, notes: bool) -> str:
    """The file's text, notes left empty unless `notes`. It starts with a byte order mark,
    which tells spreadsheet apps the file is UTF-8 (names like "Zürich")."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for e in entries:
        writer.writerow([e.local.strftime("%Y-%m-%d %H:%M"), e.tz, diary.LOCATIONS[e.location],
                         diary.DURATIONS[e.duration], e.intensity,
                         "; ".join(diary.TAGS[t] for t in e.tags),
                         safe_cell(e.note) if notes else ""])
    return "\ufeff" + out.getvalue()
