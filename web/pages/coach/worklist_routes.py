"""The coach's work list (`/coach/worklist`, where a coach lands after logging in): what
needs me now, newest first. Marking an item done removes it in place (htmx) or returns
to the list (without JavaScript)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from web.deps import MAX_ID, Conn, CurrentCoach, SettingsDep, require_role
from web.errors import AppError
from web.templating import is_htmx, render
from web.worklist import items
from web.worklist import service as worklist

router = APIRouter(prefix="/coach", dependencies=[Depends(require_role("jobcoach"))])


@router.get("/worklist")
async def work_list(
    request: Request, conn: Conn, coach: CurrentCoach, settings: SettingsDep
) -> Response:
    since = await worklist.record_visit(conn, coach=coach)
    found = await items.for_coach(conn, coach=coach, since=since, settings=settings)
    return render(request, "coach/worklist.html", {"worklist": found, "since": since})


@router.post("/worklist/done")
async def mark_done(
    request: Request,
    conn: Conn,
    coach: CurrentCoach,
    item: Annotated[str, Form(max_length=200)],
) -> Response:
    """Hide one item until it changes again; `item` is "kind:object:candidate:version"."""
    kind, object_id, candidate_id, version = _item(item)
    await worklist.mark_done(
        conn,
        coach=coach,
        kind=kind,
        object_id=object_id,
        candidate_id=candidate_id,
        version=version,
    )
    if is_htmx(request):
        return render(request, "coach/worklist.html", {}, block="marked_done")
    return RedirectResponse("/coach/worklist", status_code=303)


def _item(value: str) -> tuple[str, int, int, str]:
    """The parts of a Gedaan button's value (the version may itself hold colons)."""
    parts = value.split(":", 3)
    if len(parts) != 4 or not all(p.isdigit() and 0 < int(p) <= MAX_ID for p in parts[1:3]):
        raise AppError("Dit punt staat niet op je lijst. Laad de pagina opnieuw.")
    return parts[0], int(parts[1]), int(parts[2]), parts[3]
