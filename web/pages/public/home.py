"""`/`: send each signed-in user to their role's home page."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse

from web.deps import OptionalSession

router = APIRouter()

ROLE_HOME = {
    "jobcoach": "/coach/worklist",  # the work list; the caseload is /coach
    "agency": "/agency",
    "candidate": "/candidate",
    "admin": "/admin",
}


@router.get("/", include_in_schema=False)
async def root(session: OptionalSession) -> RedirectResponse:
    target = ROLE_HOME[session.user.role] if session else "/login"
    return RedirectResponse(target, status_code=303)
