"""Admin pages: organisations, users, the kill switch and erasure of a candidate, each
for the admin's own municipality."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from web.deps import MAX_ID, Conn, CurrentAdmin, PathId, require_role
from web.matching import kill_switch
from web.oversight import erasure, erasure_requests
from web.pages.admin import overview as admin_overview
from web.templating import is_htmx, render

router = APIRouter(prefix="/admin", dependencies=[Depends(require_role("admin"))])


@router.get("")
async def overview(request: Request, conn: Conn, admin: CurrentAdmin) -> Response:
    context = await admin_overview.overview(conn, admin)
    return render(request, "admin/overview.html", context)


@router.post("/kill-switch")
async def switch_suggestions(
    request: Request, conn: Conn, admin: CurrentAdmin, enabled: Annotated[bool, Form()]
) -> Response:
    """Switch automatic suggestions on or off for this admin's municipality only."""
    await kill_switch.switch(conn, admin=admin, enabled=enabled)
    if is_htmx(request):
        context = await admin_overview.kill_switch_state(conn, admin)
        return render(request, "admin/overview.html", context, block="kill_switch")
    return RedirectResponse("/admin", status_code=303)


@router.get("/erasure")
async def erasure_page(
    request: Request,
    conn: Conn,
    admin: CurrentAdmin,
    candidate: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    erased: Annotated[str | None, Query(max_length=40)] = None,
    declined: Annotated[bool, Query()] = False,
) -> Response:
    """Coaches' open requests, and finding a candidate by number; with `candidate`, the
    confirmation of what goes."""
    context: dict = {
        "reasons": erasure.REASONS,
        "erased": erased,
        "declined": declined,
        "requests": await erasure_requests.pending(conn, admin=admin),
    }
    if candidate is not None:
        context["plan"] = await erasure.plan(conn, actor=admin, candidate_id=candidate)
    return render(request, "admin/erasure.html", context)


@router.post("/candidates/{candidate_id:int}/erase")
async def erase_candidate(
    request: Request,
    candidate_id: PathId,
    conn: Conn,
    admin: CurrentAdmin,
    reason: Annotated[str, Form()] = "",
    confirm: Annotated[bool, Form()] = False,
) -> Response:
    try:
        done = await erasure.erase_confirmed(
            conn, admin=admin, candidate_id=candidate_id, reason=reason, confirmed=confirm
        )
    except erasure.ErasureRefused as exc:
        context = {
            "reasons": erasure.REASONS,
            "plan": await erasure.plan(conn, actor=admin, candidate_id=candidate_id),
            "error": exc.message,
            "reason": reason,
        }
        return render(request, "admin/erasure.html", context, status_code=422)
    return RedirectResponse(f"/admin/erasure?erased={done.pseudonym}", status_code=303)
