"""The doctor's view of a result, for the share link and the printed summary: the answers in
plain words first (in the words of the result's own questionnaire version, never codes),
the diary in brief, and what a doctor may check. Also the owner's switch that shows the
typed notes through the share link."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from app import assessments, diaries, i18n
from app.assessments import StoredResult
from app.http.deps import OwnerKeyDep, SessionDep
from app.http.urls import path_for
from app.triage.advice import DOCTOR_CHECKS, doctor_tests
from app.web.deps import FormDep, pages_router, see_other
from app.web.diary_view import chart

router = pages_router()
LAST_ENTRIES = 5
DIGEST_DAYS = 30


def one_paragraph(text: str, most_lines: int = 8) -> str:
    """Typed notes as printed: their lines as typed (blank ones dropped), or run together
    when there are many (a page of line breaks would push the summary onto a second page)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return (" / " if len(lines) > most_lines else "\n").join(lines)


def doctor_rows(answer_list: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every answer in words (`answer_rows`); typed text kept to a paragraph. Rows of kind
    "text" are the person's own notes, which the pages show only where the person allows
    it."""
    return [{**row, "values": [one_paragraph(v) for v in row["values"]]}
            if row["kind"] == "text" else row for row in answer_list]


def doctor_context(result: StoredResult, diary: diaries.Diary,
                   rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The doctor's view: `rows` are the answers' `doctor_rows`."""
    days = chart(diary.entries, DIGEST_DAYS)["days"] if diary.entries else []
    return {"rows": rows, "doctor_checks": i18n.gettext(DOCTOR_CHECKS),
            "doctor_tests": [i18n.gettext(test) for test in doctor_tests(result.level.rank)],
            "digest_days": [d for d in reversed(days) if d.total],
            "digest_period": DIGEST_DAYS,
            "last_entries": sorted(diary.entries, key=lambda e: e.at)[-LAST_ENTRIES:][::-1]}


@router.post("/r/{token}/notes-sharing", name="share_notes")
def share_notes(request: Request, token: str, form: FormDep, session: SessionDep,
                owner_key: OwnerKeyDep) -> Response:
    shown = form.get("show_notes") == "yes"
    assessments.share_notes(session, token, owner_key, shown)
    return see_other(path_for(request, "result", token=token)
                     + f"?notes={'shown' if shown else 'hidden'}#sharing")
