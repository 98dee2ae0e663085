"""Plain-word views of answers for the check-answers page and the printed summary."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app import flow
from app.questionnaire import ITEMS, answer_labels


def answer_rows(answers: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per asked or answered item: its label and the answer in words (never codes).

    Answers given beyond an early exit (the API allows them) are shown too.
    """
    asked = {item.link_id for item in flow.enabled_items(answers)}
    return [
        {"link_id": item.link_id, "label": item.summary_label or item.question,
         "values": answer_labels(item, answers.get(item.link_id))}
        for item in ITEMS if item.link_id in asked or item.link_id in answers
    ]
