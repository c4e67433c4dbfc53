"""Jobcoach pages: the caseload and a candidate's profile."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response

from web.deps import Conn, CurrentCoach, require_role
from web.repositories import app_settings, audit, candidates
from web.templating import render

router = APIRouter(prefix="/coach", dependencies=[Depends(require_role("jobcoach"))])


@router.get("")
async def caseload(request: Request, conn: Conn, coach: CurrentCoach) -> Response:
    caseload = await candidates.for_coach(conn, coach_id=coach.id)
    enabled = await app_settings.suggestions_enabled(conn)
    context = {"candidates": caseload, "suggestions_enabled": enabled}
    return render(request, "coach/caseload.html", context)


@router.get("/candidates/{candidate_id}")
async def candidate_profile(
    request: Request, candidate_id: int, conn: Conn, coach: CurrentCoach
) -> Response:
    candidate = await candidates.by_id(conn, candidate_id=candidate_id)
    if candidate is None or candidate.organisation_id != coach.organisation_id:
        raise HTTPException(status_code=404, detail="Deze kandidaat bestaat niet.")
    await audit.record(
        conn,
        action="read",
        object_type="candidate",
        object_id=candidate.id,
        actor_id=coach.id,
        actor_role=coach.role,
        organisation_id=coach.organisation_id,
    )
    restrictions = await candidates.restrictions_for(conn, candidate_id=candidate.id)
    context = {"candidate": candidate, "restrictions": restrictions}
    return render(request, "coach/candidate.html", context)
