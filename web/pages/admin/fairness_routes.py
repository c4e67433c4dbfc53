"""The fairness monitor under /admin/fairness: per group, how far people get."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from web.deps import Conn, CurrentAdmin, require_role
from web.errors import AppError
from web.oversight import fairness
from web.templating import render

router = APIRouter(prefix="/admin", dependencies=[Depends(require_role("admin"))])

Day = Annotated[date | None, Query()]


@router.get("/fairness")
async def fairness_page(
    request: Request, conn: Conn, admin: CurrentAdmin, since: Day = None, until: Day = None
) -> Response:
    """Default period: the last twelve months up to today."""
    last = until or date.today()
    first = since or last - timedelta(days=365)
    if first > last:
        raise AppError("De begindatum ligt na de einddatum.")
    found = await fairness.report_for_admin(conn, admin=admin, first=first, last=last)
    context = {
        "report": found,
        "stages": fairness.STAGES,
        "measures": fairness.MEASURES,
        "min_group": fairness.MIN_GROUP,
        "flag_below": fairness.FLAG_BELOW,
    }
    return render(request, "admin/fairness.html", context)
