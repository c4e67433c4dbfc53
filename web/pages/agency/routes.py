"""Agency pages: own vacancies, uploads and their reports, API keys, proposals."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from web.accounts import api_keys as agency_keys
from web.deps import Conn, CurrentAgency, PathId, SettingsDep, require_role
from web.pages.agency import own_vacancies, proposal_page, uploads
from web.pages.agency.uploads import BATCH_LABELS
from web.proposals import agency_answers as answers
from web.proposals.profile_views import region_words
from web.proposals.vocabulary import STATE_LABELS
from web.templating import is_htmx, render
from web.vacancies.imports import report
from web.vacancies.imports.errors import FileProblem
from web.vacancies.imports.limits import BodyLimitRoute
from web.vacancies.imports.parsing import precheck
from web.vacancies.imports.service import limits_from, submit_file

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOADS_CHANGED = "uploads-changed"  # htmx event: the upload list on the page reloads


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
    context = await own_vacancies.list_context(
        conn, agency, q=q, status=status, sector=sector, since=since, page=page
    )
    return render(request, "agency/vacancies.html", context, htmx_block="vacancy_table")


@router.get("/vacancies/{vacancy_id}")
async def vacancy_detail(
    request: Request, vacancy_id: PathId, conn: Conn, agency: CurrentAgency
) -> Response:
    vacancy = await own_vacancies.own_vacancy(conn, agency, vacancy_id)
    notice = own_vacancies.wage_notice(vacancy)
    return render(request, "agency/vacancy.html", {"vacancy": vacancy, "wage_notice": notice})


# --- uploads ------------------------------------------------------------------


@router.get("/imports")
async def import_list(request: Request, conn: Conn, agency: CurrentAgency) -> Response:
    context = await uploads.list_context(conn, agency)
    return render(request, "agency/imports.html", context, htmx_block="upload_list")


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
        context = {**await uploads.list_context(conn, agency), "error": exc.message}
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
        response = render(request, "agency/import.html", context, block="progress")
        response.headers["HX-Trigger"] = UPLOADS_CHANGED  # the list shows the new upload
        return response
    return RedirectResponse(f"/agency/imports/{batch.id}", status_code=303)


@router.get("/imports/{batch_id}")
async def import_detail(
    request: Request, batch_id: PathId, conn: Conn, agency: CurrentAgency
) -> Response:
    """The batch page; with htmx only its progress block (polled until finished)."""
    batch = await uploads.own_batch(conn, agency, batch_id)
    context: dict = {"batch": batch, "batch_labels": BATCH_LABELS}
    if batch.finished:
        problems = await uploads.problems(conn, batch)
        context["problems"], context["shown_all"] = problems[:500], len(problems) <= 500
    response = render(request, "agency/import.html", context, htmx_block="progress")
    if batch.finished and is_htmx(request):
        response.headers["HX-Trigger"] = UPLOADS_CHANGED  # the list shows its counts
    return response


@router.get("/imports/{batch_id}/report.csv")
async def import_report(batch_id: PathId, conn: Conn, agency: CurrentAgency) -> Response:
    batch = await uploads.own_batch(conn, agency, batch_id)
    problems = await uploads.problems(conn, batch)
    return Response(
        report.report_csv(problems),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="importrapport-{batch.id}.csv"'},
    )


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
    keys = await agency_keys.listed(conn, agency)
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
    keys = await agency_keys.listed(conn, agency)
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
    found = await proposal_page.listed(conn, agency, state=state)
    context = {
        "proposals": found,
        "state": state,
        "state_labels": STATE_LABELS,
        "region_words": region_words,
    }
    return render(request, "agency/proposals.html", context)


@router.get("/proposals/{proposal_id}")
async def proposal_detail(
    request: Request, proposal_id: PathId, conn: Conn, agency: CurrentAgency
) -> Response:
    proposal = await proposal_page.own_proposal(conn, agency, proposal_id)
    return render(request, "agency/proposal.html", proposal_page.context(proposal))


@router.post("/proposals/{proposal_id}/answer")
async def proposal_answer(
    request: Request,
    proposal_id: PathId,
    conn: Conn,
    agency: CurrentAgency,
    action: Annotated[str, Form(max_length=20)],
    reason_code: Annotated[str, Form(max_length=50)] = "",
    note: Annotated[str, Form(max_length=1000)] = "",
    start_date: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    proposal = await proposal_page.own_proposal(conn, agency, proposal_id)
    try:
        await answers.answer(
            conn,
            actor=agency,
            proposal=proposal,
            action=action,
            reason_code=reason_code or None,
            note=note,
            start_date=start_date,
        )
    except answers.AnswerError as exc:
        context = proposal_page.context(proposal, error=exc.message)
        return render(request, "agency/proposal.html", context, status_code=exc.status_code)
    return RedirectResponse(f"/agency/proposals/{proposal_id}", status_code=303)
