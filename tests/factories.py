"""Answer sets and helpers shared by the tests (test data, not app code)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Assessment, Draft

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "data" / "cases.json").read_text())["cases"]
CASES_BY_ID = {case["id"]: case for case in CASES}


def harmless(**overrides: Any) -> dict[str, Any]:
    """A complete answer set that fires no rule; override items to build other cases."""
    answers: dict[str, Any] = {
        "red_flags_now": ["none"], "locations": ["leg_foot"],
        "duration": "less_than_1_week", "frequency": "occasional", "course": "same",
        "spreading": False, "symptoms": ["none"], "triggers": ["none_identified"],
        "medications": ["none"], "lifestyle_tried": "not_tried", "notes": "",
    }
    answers.update(overrides)
    return {k: v for k, v in answers.items() if v is not None}


def form_values(value: Any) -> list[str]:
    """How a browser would send an answer in a form."""
    if isinstance(value, bool):
        return ["yes" if value else "no"]
    if isinstance(value, list):
        return value
    return [value]


def count(session: Session, model: type) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model)) or 0


def stored_results(session: Session) -> int:
    return count(session, Assessment)


def stored_drafts(session: Session) -> int:
    return count(session, Draft)
