"""Learning from decisions under /admin/ranker: the evaluation report of a learned
weighting, Accept, and one click back to the previous version (web/ranker/)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from web.deps import Conn, CurrentAdmin, require_role
from web.ranker import overview, service
from web.templating import render

router = APIRouter(prefix="/admin", dependencies=[Depends(require_role("admin"))])
MAX_VERSION = 1_000_000
AskedVersion = Annotated[int | None, Query(ge=1, le=MAX_VERSION)]
VersionInPath = Annotated[int, Path(ge=1, le=MAX_VERSION)]


@router.get("/ranker")
async def ranker_page(
    request: Request,
    conn: Conn,
    admin: CurrentAdmin,
    versie: AskedVersion = None,
    leren: Annotated[bool, Query()] = False,
) -> Response:
    """The waiting version's report (or the active one's, or `versie`'s); `leren`: the
    admin just asked for a new training."""
    page = await overview.for_admin(conn, admin=admin, version=versie)
    context = {
        "page": page,
        "rows": overview.weight_rows(page.shown) if page.shown else [],
        "charts": overview.chart(page.shown) if page.shown else {},
        "test_period": overview.test_period(page.shown) if page.shown else None,
        "training_requested": leren,
        **overview.PAGE_CONSTANTS,
    }
    return render(request, "admin/ranker.html", context)


@router.post("/ranker/{version:int}/accept")
async def accept(conn: Conn, admin: CurrentAdmin, version: VersionInPath) -> Response:
    await service.accept(conn, admin=admin, version=version)
    return RedirectResponse("/admin/ranker", status_code=303)


@router.post("/ranker/back")
async def back(conn: Conn, admin: CurrentAdmin) -> Response:
    await service.roll_back(conn, admin=admin)
    return RedirectResponse("/admin/ranker", status_code=303)


@router.post("/ranker/train")
async def train(conn: Conn, admin: CurrentAdmin) -> Response:
    await service.request_training(conn, admin=admin)
    return RedirectResponse("/admin/ranker?leren=1", status_code=303)
