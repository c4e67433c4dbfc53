"""Admin pages: organisations, users and the kill switch."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from web.deps import Conn, CurrentAdmin, require_role
from web.repositories import app_settings, audit, organisations
from web.templating import is_htmx, render

router = APIRouter(prefix="/admin", dependencies=[Depends(require_role("admin"))])


@router.get("")
async def overview(request: Request, conn: Conn, admin: CurrentAdmin) -> Response:
    context = {
        "organisations": await organisations.list_all(conn),
        "suggestions_enabled": await app_settings.suggestions_enabled(conn),
    }
    return render(request, "admin/overview.html", context)


@router.post("/kill-switch")
async def kill_switch(
    request: Request, conn: Conn, admin: CurrentAdmin, enabled: Annotated[bool, Form()]
) -> Response:
    """Switch automatic suggestions on or off (off = manual mode for every coach)."""
    await app_settings.put(
        conn, key=app_settings.AUTOMATIC_SUGGESTIONS, value=enabled, updated_by=admin.id
    )
    await audit.record_by(
        conn,
        admin,
        action="suggestions_on" if enabled else "suggestions_off",
        object_type="app_settings",
    )
    if is_htmx(request):
        return render(
            request, "admin/overview.html", {"suggestions_enabled": enabled}, block="kill_switch"
        )
    return RedirectResponse("/admin", status_code=303)
