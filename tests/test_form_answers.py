"""app.form_answers: a page's form values typed as answers, with the page's own errors."""

from __future__ import annotations

import pytest

from app.form_answers import from_form
from app.questionnaire import BY_ID


@pytest.mark.parametrize(("link_id", "values", "value"), [
    ("spreading", ["yes"], True),
    ("spreading", ["no"], False),
    ("duration", ["1_to_2_weeks"], "1_to_2_weeks"),
    ("locations", ["eyelid", "tongue"], ["eyelid", "tongue"]),
    ("notes", ["<b>hi</b>"], "<b>hi</b>"),
    ("notes", [], ""),
])
def test_from_form_types_values(link_id, values, value):
    assert from_form(BY_ID[link_id], values) == (value, [])


@pytest.mark.parametrize(("link_id", "values", "error_type"), [
    ("spreading", [], "required"),
    ("spreading", ["maybe"], "unknown_code"),
    ("duration", ["daily"], "unknown_code"),
    ("duration", ["1_to_2_weeks", "less_than_1_week"], "wrong_type"),
    ("symptoms", ["none", "cramps"], "exclusive_mixed"),
    ("locations", [""], "required"),
])
def test_from_form_errors(link_id, values, error_type):
    _value, errors = from_form(BY_ID[link_id], values)
    assert [e.type for e in errors] == [error_type]
    assert errors[0].message
