"""A diary as a CSV file for a spreadsheet: one row an entry, in words."""

from __future__ import annotations

import csv
import io

from app import diary
from app.i18n import N_, gettext

HEADERS = [N_("when (local time)"), N_("time zone"), N_("where"), N_("how long"),
           N_("intensity (1-5)"), N_("tags"), N_("note")]


def safe_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: one starting with = + - @ (or a tab or carriage
    return before them) would run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_text(entries: list[diary.Entry], *, notes: bool) -> str:
    """The file's text, notes left empty unless `notes`. It starts with a byte order mark,
    which tells spreadsheet apps the file is UTF-8 (names like "Zürich"). Its headers and
    words are in the language of the request; times stay sortable (2026-11-20 08:30)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([gettext(header) for header in HEADERS])
    for e in entries:
        writer.writerow([e.local.strftime("%Y-%m-%d %H:%M"), e.tz,
                         gettext(diary.LOCATIONS[e.location]),
                         gettext(diary.DURATIONS[e.duration]), e.intensity,
                         "; ".join(gettext(diary.TAGS[t]) for t in e.tags),
                         safe_cell(e.note) if notes else ""])
    return "\ufeff" + out.getvalue()
