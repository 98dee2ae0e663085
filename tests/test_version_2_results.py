"""Results stored by version 2 keep saying what they said, after the upgrade to version 3.

tests/data/v2/ was captured from the version-2 app: its 21 vignettes stored through its API
as it stored them (results.json; tokens fixed and expiry moved out so the rows stay live),
the words its result, shared and printed pages showed (shown.json), its FHIR and JSON
documents, and its Questionnaire. Here those rows go into a database at the version-2
schema, the migrations run to head, and today's app must show the same words, and none of
version 3's.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.migrate import upgrade
from app.settings import Settings
from app.triage.levels import BY_ID as LEVELS
from tests.test_version_1_results import check_documents, check_pages, store_rows

DATA = Path(__file__).parent / "data" / "v2"
ROWS = json.loads((DATA / "results.json").read_text())
SHOWN = json.loads((DATA / "shown.json").read_text())
BASE = "https://twitch.example.org"
# Words only version 3 says: they must not appear on a version-2 result.
VERSION_3_ONLY = [
    LEVELS["urgent"].meaning, LEVELS["self_care"].reassurance,
    "Also tell the doctor", "when you were last seen well", "116 117",
]
CASES = [row["case"] for row in ROWS]


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory: pytest.TempPathFactory):
    """A client of today's app over a database stored by version 2, then upgraded."""
    from tests.databases import fresh_database

    with fresh_database(tmp_path_factory.mktemp("v2")) as url:
        upgrade(url, "0005")
        store_rows(url, ROWS)
        upgrade(url)
        app = create_app(Settings(database_url=url, public_base_url=BASE,
                                  allowed_hosts="testserver", secret_key="v2-test-secret"))
        with TestClient(app) as client:
            yield client
        app.state.database.dispose()


@pytest.mark.parametrize("case", CASES)
def test_pages_show_what_version_2_showed(upgraded, case):
    row = next(r for r in ROWS if r["case"] == case)
    check_pages(upgraded, row, SHOWN[case], VERSION_3_ONLY)


@pytest.mark.parametrize("case", CASES)
def test_fhir_and_json_say_what_version_2_said(upgraded, case):
    row = next(r for r in ROWS if r["case"] == case)
    check_documents(upgraded, row, SHOWN[case])


def test_questionnaire_version_2_is_still_served(upgraded):
    second = upgraded.get("/fhir/Questionnaire/twitch-triage/_history/2").json()
    assert second.pop("meta") == {"versionId": "2"}
    assert second == json.loads((DATA / "questionnaire-2.json").read_text())
