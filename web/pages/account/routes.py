"""Your own account: how you want your e-mail (one per event, or a daily digest)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from web.deps import Conn, CurrentNotified, SettingsDep
from web.notifications import service as notifications
from web.templating import render

router = APIRouter(prefix="/account")
# What each role is mailed about, in their words.
EVENTS_IN_WORDS = {
    "jobcoach": "een werkgever reageert op een voorstel, of een check-in staat open",
    "agency": "een jobcoach stelt een kandidaat voor bij een vacature van jullie",
    "candidate": "je jobcoach heeft een nieuwe baan voor je",
}
NAV = {"jobcoach": "coach/nav.html", "agency": "agency/nav.html", "candidate": "candidate/nav.html"}


@router.get("/notifications")
async def notifications_page(
    request: Request, conn: Conn, me: CurrentNotified, settings: SettingsDep, saved: bool = False
) -> Response:
    return await _page(request, conn, me, settings, saved=saved)


@router.post("/notifications")
async def choose(
    request: Request,
    conn: Conn,
    me: CurrentNotified,
    settings: SettingsDep,
    delivery: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    try:
        await notifications.choose_delivery(conn, me, delivery)
    except notifications.ChoiceError as exc:
        return await _page(request, conn, me, settings, error=str(exc))
    return RedirectResponse("/account/notifications?saved=true", status_code=303)


async def _page(
    request: Request,
    conn: Conn,
    me: CurrentNotified,
    settings: SettingsDep,
    *,
    saved: bool = False,
    error: str = "",
) -> Response:
    context = {
        "delivery": await notifications.delivery_for(conn, me),
        "events": EVENTS_IN_WORDS.get(me.role, ""),
        "nav": NAV.get(me.role),
        "digest_hour": settings.mail_digest_hour,
        "saved": saved,
        "error": error,
    }
    status = 422 if error else 200
    return render(request, "account/notifications.html", context, status_code=status)
