"""Vacancies as a jobcoach sees them: searched by hand, one vacancy with which of
their candidates fit it and "why (not) this one?", and proposing a vacancy by hand."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from matcher.models import CONTRACT_TYPES
from web.candidates import profiles
from web.deps import Conn, CurrentCoach, FormId, OptionalQueryId, PathId, require_role
from web.matching import kill_switch
from web.pages.coach import candidate_fit, decisions, proposing, vacancy_search
from web.proposals import service as placements
from web.proposals.vocabulary import APPROVE_REASONS, STATE_LABELS
from web.templating import is_htmx, render

router = APIRouter(prefix="/coach", dependencies=[Depends(require_role("jobcoach"))])
# What a propose form and an "al voorgesteld (status)" mark need.
PROPOSING_VOCABULARY = {"approve_reasons": APPROVE_REASONS, "state_labels": STATE_LABELS}
PROPOSE_PARTIAL = "coach/partials/propose.html"


@router.get("/vacancies")
async def search_vacancies(
    request: Request,
    conn: Conn,
    coach: CurrentCoach,
    q: str = "",
    sector: str = "",
    contract: str = "",
    candidate: OptionalQueryId = None,
) -> Response:
    """Search vacancies by hand: always available, also in manual mode; for one of my
    candidates (`candidate`) each result can be proposed to them."""
    chosen = await profiles.own_candidate(conn, coach, candidate) if candidate else None
    found = await vacancy_search.search(
        conn, text=q, sector=sector, contract=contract, coach=coach, candidate=chosen
    )
    context = {
        "vacancies": found.vacancies,
        "q": q,
        "sector": sector,
        "contract": contract,
        "sectors": found.sectors,
        "contracts": CONTRACT_TYPES,
        "chosen": chosen,
        "caseload": found.caseload,
        "proposed_to": found.proposed_to,
        "proposed_among": found.proposed_among,
        **PROPOSING_VOCABULARY,
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
    context = {"vacancy": vacancy, "suggestions_enabled": enabled, **page, **PROPOSING_VOCABULARY}
    return render(request, "coach/vacancy.html", context, block="why" if only_why else None)


@router.post("/vacancies/{vacancy_id:int}/proposals")
async def propose_vacancy(
    request: Request,
    vacancy_id: PathId,
    conn: Conn,
    coach: CurrentCoach,
    candidate_id: FormId,
    reason_code: Annotated[str, Form()] = "",
    note: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Propose this vacancy to one of my candidates, found by hand (the vacancy page, hand
    search, manual mode): the same reasons, audit and exactly-once as approving a card."""
    candidate = await profiles.own_candidate(conn, coach, candidate_id)
    vacancy = await decisions.vacancy(conn, vacancy_id)
    context = {"person": candidate, **PROPOSING_VOCABULARY}
    try:
        decided = await placements.propose(
            conn,
            coach=coach,
            candidate_id=candidate.id,
            vacancy=vacancy,
            reason_code=reason_code,
            note=note,
        )
    except placements.DecisionError as exc:
        return decisions.refused(request, exc, vacancy, page=PROPOSE_PARTIAL, block=None, **context)
    if not is_htmx(request):
        return RedirectResponse(f"/coach/vacancies/{vacancy.id}#voorstellen", status_code=303)
    states = await proposing.states_for_candidate(
        conn, candidate_id=candidate.id, vacancy_ids=[vacancy.id]
    )
    context |= {
        "vacancy": vacancy,
        "created": decided.proposal_id is not None,
        "state": states.get(vacancy.id),
    }
    return render(request, PROPOSE_PARTIAL, context)
