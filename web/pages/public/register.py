"""`/algoritme`: the algorithm register, public, generated from the running system.
An admin also sees who last switched each municipality's suggestions on or off."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from web.deps import Conn, OptionalSession, SettingsDep
from web.oversight import register as algorithm_register
from web.ranker import public as learned_weights
from web.templating import render

router = APIRouter()


@router.get("/algoritme")
async def register_page(
    request: Request, conn: Conn, settings: SettingsDep, session: OptionalSession
) -> Response:
    context = {
        "r": await algorithm_register.register(conn, settings),
        "learned": await learned_weights.in_use(conn),
        "show_who": session is not None and session.user.role == "admin",
    }
    return render(request, "algorithm/register.html", context)
