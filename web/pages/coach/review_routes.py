"""The jobcoach's decisions: approve or reject a suggestion, move a proposal on, and
record when a placement started."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from web.candidates import profiles
from web.deps import Conn, CurrentCoach, FormId, OptionalFormId, PathId, require_role
from web.pages.coach import decisions
from web.proposals import service as placements
from web.templating import render

router = APIRouter(prefix="/coach", dependencies=[Depends(require_role("jobcoach"))])


@router.post("/candidates/{candidate_id:int}/decisions")
async def decide_suggestion(
    request: Request,
    candidate_id: PathId,
    conn: Conn,
    coach: CurrentCoach,
    vacancy_id: FormId,
    decision: Annotated[str, Form()],
    reason_code: Annotated[str, Form()] = "",
    note: Annotated[str, Form(max_length=1000)] = "",
    suggestion_id: OptionalFormId = None,
) -> Response:
    """Approve (creates one proposal) or reject a suggestion, always with a reason."""
    candidate = await profiles.own_candidate(conn, coach, candidate_id)
    vacancy = await decisions.vacancy(conn, vacancy_id)
    try:
        result = await placements.decide(
            conn,
            coach=coach,
            candidate_id=candidate.id,
            vacancy=vacancy,
            decision=decision,
            reason_code=reason_code,
            note=note,
            suggestion_id=suggestion_id,
        )
    except placements.DecisionError as exc:
        return decisions.refused(request, exc, vacancy)
    if request.headers.get("HX-Request"):
        context = {
            "decided": result,
            "decision": decision,
            "vacancy": vacancy,
            "candidate": candidate,
        }
        return render(request, "coach/candidate.html", context, block="decision_done")
    return RedirectResponse(f"/coach/candidates/{candidate.id}/suggestions", status_code=303)


@router.post("/proposals/{proposal_id:int}/transition")
async def move_proposal(
    request: Request,
    proposal_id: PathId,
    conn: Conn,
    coach: CurrentCoach,
    from_state: Annotated[str, Form()],
    to_state: Annotated[str, Form()],
    reason_code: Annotated[str, Form()] = "",
    note: Annotated[str, Form(max_length=1000)] = "",
    start_date: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """A step of the placement; a hire takes its start date (empty: today), a check-in
    is refused before it opens."""
    proposal = await decisions.proposal(conn, proposal_id)
    candidate = await profiles.own_candidate(conn, coach, proposal.candidate_id)
    await placements.transition(
        conn,
        actor=coach,
        proposal_id=proposal.id,
        from_state=from_state,
        to_state=to_state,
        reason_code=reason_code or None,
        note=note,
        start_date=placements.parse_start_date(start_date) if to_state == "hired" else None,
    )
    return RedirectResponse(f"/coach/candidates/{candidate.id}#tijdlijn", status_code=303)


@router.post("/proposals/{proposal_id:int}/start-date")
async def change_start_date(
    request: Request,
    proposal_id: PathId,
    conn: Conn,
    coach: CurrentCoach,
    start_date: Annotated[str, Form(max_length=20)],
) -> Response:
    """Correct when the young person started; the check-in dates move with it."""
    proposal = await decisions.proposal(conn, proposal_id)
    candidate = await profiles.own_candidate(conn, coach, proposal.candidate_id)
    day = placements.parse_start_date(start_date)
    if day is None:
        raise placements.DecisionError("Vul de startdatum in.")
    await placements.set_start_date(conn, actor=coach, proposal_id=proposal.id, start_date=day)
    return RedirectResponse(f"/coach/candidates/{candidate.id}#tijdlijn", status_code=303)
