"""People under /admin/people: the municipality's staff and the agencies' users; create
(with a one-time setup link), switch off and on, a new setup link, reset the second
factor. The rules and the audit are in web/accounts/people.py."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from web.accounts import people, two_factor
from web.deps import (
    MAX_ID,
    Conn,
    CurrentAdmin,
    OptionalQueryId,
    PathId,
    SettingsDep,
    require_role,
)
from web.templating import render

router = APIRouter(prefix="/admin/people", dependencies=[Depends(require_role("admin"))])
DONE = {
    "disabled": "is uitgezet: de sessies zijn beëindigd en API-sleutels werken niet meer",
    "enabled": "is weer aangezet: inloggen werkt weer",
    "reset": "is overal uitgelogd en stelt bij de volgende keer inloggen de tweede stap opnieuw in",
}


@router.get("")
async def people_page(
    request: Request, conn: Conn, admin: CurrentAdmin, done: str = "", who: OptionalQueryId = None
) -> Response:
    context = await _page(conn, admin, done=DONE.get(done), who=who)
    return render(request, "admin/people.html", context)


@router.post("")
async def create_person(
    request: Request,
    conn: Conn,
    admin: CurrentAdmin,
    settings: SettingsDep,
    email: Annotated[str, Form(max_length=400)] = "",
    display_name: Annotated[str, Form(max_length=400)] = "",
    role: Annotated[str, Form(max_length=20)] = "",
    organisation_id: Annotated[int | None, Form(ge=1, le=MAX_ID)] = None,
) -> Response:
    new = people.NewPerson(email, display_name, role, organisation_id)
    try:
        created = await people.create(conn, admin=admin, new=new, settings=settings)
    except people.PersonRefused as exc:
        context = await _page(conn, admin, errors=exc.errors, form=new)
        return render(request, "admin/people.html", context, status_code=exc.status_code)
    context = {"person": created.person, "link": created.link, "new": True}
    return render(request, "admin/setup_link.html", context)


@router.post("/{user_id:int}/setup-link")
async def new_setup_link(
    request: Request, user_id: PathId, conn: Conn, admin: CurrentAdmin, settings: SettingsDep
) -> Response:
    try:
        person, link = await people.new_setup_link(
            conn, admin=admin, user_id=user_id, settings=settings
        )
    except people.PersonRefused as exc:
        return await _refused(request, conn, admin, exc)
    return render(request, "admin/setup_link.html", {"person": person, "link": link})


@router.post("/{user_id:int}/disable")
async def disable(request: Request, user_id: PathId, conn: Conn, admin: CurrentAdmin) -> Response:
    try:
        person = await people.disable(conn, admin=admin, user_id=user_id)
    except people.PersonRefused as exc:
        return await _refused(request, conn, admin, exc)
    return _done("disabled", person.id)


@router.post("/{user_id:int}/enable")
async def enable(user_id: PathId, conn: Conn, admin: CurrentAdmin) -> Response:
    person = await people.enable(conn, admin=admin, user_id=user_id)
    return _done("enabled", person.id)


@router.post("/{user_id:int}/reset-two-factor")
async def reset_two_factor(user_id: PathId, conn: Conn, admin: CurrentAdmin) -> Response:
    person = await two_factor.reset(conn, admin=admin, user_id=user_id)
    return _done("reset", person.id)


async def _page(conn: Conn, admin: CurrentAdmin, **extra: Any) -> dict[str, Any]:
    return {
        "people": await people.directory(conn, admin=admin),
        "organisations": await people.organisation_choices(conn, admin=admin),
        "admin_id": admin.id,
        "errors": {},
        "form": None,
        **extra,
    }


async def _refused(
    request: Request, conn: Conn, admin: CurrentAdmin, exc: people.PersonRefused
) -> Response:
    context = await _page(conn, admin, error=exc.errors.get("", exc.message))
    return render(request, "admin/people.html", context, status_code=exc.status_code)


def _done(what: str, user_id: int) -> RedirectResponse:
    return RedirectResponse(f"/admin/people?done={what}&who={user_id}", status_code=303)
