"""Vacancies as a jobcoach sees them: searched by hand, and one vacancy with which of
their candidates fit it and "why (not) this one?"."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from matcher.models import CONTRACT_TYPES
from web.deps import Conn, CurrentCoach, OptionalQueryId, PathId, require_role
from web.matching import kill_switch
from web.pages.coach import candidate_fit, decisions, vacancy_search
from web.templating import is_htmx, render

router = APIRouter(prefix="/coach", dependencies=[Depends(require_role("jobcoach"))])


@router.get("/vacancies")
async def search_vacancies(
    request: Request,
    conn: Conn,
    coach: CurrentCoach,
    q: str = "",
    sector: str = "",
    contract: str = "",
) -> Response:
    """Search vacancies by hand: always available, also in manual mode."""
    found = await vacancy_search.search(conn, text=q, sector=sector, contract=contract)
    context = {
        "vacancies": found.vacancies,
        "q": q,
        "sector": sector,
        "contract": contract,
        "sectors": found.sectors,
        "contracts": CONTRACT_TYPES,
    }
    return render(request, "coach/vacancies.html", context, htmx_block="results")


@router.get("/vacancies/{vacancy_id:int}")
async def vacancy_fit(
    request: Request,
    vacancy_id: PathId,
    conn: Conn,
    coach: CurrentCoach,
    candidate: OptionalQueryId = None,
) -> Response:
    """A vacancy, which of my candidates fit it and why; with `candidate`, "why (not)
    this one?" for that candidate (htmx: only that part)."""
    vacancy = await decisions.vacancy(conn, vacancy_id)
    enabled = await kill_switch.suggestions_on(conn, organisation_id=coach.organisation_id)
    only_why = candidate is not None and is_htmx(request)
    page = await candidate_fit.vacancy_page(
        conn,
        matching=request.app.state.matching if enabled else None,
        vacancy=vacancy,
        coach=coach,
        candidate_id=candidate,
        only_why=only_why,
    )
    context = {"vacancy": vacancy, "suggestions_enabled": enabled, **page}
    return render(request, "coach/vacancy.html", context, block="why" if only_why else None)
