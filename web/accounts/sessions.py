"""Login, logout and looking up the session behind a cookie.

The cookie carries a random 256-bit token; the database stores only its sha256, so a
leaked table cannot be replayed. Every login issues a new token (no session fixation).

Failed logins are throttled per client: for one account from that client, and for all
accounts from that client. Never per account alone, or anyone could lock a person out by
typing their address with wrong passwords.

Staff (jobcoach, agency, admin) have a second factor: a correct password opens no session
but a pending login (a short-lived token in its own cookie), and web/accounts/two_factor.py
opens the session after the code. Only then does the login count as a success, so wrong
codes fall under the same limits as wrong passwords.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from dataclasses import dataclass

import asyncpg
from starlette.responses import Response

from web.accounts import totp
from web.accounts.passwords import verify_password
from web.accounts.repositories import second_factor, sessions, users
from web.accounts.repositories.users import User
from web.oversight.repositories import audit
from web.settings import Settings

SESSION_COOKIE = "perspectief_session"
PENDING_COOKIE = "perspectief_pending"  # between the password and the second factor
# Who logs in with a second factor (TOTP); candidates do not.
SECOND_FACTOR_ROLES = frozenset({"jobcoach", "agency", "admin"})


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    token: str | None = None  # the new session's, when no second factor is asked
    throttled: bool = False
    pending_token: str | None = None  # the pending login's, when the second factor is next
    enrolling: bool = False  # the second factor is still to be set up


def token_hash(token: str) -> bytes:
    return hashlib.sha256(token.encode("ascii", "replace")).digest()


async def login(
    conn: asyncpg.Connection,
    *,
    email: str,
    password: str,
    client: str,
    settings: Settings,
    next_path: str = "",
) -> LoginResult:
    """Check credentials (with throttling); on success open a new session, or for staff a
    pending login that waits for the second factor."""
    email_key = email.strip().lower()
    if await is_throttled(conn, email_key=email_key, client=client, settings=settings):
        return LoginResult(user=None, throttled=True)
    found = await users.credentials(conn, email=email_key)
    user, password_hash = found if found else (None, None)
    # argon2 takes ~50 ms of CPU on purpose: in a thread, so 20 logins at once do not
    # queue behind each other on the event loop (argon2-cffi releases the GIL).
    checked = await asyncio.to_thread(verify_password, password_hash, password)
    valid = checked and user is not None and not user.disabled
    if valid and user is not None and user.role in SECOND_FACTOR_ROLES:
        return await start_second_step(
            conn, user=user, client=client, next_path=next_path, settings=settings
        )
    await sessions.record_attempt(conn, email_key=email_key, client=client, succeeded=valid)
    if not valid or user is None:
        return LoginResult(user=None)
    token = await open_session(conn, user=user, settings=settings)
    return LoginResult(user=user, token=token)


async def start_second_step(
    conn: asyncpg.Connection, *, user: User, client: str, next_path: str, settings: Settings
) -> LoginResult:
    """The password was right: a pending login, with a new secret to enrol when the
    person has none yet. Not yet a success (failures are not forgotten)."""
    enrolling = await second_factor.secret_of(conn, user_id=user.id) is None
    pending = secrets.token_urlsafe(32)
    await second_factor.add_pending(
        conn,
        token_hash=token_hash(pending),
        user_id=user.id,
        client=client,
        next_path=next_path,
        new_secret=totp.new_secret() if enrolling else None,
        minutes=settings.second_step_minutes,
    )
    return LoginResult(user=user, pending_token=pending, enrolling=enrolling)


async def is_throttled(
    conn: asyncpg.Connection, *, email_key: str, client: str, settings: Settings
) -> bool:
    window = settings.login_throttle_window_minutes
    await sessions.prune_attempts(conn, window_minutes=window)
    failed = await sessions.recent_failures(
        conn, email_key=email_key, client=client, window_minutes=window
    )
    return (
        failed.for_account >= settings.login_max_failures_per_account
        or failed.for_client >= settings.login_max_failures_per_client
    )


async def open_session(conn: asyncpg.Connection, *, user: User, settings: Settings) -> str:
    token = secrets.token_urlsafe(32)
    await sessions.create(
        conn,
        token_hash=token_hash(token),
        user_id=user.id,
        csrf_token=secrets.token_urlsafe(32),
        absolute_minutes=settings.session_absolute_minutes,
    )
    await audit.record_by(
        conn,
        user,
        action="login",
        object_type="user",
        object_id=user.id,
    )
    return token


async def logout(conn: asyncpg.Connection, *, token: str, user: User | None) -> None:
    await sessions.delete(conn, token_hash=token_hash(token))
    if user is not None:
        await audit.record_by(
            conn,
            user,
            action="logout",
            object_type="user",
            object_id=user.id,
        )


@dataclass(frozen=True)
class SessionUser:
    user: User
    csrf_token: str


async def resolve(
    conn: asyncpg.Connection, *, token: str | None, settings: Settings
) -> SessionUser | None:
    if not token:
        return None
    active = await sessions.touch(
        conn, token_hash=token_hash(token), idle_minutes=settings.session_idle_minutes
    )
    if active is None:
        return None
    user = await users.by_id(conn, user_id=active.user_id)
    return SessionUser(user=user, csrf_token=active.csrf_token) if user else None


def set_pending_cookie(response: Response, token: str, settings: Settings) -> None:
    """The pending login's cookie: only sent to /login/…, gone with the pending login."""
    response.set_cookie(
        PENDING_COOKIE,
        token,
        path="/login",
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        max_age=settings.second_step_minutes * 60,
    )


def set_session_cookie(response: Response, token: str, settings: Settings) -> None:
    """The session cookie as login sets it: HttpOnly, SameSite=Lax, Secure in production."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        max_age=settings.session_absolute_minutes * 60,
    )
