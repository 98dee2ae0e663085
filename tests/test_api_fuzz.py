"""schemathesis against the app's own /openapi.json: no 5xx, every response matches the
schema, schema-valid answers are accepted and invalid ones refused. Bounded so the suite
stays quick: 120 examples per operation and mode, 960 in all."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

EXAMPLES_PER_OPERATION = 120


def fuzz(operation, seen: set[int], mode: GenerationMode) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True,
              database=None, suppress_health_check=list(HealthCheck))
    def call(case):
        response = case.call_and_validate()
        assert response.status_code < 500
        seen.add(response.status_code)

    call()


def test_api_conforms_to_its_schema(app):
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {f"{op.method.upper()} {op.path}" for op in operations} == {
        "POST /api/v1/assessments", "GET /api/v1/assessments/{token}",
        "DELETE /api/v1/assessments/{token}", "POST /api/v1/assessments/{token}/diary",
        "GET /api/v1/assessments/{token}/diary",
        "DELETE /api/v1/assessments/{token}/diary/{entry_id}"}
    statuses: dict[str, set[int]] = {}
    for operation in operations:
        name = f"{operation.method.upper()} {operation.path}"
        fuzz(operation, statuses.setdefault(name, set()), GenerationMode.POSITIVE)
        if operation.method.upper() == "POST":
            # A path or header of type "string" has no invalid values; a body has many.
            fuzz(operation, statuses[name], GenerationMode.NEGATIVE)
    # Valid answers were stored, invalid ones refused, and reads and deletes ran.
    assert 201 in statuses["POST /api/v1/assessments"]
    assert 422 in statuses["POST /api/v1/assessments"]
    assert 404 in statuses["GET /api/v1/assessments/{token}"]
