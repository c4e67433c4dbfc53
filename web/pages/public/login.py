"""Login and logout."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from web.accounts import sessions as auth_sessions
from web.accounts.client_address import client_address
from web.accounts.sessions import SESSION_COOKIE, set_pending_cookie, set_session_cookie
from web.deps import Conn, OptionalSession, SettingsDep
from web.pages.public.home import ROLE_HOME
from web.templating import render

router = APIRouter()
WRONG_CREDENTIALS = "E-mailadres of wachtwoord klopt niet."
THROTTLED = (
    "Te veel mislukte pogingen vanaf dit apparaat of netwerk. "
    "Probeer het over een kwartier opnieuw."
)


@router.get("/login")
async def login_page(
    request: Request, session: OptionalSession, next: str = "", ingesteld: bool = False
) -> Response:
    if session is not None:
        return RedirectResponse(ROLE_HOME[session.user.role], status_code=303)
    context = {"next": safe_next(next), "password_set": ingesteld}
    return render(request, "auth/login.html", context)


@router.post("/login")
async def login(
    request: Request,
    conn: Conn,
    settings: SettingsDep,
    email: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form()] = "",
) -> Response:
    client = client_address(request, settings)
    result = await auth_sessions.login(
        conn,
        email=email,
        password=password,
        client=client,
        settings=settings,
        next_path=safe_next(next),
    )
    if result.pending_token is not None:  # staff: the second factor comes next
        step = "/login/enrol" if result.enrolling else "/login/code"
        response = RedirectResponse(step, status_code=303)
        set_pending_cookie(response, result.pending_token, settings)
        return response
    if result.user is None or result.token is None:
        message, status = (THROTTLED, 429) if result.throttled else (WRONG_CREDENTIALS, 401)
        context = {"error": message, "email": email, "next": safe_next(next)}
        return render(request, "auth/login.html", context, status_code=status)
    return await signed_in(
        request,
        conn,
        settings,
        token=result.token,
        target=safe_next(next) or ROLE_HOME[result.user.role],
    )


async def signed_in(
    request: Request, conn: Conn, settings: SettingsDep, *, token: str, target: str
) -> Response:
    """The redirect after a login: whoever was signed in on this device is signed out."""
    response = RedirectResponse(target, status_code=303)
    await end_previous_session(request, conn)
    set_session_cookie(response, token, settings)
    return response


async def end_previous_session(request: Request, conn: Conn) -> None:
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        await auth_sessions.logout(conn, token=old, user=None)


@router.post("/logout")
async def logout(request: Request, conn: Conn, session: OptionalSession) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        await auth_sessions.logout(conn, token=token, user=session.user if session else None)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


def safe_next(target: str) -> str:
    # Only local paths: never redirect a user to another site after login.
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return ""
