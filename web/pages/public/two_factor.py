"""The second step of a staff login (/login/enrol the first time, /login/code after), and
a staff member's own recovery codes (/account/two-factor). The rules are in
web/accounts/two_factor.py."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from web.accounts import two_factor
from web.accounts.sessions import PENDING_COOKIE, set_session_cookie
from web.deps import Conn, CurrentStaff, SettingsDep
from web.pages.public.home import ROLE_HOME
from web.pages.public.login import end_previous_session, safe_next, signed_in
from web.settings import Settings
from web.templating import render

router = APIRouter()
Code = Annotated[str, Form(max_length=40)]


@router.get("/login/code")
async def code_page(request: Request, conn: Conn) -> Response:
    step = await two_factor.second_step(conn, token=request.cookies.get(PENDING_COOKIE))
    if step is None or step.enrolling:
        return _start_again(step)
    return render(request, "auth/code.html", {"error": None})


@router.post("/login/code")
async def enter_code(
    request: Request, conn: Conn, settings: SettingsDep, code: Code = ""
) -> Response:
    token = request.cookies.get(PENDING_COOKIE, "")
    try:
        done = await two_factor.verify(conn, token=token, code=code, settings=settings)
    except two_factor.CodeRefused as exc:
        if exc.expired:
            return _expired(request, exc, settings)
        return render(
            request, "auth/code.html", {"error": exc.message}, status_code=exc.status_code
        )
    target = safe_next(done.next_path) or ROLE_HOME[done.user.role]
    response = await signed_in(request, conn, settings, token=done.token, target=target)
    forget_pending(response, settings)
    return response


@router.get("/login/enrol")
async def enrol_page(request: Request, conn: Conn) -> Response:
    step = await two_factor.second_step(conn, token=request.cookies.get(PENDING_COOKIE))
    if step is None or not step.enrolling:
        return _start_again(step)
    context = {"enrolment": await two_factor.enrolment(step), "error": None}
    return render(request, "auth/enrol.html", context)


@router.post("/login/enrol")
async def confirm_enrolment(
    request: Request, conn: Conn, settings: SettingsDep, code: Code = ""
) -> Response:
    token = request.cookies.get(PENDING_COOKIE, "")
    step = await two_factor.second_step(conn, token=token)
    try:
        done = await two_factor.confirm_enrolment(conn, token=token, code=code, settings=settings)
    except two_factor.CodeRefused as exc:
        if exc.expired or step is None:
            return _expired(request, exc, settings)
        context = {"enrolment": await two_factor.enrolment(step), "error": exc.message}
        return render(request, "auth/enrol.html", context, status_code=exc.status_code)
    await end_previous_session(request, conn)
    context = {
        "codes": done.recovery_codes,
        "next": safe_next(done.next_path) or ROLE_HOME[done.user.role],
    }
    response = render(request, "auth/recovery_codes.html", context)
    set_session_cookie(response, done.token, settings)
    forget_pending(response, settings)
    return response


@router.get("/account/two-factor")
async def own_two_factor(request: Request, conn: Conn, staff: CurrentStaff) -> Response:
    left = await two_factor.recovery_codes_left(conn, user=staff)
    return render(request, "auth/own_two_factor.html", {"left": left})


@router.post("/account/two-factor/recovery-codes")
async def renew_recovery_codes(request: Request, conn: Conn, staff: CurrentStaff) -> Response:
    codes = await two_factor.renew_recovery_codes(conn, user=staff)
    context = {"codes": codes, "next": "/account/two-factor", "renewed": True}
    return render(request, "auth/recovery_codes.html", context)


def _start_again(step: two_factor.SecondStep | None) -> RedirectResponse:
    """No pending login (or the other step's): back to where it fits."""
    if step is None:
        return RedirectResponse("/login", status_code=303)
    return RedirectResponse("/login/enrol" if step.enrolling else "/login/code", status_code=303)


def _expired(request: Request, exc: two_factor.CodeRefused, settings: Settings) -> Response:
    response = render(
        request, "auth/login.html", {"error": exc.message, "next": ""}, status_code=401
    )
    forget_pending(response, settings)
    return response


def forget_pending(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        PENDING_COOKIE, path="/login", secure=settings.secure_cookies, httponly=True, samesite="lax"
    )
