"""The audit trail under /admin/audit: filter, page back, export as CSV."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response, StreamingResponse

from web.deps import (
    Conn,
    CurrentAdmin,
    OptionalQueryDay,
    OptionalQueryId,
    StreamConn,
    require_role,
)
from web.oversight import audit_trail
from web.oversight.audit_trail import AuditFilter, Period
from web.templating import render

router = APIRouter(prefix="/admin", dependencies=[Depends(require_role("admin"))])

Action = Annotated[str | None, Query(max_length=60, pattern=r"^[a-z_]*$")]


def trail_filter(
    person: OptionalQueryId = None,
    candidate: OptionalQueryId = None,
    action: Action = None,
    since: OptionalQueryDay = None,
    until: OptionalQueryDay = None,
) -> AuditFilter:
    return audit_trail.audit_filter(
        person_id=person, candidate_id=candidate, action=action, period=Period(since, until)
    )


TrailFilter = Annotated[AuditFilter, Depends(trail_filter)]


@router.get("/audit")
async def audit_page(
    request: Request,
    conn: Conn,
    admin: CurrentAdmin,
    where: TrailFilter,
    before: OptionalQueryId = None,
) -> Response:
    page = await audit_trail.read_page(conn, admin=admin, where=where, before_id=before)
    query = request.query_params
    context = {
        "page": page,
        "query": query,
        "query_without_before": urlencode(
            [(k, v) for k, v in query.multi_items() if k != "before"]
        ),
        "restricted_actions": audit_trail.RESTRICTED_ACTIONS,
        "action_label": audit_trail.action_label,
        "role_labels": audit_trail.ROLE_LABELS,
        "object_labels": audit_trail.OBJECT_LABELS,
        **await audit_trail.filter_choices(conn, admin=admin),
    }
    return render(request, "admin/audit.html", context, htmx_block="entries")


@router.get("/audit.csv")
async def audit_export(conn: StreamConn, admin: CurrentAdmin, where: TrailFilter) -> Response:
    lines = audit_trail.export_csv(conn, admin=admin, where=where)
    return StreamingResponse(
        lines,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="audittrail.csv"'},
    )
