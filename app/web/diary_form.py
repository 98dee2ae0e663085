"""The diary's add and edit form: its strings to the JSON-typed entry app.diary checks, and
a stored entry back to the form's strings."""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from starlette.datastructures import FormData

from app import diary, zones


def _small_number(text: object, *, most: int) -> int | None:
    """A form's whole number (ASCII digits, optional minus) within ±most, else None."""
    value = str(text or "").strip()
    digits = value.removeprefix("-")
    if not (digits.isascii() and digits.isdigit() and len(digits) <= 5):
        return None
    number = int(value)
    return number if -most <= number <= most else None


def entry_from_form(form: FormData) -> dict[str, Any]:
    """Form strings to the JSON-typed entry app.diary checks. The time typed is the clock's
    in the zone chosen beside it (app.js picks the browser's; without it, the person does).

    The page's form always sends a zone, empty when none was chosen: that is an error, never
    a guess. (A post without the field at all is a script's, and gets the API's UTC.)"""
    data: dict[str, Any] = {key: form.get(key, "") for key in ("location", "duration", "note")}
    sent = form.get("tz")
    zone = zones.UTC if sent is None else str(sent)
    data["tz"] = zone
    local = str(form.get("at", "")).strip()
    if local and not zone:
        # Only the missing zone is reported: the time is kept in the form, to be read
        # on the clock of the zone chosen next.
        return {**data, "intensity": _small_number(form.get("intensity", ""), most=5),
                "tags": [t for t in form.getlist("tags") if isinstance(t, str)]}
    if local:
        data["at"] = local  # reported as a bad time by the validator, unless read below
        if zones.is_zone(zone):
            with contextlib.suppress(ValueError, OverflowError):
                # An hour the clocks went back through is on the clock twice. The edit form
                # of an entry in the second one sends its time as `fold`: the same time,
                # still unchanged, is that second one.
                data["at"] = datetime.fromisoformat(local).replace(
                    tzinfo=ZoneInfo(zone), fold=form.get("fold") == local).isoformat()
    data["intensity"] = _small_number(form.get("intensity", ""), most=5)
    data["tags"] = [t for t in form.getlist("tags") if isinstance(t, str)]
    return data


def form_values(form: FormData) -> dict[str, Any]:
    return {**{k: v for k, v in form.items() if isinstance(v, str)},
            "tags": [t for t in form.getlist("tags") if isinstance(t, str)]}


def entry_values(entry: diary.Entry) -> dict[str, Any]:
    """The form of a stored entry: its time on its own clock, and that clock's zone, so
    saving it unchanged changes nothing."""
    at = entry.local.strftime("%Y-%m-%dT%H:%M")
    return {"at": at, "fold": at if entry.local.fold else "", "tz": entry.tz,
            "location": entry.location, "duration": entry.duration,
            "intensity": str(entry.intensity), "tags": list(entry.tags), "note": entry.note}
