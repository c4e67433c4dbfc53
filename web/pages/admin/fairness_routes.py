"""The fairness monitor under /admin/fairness: per group, how far people get."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from web.deps import Conn, CurrentAdmin, OptionalQueryDay, require_role
from web.errors import AppError
from web.oversight import counterfactual, fairness
from web.oversight.report_periods import today_in_amsterdam
from web.templating import render

router = APIRouter(prefix="/admin", dependencies=[Depends(require_role("admin"))])


@router.get("/fairness")
async def fairness_page(
    request: Request,
    conn: Conn,
    admin: CurrentAdmin,
    since: OptionalQueryDay = None,
    until: OptionalQueryDay = None,
) -> Response:
    """Default period: the last twelve months up to today."""
    last = until or today_in_amsterdam()
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
        "verdicts": counterfactual.VERDICTS,
    }
    return render(request, "admin/fairness.html", context)


@router.post("/fairness/counterfactual")
async def counterfactual_check(request: Request, conn: Conn, admin: CurrentAdmin) -> Response:
    """Copies of the municipality's candidates that differ only in name, gender words or
    neighbourhood, matched by this process's matcher (htmx: only that part)."""
    matching = request.app.state.matching
    context: dict[str, object] = {"verdicts": counterfactual.VERDICTS, "checked": True}
    if matching is None or not matching.ready:
        context["unavailable"] = True
    else:
        context["counterfactual"] = await counterfactual.check(conn, admin=admin, matching=matching)
    return render(request, "admin/fairness.html", context, block="counterfactual")
