"""Request-scoped dependencies: the connection (one transaction per request), the
session, the role a route requires, and the CSRF check every state change passes."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Callable
from datetime import date
from typing import Annotated, Any

import asyncpg
from fastapi import Depends, Form, HTTPException, Path, Query, Request
from pydantic import BeforeValidator, Field

from web.accounts import sessions as auth_sessions
from web.accounts.repositories.users import User
from web.accounts.sessions import SESSION_COOKIE, SessionUser
from web.settings import Settings

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
ANON_CSRF_COOKIE = "perspectief_csrf"


class NotAuthenticated(Exception):
    """Raised for a protected route without a live session; handled as login redirect."""


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_conn(request: Request) -> AsyncIterator[asyncpg.Connection]:
    # The transaction boundary is the request; it commits before the response is sent.
    async with request.app.state.pool.acquire() as conn, conn.transaction():
        yield conn


SettingsDep = Annotated[Settings, Depends(get_settings)]
Conn = Annotated[asyncpg.Connection, Depends(get_conn, scope="function")]
# For a streamed response (an export): the connection and its transaction stay open
# until the last byte is sent.
StreamConn = Annotated[asyncpg.Connection, Depends(get_conn, scope="request")]
# Database ids are PostgreSQL bigints: anything else is refused when the request is read
# (422 with the field named), never by the database halfway through a handler.
MAX_ID = 2**63 - 1
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
FormId = Annotated[int, Form(ge=1, le=MAX_ID)]
OptionalFormId = Annotated[int | None, Form(ge=1, le=MAX_ID)]
# An empty value is no id: a form's select sends its "everyone" option as candidate=.
OptionalQueryId = Annotated[
    Annotated[int, Field(ge=1, le=MAX_ID)] | None,
    BeforeValidator(lambda value: value or None),
    Query(),
]
# A day from a filter form; an empty date field is no day.
OptionalQueryDay = Annotated[date | None, BeforeValidator(lambda value: value or None), Query()]


async def optional_session(
    request: Request, conn: Conn, settings: SettingsDep
) -> SessionUser | None:
    session = await auth_sessions.resolve(
        conn, token=request.cookies.get(SESSION_COOKIE), settings=settings
    )
    request.state.session = session
    if session is not None:
        request.state.csrf_token = session.csrf_token
    return session


OptionalSession = Annotated[SessionUser | None, Depends(optional_session)]


def require_role(*roles: str) -> Callable[..., Any]:
    """Dependency: the signed-in user when their role is one of `roles`, else 401/403."""

    async def dependency(session: OptionalSession) -> User:
        if session is None:
            raise NotAuthenticated()
        if session.user.role not in roles:
            raise HTTPException(status_code=403, detail="Deze pagina is niet voor jouw rol.")
        return session.user

    dependency.__name__ = f"require_{'_or_'.join(roles)}"
    dependency.roles = roles  # type: ignore[attr-defined]  # read by the authorization test
    return dependency


CurrentUser = Annotated[User, Depends(require_role("jobcoach", "agency", "candidate", "admin"))]
CurrentCoach = Annotated[User, Depends(require_role("jobcoach"))]
CurrentAgency = Annotated[User, Depends(require_role("agency"))]
CurrentCandidate = Annotated[User, Depends(require_role("candidate"))]
CurrentAdmin = Annotated[User, Depends(require_role("admin"))]
# Every role that logs in with a second factor (web/accounts/two_factor.py).
CurrentStaff = Annotated[User, Depends(require_role("jobcoach", "agency", "admin"))]
# Every role that gets e-mail (web/notifications): their own settings page.
CurrentNotified = Annotated[User, Depends(require_role("jobcoach", "agency", "candidate"))]


async def csrf_protect(request: Request, session: OptionalSession) -> None:
    """Every state-changing browser request carries the token (form field or header)."""
    if request.method in SAFE_METHODS or request.url.path.startswith("/api/"):
        return
    expected = session.csrf_token if session else request.cookies.get(ANON_CSRF_COOKIE)
    supplied = request.headers.get(CSRF_HEADER)
    if supplied is None and _is_form(request):
        supplied = str((await request.form()).get(CSRF_FIELD) or "")
    if not expected or not supplied or not secrets.compare_digest(expected, supplied):
        raise HTTPException(
            status_code=403,
            detail="Het formulier is verlopen of niet van deze site. Laad de pagina opnieuw.",
        )


def _is_form(request: Request) -> bool:
    content_type = request.headers.get("content-type", "")
    return content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))
