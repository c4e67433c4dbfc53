"""The caseload and one candidate's page: profile, timeline, suggestions and advice, and
asking an admin to erase the candidate."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from web.candidates import profile_form, profiles
from web.deps import Conn, CurrentCoach, PathId, SettingsDep, require_role
from web.matching import kill_switch, suggest
from web.oversight import erasure_requests
from web.pages.coach import candidate_page
from web.pages.coach import caseload as caseload_overview
from web.templating import is_htmx, render

router = APIRouter(prefix="/coach", dependencies=[Depends(require_role("jobcoach"))])


@router.get("")
async def caseload(
    request: Request, conn: Conn, coach: CurrentCoach, q: str = "", status: str = ""
) -> Response:
    enabled = await kill_switch.suggestions_on(conn, organisation_id=coach.organisation_id)
    rows = await caseload_overview.overview(
        conn, coach_id=coach.id, suggestions_on=enabled, query=q, status=status
    )
    context = {
        "rows": rows,
        "suggestions_enabled": enabled,
        "q": q,
        "status": status,
        "status_labels": profile_form.STATUS_LABELS,
    }
    return render(request, "coach/caseload.html", context, htmx_block="caseload_table")


@router.get("/candidates/{candidate_id:int}")
async def candidate_profile(
    request: Request, candidate_id: PathId, conn: Conn, coach: CurrentCoach
) -> Response:
    candidate = await profiles.own_candidate(conn, coach, candidate_id)
    context = await candidate_page.profile_context(conn, coach, candidate)
    return render(request, "coach/candidate.html", context)


@router.get("/candidates/{candidate_id:int}/suggestions")
async def candidate_suggestions(
    request: Request, candidate_id: PathId, conn: Conn, coach: CurrentCoach, settings: SettingsDep
) -> Response:
    """The ranked vacancies for one candidate, with reasons (htmx fragment or page)."""
    candidate = await profiles.own_candidate(conn, coach, candidate_id)
    found = await suggest.for_candidate(
        conn,
        matching=request.app.state.matching,
        candidate=candidate,
        coach=coach,
        top=settings.suggestions_per_candidate,
    )
    # The htmx fragment needs only the cards; the whole page (no JavaScript) needs more.
    page = {} if is_htmx(request) else await candidate_page.profile_context(conn, coach, candidate)
    context = {
        **page,
        **candidate_page.DECISION_VOCABULARY,
        "candidate": candidate,
        "found": found,
        "proposed": await candidate_page.proposed_vacancies(conn, candidate_id=candidate.id),
        "show_suggestions": True,
    }
    return render(request, "coach/candidate.html", context, htmx_block="suggestions")


@router.get("/candidates/{candidate_id:int}/advice")
async def candidate_advice(
    request: Request, candidate_id: PathId, conn: Conn, coach: CurrentCoach
) -> Response:
    """Which single certificate or skill would open the most extra good matches."""
    candidate = await profiles.own_candidate(conn, coach, candidate_id)
    enabled, advice = await suggest.advice_for(
        conn, matching=request.app.state.matching, candidate=candidate
    )
    # The htmx fragment needs only the advice; the whole page (no JavaScript) needs more.
    page = {} if is_htmx(request) else await candidate_page.profile_context(conn, coach, candidate)
    context = {
        **page,
        "candidate": candidate,
        "advice": advice,
        "show_advice": True,
        "suggestions_enabled": enabled,
    }
    return render(request, "coach/candidate.html", context, htmx_block="advice")


@router.post("/candidates/{candidate_id:int}/erasure-request")
async def ask_erasure(
    candidate_id: PathId, conn: Conn, coach: CurrentCoach, reason: Annotated[str, Form()] = ""
) -> RedirectResponse:
    """Ask an admin to erase this candidate (422 in Dutch without a reason); asking
    twice is the same request."""
    await erasure_requests.ask(conn, coach=coach, candidate_id=candidate_id, reason=reason)
    return RedirectResponse(f"/coach/candidates/{candidate_id}#verwijderen", status_code=303)
