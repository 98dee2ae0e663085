"""The diary pages: list, chart, add, edit and delete (owner only), CSV, re-take."""

from __future__ import annotations

import contextlib
import csv
import io
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from app import assessments, diaries, diary, drafts, zones
from app.http.headers import NOT_INDEXED
from app.questionnaire import Option, options
from app.triage.sources import SOURCES
from app.web import cookies
from app.web.routing import Pages, path_for, see_other

pages = Pages()
PERIODS = (14, 30, 90)
PER_PAGE = 50
FORM_LABELS: dict[str, tuple[Option, ...]] = {
    "locations": options(*diary.LOCATIONS.items()), "durations": options(*diary.DURATIONS.items()),
    "intensities": options(*((str(i), str(i)) for i in range(1, 6))),
    "tags": options(*diary.TAGS.items())}


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
                data["at"] = datetime.fromisoformat(local).replace(
                    tzinfo=ZoneInfo(zone)).isoformat()
    data["intensity"] = _small_number(form.get("intensity", ""), most=5)
    data["tags"] = [t for t in form.getlist("tags") if isinstance(t, str)]
    return data


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
            "zones": zones.grouped(), "zone_label": zones.label}


def _number_param(request: Request, name: str, allowed: range | tuple[int, ...],
                  default: int) -> int:
    value = request.query_params.get(name, "")
    # No longer than the largest allowed number, so a huge one is never parsed; and
    # `None in range(...)` would walk the whole range, so a number is tested first.
    short = len(value) <= len(str(allowed[-1])) if allowed else False
    number = int(value) if value.isascii() and value.isdigit() and short else None
    return number if number is not None and number in allowed else default


def _render(request: Request, session: Session, token: str, name: str, *, days: int = 30,
            status: int = 200, **extra: Any) -> Response:
    result = assessments.read(session, token, delete_key=cookies.owner_key(request))
    if result is None:
        raise assessments.NotFound
    context = diary_context(diaries.of_result(session, result.id, result.answers), days)
    total = len(context["diary"].entries)
    pages_count = max(1, -(-total // PER_PAGE))
    page = _number_param(request, "page", range(1, pages_count + 1), 1)
    entries = context["diary"].entries
    newest_first = entries[::-1]
    # Without JavaScript the add form starts at the zone of the entry saved last (the
    # person's last choice), or at no zone: a choice to make, never a guess.
    last_choice = max(entries, key=lambda e: e.id).tz if entries else ""
    return request.app.state.renderer.render(request, name, {
        **context, "token": token, "owner": result.owner, "errors": [],
        "notes_shared": result.notes_shared,
        # app.js sets a fresh add form to the browser's zone on every visit (people travel);
        # a form sent back with errors keeps the zone the person chose.
        "values": {"tz": last_choice}, "browser_zone": "values" not in extra,
        "saved": None, "deleted": False,
        "listed": newest_first[(page - 1) * PER_PAGE:page * PER_PAGE],
        "page": page, "pages": pages_count, "total": total,
        "full": total >= request.app.state.settings.diary_max_entries, **extra},
        status_code=status, headers=NOT_INDEXED)


@pages.get("/r/{token}/diary")
def diary_page(request: Request, *, session: Session) -> Response:
    token = request.path_params["token"]
    # After adding: say so at the top, where the page opens (the entry may be far down).
    saved = _number_param(request, "saved", range(1, diaries.MAX_ID), 0)
    entry = None
    if saved:
        try:
            entry = diaries.get(session, token, cookies.owner_key(request), saved)
        except (assessments.NotFound, assessments.Forbidden):
            entry = None
    return _render(request, session, token, "diary.html",
                   days=_number_param(request, "days", PERIODS, 30), saved=entry,
                   deleted=request.query_params.get("deleted") == "1")


def _owner_action(request: Request, session: Session, token: str, action: Any,
                  template: str, **extra: Any) -> Response:
    """Do an owner-only change, then back to the diary (saying what was saved); bad input
    re-renders the form. (A wrong key or unknown result is answered by the shared error
    handlers.)"""
    try:
        done = action()
    except assessments.InvalidAnswers as exc:
        return _render(request, session, token, template, status=422,
                       errors=exc.errors, **extra)
    except diaries.DiaryFull as exc:
        return _render(request, session, token, template, status=422,
                       errors=[diaries.full_message(exc.most)], **extra)
    except assessments.TooMany:
        return _render(request, session, token, template, status=429,
                       errors=[diaries.busy_message()], **extra)
    return see_other(f"{path_for(request, 'diary_page', token=token)}?saved={done.id}")


def _form_values(form: FormData) -> dict[str, Any]:
    return {**{k: v for k, v in form.items() if isinstance(v, str)},
            "tags": [t for t in form.getlist("tags") if isinstance(t, str)]}


@pages.post("/r/{token}/diary")
def add_entry(request: Request, *, form: FormData, session: Session) -> Response:
    token = request.path_params["token"]
    data = entry_from_form(form)
    return _owner_action(request, session, token, lambda: diaries.add(
        session, token, cookies.owner_key(request), data,
        most=request.app.state.settings.diary_max_entries,
        gate=lambda: request.app.state.write_limits.take_diary(request.client)),
        "diary.html", values=_form_values(form))


def _entry_values(entry: diary.Entry) -> dict[str, Any]:
    """The form of a stored entry: its time on its own clock, and that clock's zone, so
    saving it unchanged changes nothing."""
    return {"at": entry.local.strftime("%Y-%m-%dT%H:%M"), "tz": entry.tz,
            "location": entry.location, "duration": entry.duration,
            "intensity": str(entry.intensity), "tags": list(entry.tags), "note": entry.note}


@pages.get("/r/{token}/diary/{entry_id:int}/edit")
def edit_entry_page(request: Request, *, session: Session) -> Response:
    token, entry_id = request.path_params["token"], request.path_params["entry_id"]
    entry = diaries.get(session, token, cookies.owner_key(request), entry_id)
    return _render(request, session, token, "diary_entry.html", entry_id=entry_id,
                   values=_entry_values(entry))


@pages.post("/r/{token}/diary/{entry_id:int}")
def edit_entry(request: Request, *, form: FormData, session: Session) -> Response:
    token, entry_id = request.path_params["token"], request.path_params["entry_id"]
    data = entry_from_form(form)
    return _owner_action(request, session, token, lambda: diaries.update(
        session, token, cookies.owner_key(request), entry_id, data), "diary_entry.html",
        entry_id=entry_id, values=_form_values(form))


@pages.get("/r/{token}/diary/{entry_id:int}/delete")
def confirm_delete_entry(request: Request, *, session: Session) -> Response:
    token, entry_id = request.path_params["token"], request.path_params["entry_id"]
    entry = diaries.get(session, token, cookies.owner_key(request), entry_id)
    return _render(request, session, token, "diary_delete.html", entry=entry)


@pages.post("/r/{token}/diary/{entry_id:int}/delete")
def delete_entry(request: Request, *, form: FormData, session: Session) -> Response:
    token, entry_id = request.path_params["token"], request.path_params["entry_id"]
    diaries.remove(session, token, cookies.owner_key(request), entry_id)
    return see_other(f"{path_for(request, 'diary_page', token=token)}?deleted=1")


def safe_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: one starting with = + - @ (or a tab or carriage
    return before them) would run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@pages.get("/r/{token}/diary.csv")
def diary_csv(request: Request, *, session: Session) -> Response:
    result = assessments.read(session, request.path_params["token"],
                              delete_key=cookies.owner_key(request))
    if result is None:
        raise assessments.NotFound
    found = diaries.of_result(session, result.id, result.answers)
    # The notes are the person's own words: through the link only when they said so.
    notes = result.owner or result.notes_shared
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["when (local time)", "time zone", "where", "how long",
                     "intensity (1-5)", "tags", "note"])
    for e in found.entries:
        writer.writerow([e.local.strftime("%Y-%m-%d %H:%M"), e.tz, diary.LOCATIONS[e.location],
                         diary.DURATIONS[e.duration], e.intensity,
                         "; ".join(diary.TAGS[t] for t in e.tags),
                         safe_cell(e.note) if notes else ""])
    # The byte order mark tells spreadsheet apps the file is UTF-8 (names like "Zürich").
    return Response("\ufeff" + out.getvalue(), media_type="text/csv; charset=utf-8", headers={
        **NOT_INDEXED, "Content-Disposition": 'attachment; filename="twitch-diary.csv"'})


@pages.post("/r/{token}/retake")
def retake(request: Request, *, form: FormData, session: Session) -> Response:
    drafts.start_retake(session, request.state.session_id, request.path_params["token"],
                        cookies.owner_key(request), settings=request.app.state.settings)
    return see_other(path_for(request, "check_answers"))
