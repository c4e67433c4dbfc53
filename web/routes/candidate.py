"""Candidate pages (mobile first, B1 Dutch)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from web.deps import Conn, CurrentCandidate, require_role
from web.repositories import candidates
from web.templating import render

router = APIRouter(prefix="/candidate", dependencies=[Depends(require_role("candidate"))])


@router.get("")
async def my_jobs(request: Request, conn: Conn, me: CurrentCandidate) -> Response:
    profile = await candidates.for_user(conn, user_id=me.id)
    return render(request, "candidate/jobs.html", {"profile": profile})
