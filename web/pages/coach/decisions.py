"""What a jobcoach decides about: the vacancy of a suggestion and a proposal (absent or
someone else's is 404), and how a refused decision shows in the card."""

from __future__ import annotations

from typing import Any

import asyncpg
from fastapi import Request
from fastapi.responses import Response

from web.errors import NotFound
from web.proposals import service as placements
from web.proposals.repositories import proposals
from web.proposals.repositories.proposals import Proposal
from web.templating import is_htmx, render
from web.vacancies.repositories import vacancies
from web.vacancies.repositories.vacancies import VacancyRecord


async def vacancy(conn: asyncpg.Connection, vacancy_id: int) -> VacancyRecord:
    found = await vacancies.by_id(conn, vacancy_id=vacancy_id)
    if found is None:
        raise NotFound("Deze vacature bestaat niet.")
    return found


async def proposal(conn: asyncpg.Connection, proposal_id: int) -> Proposal:
    found = await proposals.by_id(conn, proposal_id=proposal_id)
    if found is None:
        raise NotFound("Dit voorstel bestaat niet.")
    return found


def refused(
    request: Request,
    refusal: placements.DecisionError,
    vacancy: VacancyRecord,
    *,
    page: str = "coach/candidate.html",
    block: str | None = "decision_done",
    **context: Any,
) -> Response:
    """Why a decision was refused: in the card's footer, or the `block` of `page` (the
    whole of a partial when None) that asked (htmx); else as the error page."""
    if not is_htmx(request):
        raise refusal
    context |= {"refusal": str(refusal), "vacancy": vacancy}
    return render(request, page, context, block=block, status_code=refusal.status_code)
