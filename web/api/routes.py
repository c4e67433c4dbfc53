"""REST API for agencies (`/api/v1`), authenticated with a per-organisation API key.

`Authorization: Bearer <key>`. Bodies use the documented import fields (the same names
and aliases as the CSV columns) and the same validation as an upload; an error names
the field and says in Dutch what is wrong. An organisation only ever sees and changes
its own vacancies and the proposals addressed to it: anything else is a 404.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import Field

from matcher.import_fields import field_for_header, normalise_row
from web.api import reads, schemas
from web.api.auth import ApiClient, CurrentClient
from web.api.routing import ApiRoute
from web.deps import MAX_ID, Conn, PathId, SettingsDep
from web.proposals import agency_answers as answers
from web.vacancies.imports import service as intake
from web.vacancies.imports.validation import MAX_REF_LENGTH, RejectedRow

router = APIRouter(
    prefix="/api/v1",
    tags=["vacatures"],
    route_class=ApiRoute,
    responses={**schemas.UNAUTHORIZED},
)
# A reference in a path is one that can be stored: not blank, at most 200 characters, no
# NUL (PostgreSQL text cannot hold one). Refused when the request is read, not by the
# database halfway a handler.
REF_IN_PATH = r"^[^\x00]*(?:[^\s\x00-]|[^\s\x00][^\x00]*[^\s\x00])[^\x00]*$"
ExternalRef = Annotated[
    str,
    Path(max_length=MAX_REF_LENGTH, pattern=REF_IN_PATH, examples=[schemas.EXAMPLE_VACANCY["id"]]),
]


# A stored vacancy's embedding is enqueued in the request's transaction (a worker makes
# it); the change trigger tells the web processes, also of a closed vacancy.


@router.get("/vacancies", response_model=list[schemas.VacancyOut], summary="Eigen vacatures")
async def list_vacancies(
    conn: Conn,
    client: CurrentClient,
    status: Annotated[Literal["open", "closed", "filled"] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> list[schemas.VacancyOut]:
    found = await reads.own_vacancies(conn, client, status=status, limit=limit, offset=offset)
    return [schemas.VacancyOut.of(v) for v in found]


@router.get(
    "/vacancies/{external_ref}",
    response_model=schemas.VacancyOut,
    summary="Eén vacature",
    responses={**schemas.VACANCY_NOT_FOUND},
)
async def get_vacancy(
    external_ref: ExternalRef, conn: Conn, client: CurrentClient
) -> schemas.VacancyOut:
    found = await reads.own_vacancy(conn, client, external_ref)
    return schemas.VacancyOut.of(found)


@router.post(
    "/vacancies",
    response_model=schemas.StoreResult,
    summary="Vacature aanmaken of bijwerken (upsert op id)",
    responses={**schemas.STORED_LINKS, **schemas.BODY_REFUSALS, **schemas.VACANCY_REFUSED},
)
async def put_vacancy(
    conn: Conn,
    client: CurrentClient,
    body: Annotated[schemas.VacancyIn, Body(openapi_examples=schemas.VACANCY_EXAMPLES)],
) -> Any:
    return await _store_one(conn, client, body.root)


@router.put(
    "/vacancies/{external_ref}",
    response_model=schemas.StoreResult,
    summary="Vacature met deze referentie aanmaken of bijwerken",
    responses={**schemas.STORED_LINKS, **schemas.BODY_REFUSALS, **schemas.VACANCY_REFUSED},
)
async def replace_vacancy(
    external_ref: ExternalRef,
    conn: Conn,
    client: CurrentClient,
    body: Annotated[schemas.VacancyWithoutIdIn, Body(openapi_examples=schemas.REPLACE_EXAMPLES)],
) -> Any:
    # The path names the vacancy: an id in the body under any of its names is ignored
    # (the first id found wins, so a 'vacaturenummer' would otherwise replace another).
    fields = {k: v for k, v in body.root.items() if field_for_header(k, "vacancy") != "id"}
    return await _store_one(conn, client, {**fields, "id": external_ref})


async def _store_one(conn: Conn, client: ApiClient, body: dict) -> Any:
    outcome, result = await intake.store_one(
        conn, organisation_id=client.organisation_id, record=body
    )
    if isinstance(outcome, RejectedRow):
        return JSONResponse(
            schemas.ProblemsOut.of_all(outcome.problems).model_dump(), status_code=422
        )
    if outcome.external_ref in result.refused:
        problems = [p for p in result.problems if p.is_error]
        return JSONResponse(schemas.ProblemsOut.of_all(problems).model_dump(), status_code=422)
    stored = [*result.stored_ids, *result.closed_ids]
    return schemas.StoreResult(
        external_ref=outcome.external_ref,
        status="unchanged" if not stored else "stored",
        id=stored[0] if stored else None,
        warnings=[schemas.ProblemOut.of(p) for p in outcome.warnings],
    )


class CloseBody(schemas.ApiBody):
    status: Literal["closed", "filled"] = Field(
        "closed", description="closed = gesloten, filled = vervuld"
    )


@router.post(
    "/vacancies/{external_ref}/close",
    response_model=schemas.StoreResult,
    summary="Vacature sluiten of als vervuld markeren",
    responses={**schemas.BODY_REFUSALS, **schemas.VACANCY_NOT_FOUND},
)
async def close_vacancy(
    external_ref: ExternalRef,
    conn: Conn,
    client: CurrentClient,
    body: CloseBody | None = None,
) -> schemas.StoreResult:
    vacancy_id, changed = await intake.close_vacancy(
        conn,
        organisation_id=client.organisation_id,
        external_ref=external_ref,
        status=body.status if body else "closed",
    )
    return schemas.StoreResult(
        external_ref=external_ref, status="stored" if changed else "unchanged", id=vacancy_id
    )


@router.post(
    "/vacancies/bulk",
    response_model=schemas.BulkResult,
    summary="Veel vacatures tegelijk (zelfde controle als een upload)",
    responses={
        **schemas.BODY_REFUSALS,
        413: schemas.refusal("De body is te groot, of te veel vacatures in één verzoek"),
        **schemas.VACANCY_REFUSED,
    },
)
async def bulk_vacancies(
    request: Request,
    client: CurrentClient,
    settings: SettingsDep,
    body: Annotated[schemas.BulkIn, Body(openapi_examples=schemas.BULK_EXAMPLES)],
) -> Any:
    """Good items are stored, bad ones reported by position; recorded as an import batch."""
    if len(body.vacancies) > settings.api_bulk_max_items:
        raise HTTPException(
            status_code=413,
            detail=f"Maximaal {settings.api_bulk_max_items} vacatures per verzoek.",
        )
    batch, problems = await intake.import_records(
        request.app.state.pool,
        organisation_id=client.organisation_id,
        created_by=client.created_by,
        records=[vacancy.root for vacancy in body.vacancies],
        full_feed=body.full_feed,
        settings=settings,
    )
    if batch.status == "failed":
        return JSONResponse(schemas.ProblemsOut.of_all(problems).model_dump(), status_code=422)
    refused = {p.row for p in problems if p.is_error}
    return schemas.BulkResult(
        batch_id=batch.id,
        stored=batch.stored,
        unchanged=batch.unchanged,
        closed=batch.closed,
        rejected=[schemas.ProblemOut.of(p) for p in problems if p.is_error],
        warnings=[schemas.ProblemOut.of(p) for p in problems if not p.is_error],
        refs=[ref for row, ref in _refs([v.root for v in body.vacancies]) if row not in refused],
    )


def _refs(records: list[Any]) -> list[tuple[int, str]]:
    found = (
        normalise_row(r, "vacancy").get("id") if isinstance(r, dict) else None for r in records
    )
    return [(row, str(ref).strip()) for row, ref in enumerate(found, start=1) if ref]


@router.get(
    "/proposals",
    response_model=list[schemas.ProposalOut],
    tags=["voorstellen"],
    summary="Voorstellen voor onze vacatures",
)
async def list_proposals(conn: Conn, client: CurrentClient) -> list[schemas.ProposalOut]:
    found = await reads.own_proposals(conn, client)
    return [schemas.ProposalOut.of(p) for p in found]


@router.get(
    "/proposals/{proposal_id}",
    response_model=schemas.ProposalOut,
    tags=["voorstellen"],
    summary="Eén voorstel",
    responses={**schemas.PROPOSAL_NOT_FOUND},
)
async def get_proposal(
    proposal_id: PathId, conn: Conn, client: CurrentClient
) -> schemas.ProposalOut:
    proposal = await answers.read(
        conn, actor=None, organisation_id=client.organisation_id, proposal_id=proposal_id
    )
    if proposal is None:
        raise HTTPException(status_code=404, detail="Dit voorstel bestaat niet.")
    return schemas.ProposalOut.of(proposal)


@router.post(
    "/proposals/{proposal_id}/answer",
    response_model=schemas.ProposalOut,
    tags=["voorstellen"],
    summary="Antwoorden: uitnodigen, aannemen of afwijzen",
    responses={
        **schemas.BODY_REFUSALS,
        **schemas.PROPOSAL_NOT_FOUND,
        **schemas.ANSWER_REFUSED,
    },
)
async def answer_proposal(
    proposal_id: PathId,
    conn: Conn,
    client: CurrentClient,
    body: Annotated[schemas.AnswerIn, Body(openapi_examples=schemas.ANSWER_EXAMPLES)],
) -> Any:
    proposal = await reads.own_proposal(conn, client, proposal_id)
    actor = await reads.key_user(conn, client)
    await answers.answer(
        conn,
        actor=actor,
        proposal=proposal,
        action=body.action,
        reason_code=body.reason_code,
        note=body.note,
    )
    updated = await reads.own_proposal(conn, client, proposal_id)
    return schemas.ProposalOut.of(updated)
