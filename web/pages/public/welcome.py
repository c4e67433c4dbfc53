"""Public: a candidate turns the invitation from their jobcoach into an account, or a
reset link into a new password for the account they have."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from web.accounts import sessions as auth_sessions
from web.accounts import welcome
from web.accounts.client_address import client_address
from web.accounts.sessions import SESSION_COOKIE, set_session_cookie
from web.deps import Conn, SettingsDep
from web.templating import render

router = APIRouter(prefix="/welkom")


@router.get("")
async def code_page(request: Request) -> Response:
    return render(request, "welcome/code.html", {"code": ""})


@router.post("")
async def enter_code(
    request: Request,
    conn: Conn,
    settings: SettingsDep,
    code: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    client = client_address(request, settings)
    found = await welcome.code_status(conn, code=code, client=client, settings=settings)
    if found.status == "open":
        return RedirectResponse(f"/welkom/{_tidy(code)}", status_code=303)
    return _refused(request, code, found.status)


@router.get("/{code}")
async def account_page(request: Request, conn: Conn, settings: SettingsDep, code: str) -> Response:
    client = client_address(request, settings)
    found = await welcome.code_status(conn, code=code, client=client, settings=settings)
    if found.status != "open":
        return _refused(request, code, found.status)
    account = await welcome.account_of(conn, found)  # a reset link: a new password
    context: dict[str, object] = {"code": code, "errors": {}, "email": ""}
    context["account_email"] = account.email if account else None
    return render(request, "welcome/account.html", context)


@router.post("/{code}")
async def create_account(
    request: Request,
    conn: Conn,
    settings: SettingsDep,
    code: str,
    email: Annotated[str, Form(max_length=320)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    password_repeat: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    try:
        account = await welcome.use_code(
            conn,
            code=code,
            email=email,
            password=password,
            password_repeat=password_repeat,
            client=client_address(request, settings),
            settings=settings,
        )
    except welcome.WelcomeError as exc:
        context = {
            "code": code,
            "errors": exc.errors,
            "email": email,
            "account_email": exc.account_email,
        }
        return render(request, "welcome/account.html", context, status_code=exc.status_code)
    old = request.cookies.get(SESSION_COOKIE)
    if old:  # whoever was signed in on this device is signed out, as at login
        await auth_sessions.logout(conn, token=old, user=None)
    response = RedirectResponse("/candidate", status_code=303)
    set_session_cookie(response, account.token, settings)
    return response


def _refused(request: Request, code: str, status: str) -> Response:
    context = {"code": code, "error": welcome.REFUSED[status]}
    return render(request, "welcome/code.html", context, status_code=welcome.REFUSED_STATUS[status])


def _tidy(code: str) -> str:
    """The code as the coach saw it ('ABCD-EFGH-JKLM'), for a readable URL."""
    raw = code.strip().upper().replace("-", "").replace(" ", "")
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))
