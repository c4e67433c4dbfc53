"""Agency pages: own vacancies, uploads and their reports, API keys, proposals."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from web.accounts import api_keys as agency_keys
from web.accounts.repositories import api_keys, organisations
from web.accounts.repositories.users import User
from web.deps import Conn, CurrentAgency, PathId, SettingsDep, require_role
from web.proposals import agency_answers as answers
from web.proposals.profile_views import agency_profile_of
from web.proposals.repositories import agency_proposals
from web.proposals.vocabulary import STATE_LABELS
from web.templating import is_htmx, render
from web.vacancies.imports import report
from web.vacancies.imports.errors import FileProblem
from web.vacancies.imports.limits import BodyLimitRoute
from web.vacancies.imports.parsing import precheck
from web.vacancies.imports.service import limits_from, problems_of, submit_file
from web.vacancies.repositories import imports, vacancies
from web.vacancies.repositories.imports import ImportBatch
from web.vacancies.repositories.vacancies import VacancyFilter

PAGE_SIZE = 50
STATUS_LABELS = {"open": "open", "closed": "gesloten", "filled": "vervuld"}
BATCH_LABELS = {"pending": "wacht", "running": "bezig", "done": "klaar", "failed": "mislukt"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


router = APIRouter(
    prefix="/agency",
    dependencies=[Depends(require_role("agency"))],
    route_class=BodyLimitRoute,
)


# --- vacancies ----------------------------------------------------------------


@router.get("")
async def vacancy_list(
    request: Request,
    conn: Conn,
    agency: CurrentAgency,
    q: Annotated[str, Query(max_length=200)] = "",
    status: Annotated[str, Query(max_length=20)] = "",
    sector: Annotated[str, Query(max_length=200)] = "",
    since: Annotated[str, Query(max_length=10)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    where = VacancyFilter(
        text=q.strip() or None,
        status=status if status in STATUS_LABELS else None,
        sector=sector or None,
        updated_since=_date_or_none(since),
    )
    own, total = await vacancies.search_own(
        conn,
        organisation_id=agency.organisation_id,
        where=where,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    context = {
        "vacancies": own,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "where": where,
        "since": since,
        "query": urlencode({"q": q, "status": status, "sector": sector, "since": since}),
        "status_labels": STATUS_LABELS,
        "sectors": await vacancies.own_sectors(conn, organisation_id=agency.organisation_id),
        "organisation": await organisations.by_id(conn, organisation_id=agency.organisation_id),
    }
    return render(request, "agency/vacancies.html", context, htmx_block="vacancy_table")


def _date_or_none(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


@router.get("/vacancies/{vacancy_id}")
async def vacancy_detail(
    request: Request, vacancy_id: PathId, conn: Conn, agency: CurrentAgency
) -> Response:
    vacancy = await vacancies.by_id(conn, vacancy_id=vacancy_id)
    if vacancy is None or vacancy.organisation_id != agency.organisation_id:
        raise HTTPException(status_code=404, detail="Deze vacature bestaat niet.")
    return render(request, "agency/vacancy.html", {"vacancy": vacancy})


# --- uploads ------------------------------------------------------------------


@router.get("/imports")
async def import_list(request: Request, conn: Conn, agency: CurrentAgency) -> Response:
    return render(request, "agency/imports.html", await _imports_context(conn, agency))


async def _imports_context(conn: Conn, agency: User) -> dict:
    batches = await imports.for_organisation(conn, organisation_id=agency.organisation_id)
    return {"batches": batches, "batch_labels": BATCH_LABELS}


@router.post("/imports")
async def upload(
    request: Request,
    conn: Conn,
    agency: CurrentAgency,
    settings: SettingsDep,
    file: UploadFile,
    full_feed: Annotated[bool, Form()] = False,
) -> Response:
    """Store the file as a batch with its job for a worker; answer at once."""
    payload = await file.read(settings.import_max_bytes + 1)
    filename = file.filename or "upload"
    try:
        # Cheap checks only (size, format, zip directory, header line): a clear 413/422
        # now; the rows are read once, by the worker.
        await asyncio.to_thread(precheck, payload, filename, limits_from(settings))
    except FileProblem as exc:
        context = {**await _imports_context(conn, agency), "error": exc.message}
        return render(
            request,
            "agency/imports.html",
            context,
            htmx_block="upload_result",
            status_code=exc.status_code,
        )
    batch = await submit_file(
        request.app.state.pool,
        organisation_id=agency.organisation_id,
        created_by=agency.id,
        source="upload",
        filename=filename,
        payload=payload,
        full_feed=full_feed,
    )
    if is_htmx(request):
        context = {"batch": batch, "batch_labels": BATCH_LABELS}
        return render(request, "agency/import.html", context, block="progress")
    return RedirectResponse(f"/agency/imports/{batch.id}", status_code=303)


@router.get("/imports/{batch_id}")
async def import_detail(
    request: Request, batch_id: PathId, conn: Conn, agency: CurrentAgency
) -> Response:
    """The batch page; with htmx only its progress block (polled until finished)."""
    batch = await _own_batch(conn, agency, batch_id)
    context: dict = {"batch": batch, "batch_labels": BATCH_LABELS}
    if batch.finished:
        problems = problems_of(await imports.errors(conn, batch_id=batch.id))
        context["problems"], context["shown_all"] = problems[:500], len(problems) <= 500
    return render(request, "agency/import.html", context, htmx_block="progress")


@router.get("/imports/{batch_id}/report.csv")
async def import_report(batch_id: PathId, conn: Conn, agency: CurrentAgency) -> Response:
    batch = await _own_batch(conn, agency, batch_id)
    problems = problems_of(await imports.errors(conn, batch_id=batch.id))
    return Response(
        report.report_csv(problems),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="importrapport-{batch.id}.csv"'},
    )


async def _own_batch(conn: Conn, agency: User, batch_id: int) -> ImportBatch:
    batch = await imports.by_id(conn, batch_id=batch_id)
    if batch is None or batch.organisation_id != agency.organisation_id:
        raise HTTPException(status_code=404, detail="Deze import bestaat niet.")
    return batch


@router.get("/template.csv")
async def template_csv(agency: CurrentAgency) -> Response:
    return Response(
        report.template_csv_text(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="vacatures-sjabloon.csv"'},
    )


@router.get("/template.xlsx")
async def template_xlsx(agency: CurrentAgency) -> Response:
    return Response(
        report.template_xlsx(),
        media_type=XLSX_TYPE,
        headers={"Content-Disposition": 'attachment; filename="vacatures-sjabloon.xlsx"'},
    )


# --- API keys -----------------------------------------------------------------


@router.get("/api-keys")
async def key_list(request: Request, conn: Conn, agency: CurrentAgency) -> Response:
    keys = await api_keys.for_organisation(conn, organisation_id=agency.organisation_id)
    return render(request, "agency/api_keys.html", {"keys": keys})


@router.post("/api-keys")
async def key_create(
    request: Request,
    conn: Conn,
    agency: CurrentAgency,
    name: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """Create a key and show it once (the database keeps only its hash)."""
    _key, secret = await agency_keys.create(conn, agency, name=name)
    keys = await api_keys.for_organisation(conn, organisation_id=agency.organisation_id)
    response = render(request, "agency/api_keys.html", {"keys": keys, "new_key": secret})
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/api-keys/{key_id}/revoke")
async def key_revoke(key_id: PathId, conn: Conn, agency: CurrentAgency) -> Response:
    await agency_keys.revoke(conn, agency, key_id=key_id)
    return RedirectResponse("/agency/api-keys", status_code=303)


# --- proposals ----------------------------------------------------------------


@router.get("/proposals")
async def proposal_list(
    request: Request,
    conn: Conn,
    agency: CurrentAgency,
    state: Annotated[str, Query(max_length=40)] = "",
) -> Response:
    found = await agency_proposals.for_organisation(
        conn, organisation_id=agency.organisation_id, state=state or None
    )
    context = {"proposals": found, "state": state, "state_labels": STATE_LABELS}
    return render(request, "agency/proposals.html", context)


@router.get("/proposals/{proposal_id}")
async def proposal_detail(
    request: Request, proposal_id: PathId, conn: Conn, agency: CurrentAgency
) -> Response:
    proposal = await _own_proposal(conn, agency, proposal_id)
    return render(request, "agency/proposal.html", _proposal_context(proposal))


def _proposal_context(proposal: agency_proposals.AgencyProposal, **extra: object) -> dict:
    return {
        "proposal": proposal,
        "profile": agency_profile_of(proposal),  # the rows the candidate's preview shows
        "state_labels": STATE_LABELS,
        "actions": answers.ACTION_LABELS,
        "decline_reasons": answers.DECLINE_REASONS,
        **extra,
    }


@router.post("/proposals/{proposal_id}/answer")
async def proposal_answer(
    request: Request,
    proposal_id: PathId,
    conn: Conn,
    agency: CurrentAgency,
    action: Annotated[str, Form(max_length=20)],
    reason_code: Annotated[str, Form(max_length=50)] = "",
    note: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    proposal = await _own_proposal(conn, agency, proposal_id)
    try:
        await answers.answer(
            conn,
            actor=agency,
            proposal=proposal,
            action=action,
            reason_code=reason_code or None,
            note=note,
        )
    except answers.AnswerError as exc:
        context = _proposal_context(proposal, error=exc.message)
        return render(request, "agency/proposal.html", context, status_code=exc.status_code)
    return RedirectResponse(f"/agency/proposals/{proposal_id}", status_code=303)


async def _own_proposal(
    conn: Conn, agency: User, proposal_id: int
) -> agency_proposals.AgencyProposal:
    proposal = await answers.read(
        conn, actor=agency, organisation_id=agency.organisation_id, proposal_id=proposal_id
    )
    if proposal is None:
        raise HTTPException(status_code=404, detail="Dit voorstel bestaat niet.")
    return proposal
