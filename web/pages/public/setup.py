"""Public: a coach, agency user or admin opens the setup link their admin handed them and
chooses a password; then they log in (and set up the second factor)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from web.accounts import staff_setup
from web.accounts.client_address import client_address
from web.deps import Conn, SettingsDep
from web.templating import render

router = APIRouter(prefix="/instellen")


@router.get("/{code}")
async def setup_page(request: Request, conn: Conn, settings: SettingsDep, code: str) -> Response:
    client = client_address(request, settings)
    try:
        _found, person = await staff_setup.person_for(
            conn, code=code, client=client, settings=settings
        )
    except staff_setup.SetupRefused as exc:
        return _form(request, code, None, exc)
    return _form(request, code, person.email, None)


@router.post("/{code}")
async def choose_password(
    request: Request,
    conn: Conn,
    settings: SettingsDep,
    code: str,
    password: Annotated[str, Form(max_length=1024)] = "",
    password_repeat: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    try:
        await staff_setup.set_password(
            conn,
            code=code,
            password=password,
            password_repeat=password_repeat,
            client=client_address(request, settings),
            settings=settings,
        )
    except staff_setup.SetupRefused as exc:
        return _form(request, code, exc.email, exc)
    return RedirectResponse("/login?ingesteld=1", status_code=303)


def _form(
    request: Request, code: str, email: str | None, refused: staff_setup.SetupRefused | None
) -> Response:
    context = {"code": code, "email": email, "errors": refused.errors if refused else {}}
    status = refused.status_code if refused else 200
    return render(request, "auth/setup.html", context, status_code=status)
