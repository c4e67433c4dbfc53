"""Admin pages: organisations, users and the kill switch of the admin's municipality."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from web.deps import Conn, CurrentAdmin, require_role
from web.matching import kill_switch
from web.repositories import organisations
from web.templating import is_htmx, render

router = APIRouter(prefix="/admin", dependencies=[Depends(require_role("admin"))])


@router.get("")
async def overview(request: Request, conn: Conn, admin: CurrentAdmin) -> Response:
    context = {
        "organisations": await organisations.list_all(conn),
        "municipality": await organisations.by_id(conn, organisation_id=admin.organisation_id),
        "suggestions_enabled": await kill_switch.suggestions_on(
            conn, organisation_id=admin.organisation_id
        ),
    }
    return render(request, "admin/overview.html", context)


@router.post("/kill-switch")
async def switch_suggestions(
    request: Request, conn: Conn, admin: CurrentAdmin, enabled: Annotated[bool, Form()]
) -> Response:
    """Switch automatic suggestions on or off for this admin's municipality only."""
    await kill_switch.switch(conn, admin=admin, enabled=enabled)
    if is_htmx(request):
        context = {
            "municipality": await organisations.by_id(conn, organisation_id=admin.organisation_id),
            "suggestions_enabled": await kill_switch.suggestions_on(
                conn, organisation_id=admin.organisation_id
            ),
        }
        return render(request, "admin/overview.html", context, block="kill_switch")
    return RedirectResponse("/admin", status_code=303)
