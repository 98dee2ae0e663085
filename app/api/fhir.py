"""FHIR R4 documents: the questionnaire, and a stored result (read-only, by share token)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app import assessments, fhir
from app import questionnaire as q
from app.api import fhir_errors
from app.http.deps import OwnerKeyDep, SessionDep, state
from app.http.headers import NOT_INDEXED
from app.http.urls import base_url
from app.i18n import Languages

router = APIRouter(include_in_schema=False, route_class=fhir_errors.FACE.route_class())


def fhir_json(document: dict[str, Any], headers: dict[str, str] | None = None,
              status_code: int = 200) -> Response:
    return Response(json.dumps(document, ensure_ascii=False), media_type=fhir.FHIR_JSON,
                    headers=headers, status_code=status_code)


@router.get(f"/fhir/Questionnaire/{fhir.QUESTIONNAIRE_ID}")
async def questionnaire(request: Request) -> Response:
    """The questionnaire asked now."""
    return fhir_json(fhir.questionnaire(base_url(request), languages=state(request).languages))


@router.get(f"/fhir/Questionnaire/{fhir.QUESTIONNAIRE_ID}/_history/{{version}}")
async def questionnaire_version(version: str, request: Request) -> Response:
    """One version of the questionnaire (FHIR's vread): what a stored result answered."""
    if version not in q.VERSIONS:
        return fhir_json(fhir.not_found(f"No version {version!r} of this questionnaire"),
                         status_code=404)
    return fhir_json(fhir.questionnaire(base_url(request), version,
                                        state(request).languages))


@router.get("/r/{token}/fhir", name="questionnaire_response")
def questionnaire_response(token: str, request: Request, session: SessionDep,
                           owner_key: OwnerKeyDep) -> Response:
    result = assessments.read(session, token, delete_key=owner_key)
    if result is None:
        raise assessments.NotFound
    # Typed text leaves with the file only for its owner, or when they show it by the link.
    answers = result.answers if result.owner or result.notes_shared else {
        link_id: value for link_id, value in result.answers.items() if link_id not in q.TYPED}
    document = fhir.questionnaire_response(
        base_url=base_url(request),
        # An id that names the result without giving away its share token.
        response_id=hashlib.sha256(token.encode()).hexdigest()[:32],
        answers=answers, authored=result.created_at,
        questionnaire_version=result.questionnaire_version, level=result.level.id,
        headline=result.level.headline, rule_ids=result.rule_ids,
        rules_version=result.rules_version,
        # A result made in a language no longer offered is given in English.
        language=state(request).languages.get(result.language) or Languages.english())
    return fhir_json(document, {**NOT_INDEXED,
                                "Content-Disposition": 'attachment; filename="twitch-triage'
                                                       '-QuestionnaireResponse.json"'})
