"""An admin approves (and so erases) or declines a jobcoach's erasure request."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from web.deps import Conn, CurrentAdmin, PathId, require_role
from web.oversight import erasure, erasure_requests
from web.templating import render

router = APIRouter(prefix="/admin", dependencies=[Depends(require_role("admin"))])


@router.post("/erasure-requests/{request_id:int}/approve")
async def approve(
    request: Request,
    request_id: PathId,
    conn: Conn,
    admin: CurrentAdmin,
    confirm: Annotated[bool, Form()] = False,
) -> Response:
    try:
        done = await erasure_requests.approve(
            conn, admin=admin, request_id=request_id, confirmed=confirm
        )
    except erasure.ErasureRefused as exc:
        context = {
            "reasons": erasure.REASONS,
            "requests": await erasure_requests.pending(conn, admin=admin),
            "error": exc.message,
        }
        return render(request, "admin/erasure.html", context, status_code=422)
    return RedirectResponse(f"/admin/erasure?erased={done.pseudonym}", status_code=303)


@router.post("/erasure-requests/{request_id:int}/decline")
async def decline(request_id: PathId, conn: Conn, admin: CurrentAdmin) -> RedirectResponse:
    await erasure_requests.decline(conn, admin=admin, request_id=request_id)
    return RedirectResponse("/admin/erasure?declined=1", status_code=303)
