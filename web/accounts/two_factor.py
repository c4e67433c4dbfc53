"""The second step of a staff login: a TOTP code from an app, or a one-time recovery
code. The session is opened here, only after the code (web/accounts/sessions.py made the
pending login after the password).

- First login (no secret yet): the enrolment page shows a new secret as QR code and
  otpauth URI; a correct code stores it and shows 10 recovery codes, once (stored as
  sha256).
- Later logins: a 6-digit code, accepted once (a later step than the last one used), or
  an unused recovery code.
- Wrong codes count as failed logins (login_attempts) for that account and the client
  that typed the password, so the login limits hold for codes as for passwords.
- An admin resets someone's second factor (lost phone): secret and recovery codes go,
  every session ends, the next login enrols again. Audited like every step here.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import asyncpg

from web.accounts import people, totp
from web.accounts import sessions as auth_sessions
from web.accounts.repositories import second_factor, users
from web.accounts.repositories import sessions as session_rows
from web.accounts.repositories.people import Person
from web.accounts.repositories.second_factor import PendingLogin
from web.accounts.repositories.users import User
from web.errors import AppError
from web.oversight.repositories import audit
from web.settings import Settings

WRONG = "Deze code klopt niet. Typ de code die je app nu laat zien, of een herstelcode."
USED = "Deze code is net al gebruikt. Wacht op de volgende code in je app."
EXPIRED = "Het inloggen duurde te lang of is al afgerond. Log opnieuw in."
THROTTLED = (
    "Te veel mislukte pogingen vanaf dit apparaat of netwerk. "
    "Probeer het over een kwartier opnieuw."
)


class CodeRefused(AppError):
    """A code that does not log in: wrong (401), already used (401), too many tries (429),
    or the pending login is gone (`expired`: start again at /login)."""

    def __init__(self, message: str, status_code: int = 401, *, expired: bool = False) -> None:
        super().__init__(message, status_code)
        self.expired = expired


@dataclass(frozen=True)
class SecondStep:
    user: User
    pending: PendingLogin

    @property
    def enrolling(self) -> bool:
        return self.pending.new_secret is not None


@dataclass(frozen=True)
class Enrolment:
    secret: str  # in groups of four
    uri: str
    qr_svg: str


@dataclass(frozen=True)
class SignedIn:
    user: User
    token: str  # the new session's cookie value
    next_path: str
    recovery_codes: list[str] = field(default_factory=list)  # after enrolment only


async def second_step(conn: asyncpg.Connection, *, token: str | None) -> SecondStep | None:
    """The pending login behind the cookie, or None (none, expired, account switched off)."""
    if not token:
        return None
    found = await second_factor.pending(conn, token_hash=auth_sessions.token_hash(token))
    user = await users.by_id(conn, user_id=found.user_id) if found else None
    if found is None or user is None or user.disabled:
        return None
    return SecondStep(user, found)


async def enrolment(step: SecondStep) -> Enrolment:
    """What the enrolment page shows (the QR code is drawn in a thread)."""
    assert step.pending.new_secret is not None
    secret = step.pending.new_secret
    uri = totp.provisioning_uri(secret, step.user.email)
    return Enrolment(totp.grouped(secret), uri, await asyncio.to_thread(totp.qr_svg, uri))


async def confirm_enrolment(
    conn: asyncpg.Connection, *, token: str, code: str, settings: Settings
) -> SignedIn:
    """A correct code from the new secret stores it; then the recovery codes and the session."""
    step = await _open_step(conn, token=token, settings=settings)
    secret = step.pending.new_secret
    if secret is None:
        raise CodeRefused(EXPIRED, expired=True)
    matched = totp.matching_step(secret, code)
    if matched is None:
        await _failed(conn, step)
        raise CodeRefused(WRONG)
    if not await second_factor.enrol(conn, user_id=step.user.id, secret=secret, step=matched):
        raise CodeRefused(EXPIRED, expired=True)  # enrolled meanwhile, in another tab
    codes = await _new_recovery_codes(conn, step.user)
    await _audit(conn, step.user, "totp_enrolled")
    return await _sign_in(conn, token=token, step=step, settings=settings, recovery_codes=codes)


async def verify(
    conn: asyncpg.Connection, *, token: str, code: str, settings: Settings
) -> SignedIn:
    """A TOTP code (once) or a recovery code (once) completes the login."""
    step = await _open_step(conn, token=token, settings=settings)
    secret = await second_factor.secret_of(conn, user_id=step.user.id)
    if secret is None or step.enrolling:
        raise CodeRefused(EXPIRED, expired=True)  # reset by an admin meanwhile
    if totp.looks_like_totp(code):
        matched = totp.matching_step(secret, code)
        if matched is None or not await second_factor.use_step(
            conn, user_id=step.user.id, step=matched
        ):
            await _failed(conn, step)
            raise CodeRefused(WRONG if matched is None else USED)
    elif await second_factor.use_recovery_code(
        conn, user_id=step.user.id, code_hash=totp.recovery_hash(code)
    ):
        await _audit(conn, step.user, "recovery_code_used")
    else:
        await _failed(conn, step)
        raise CodeRefused(WRONG)
    return await _sign_in(conn, token=token, step=step, settings=settings)


async def renew_recovery_codes(conn: asyncpg.Connection, *, user: User) -> list[str]:
    """Ten new recovery codes for a signed-in staff member; the old ones stop working."""
    if await second_factor.secret_of(conn, user_id=user.id) is None:
        raise AppError("Stel eerst de tweede stap in (log opnieuw in).", 409)
    codes = await _new_recovery_codes(conn, user)
    await _audit(conn, user, "recovery_codes_renewed")
    return codes


async def recovery_codes_left(conn: asyncpg.Connection, *, user: User) -> int:
    return await second_factor.recovery_codes_left(conn, user_id=user.id)


async def reset(conn: asyncpg.Connection, *, admin: User, user_id: int) -> Person:
    """An admin resets someone's second factor: it is set up anew at the next login."""
    person = await people.managed(conn, admin=admin, user_id=user_id)
    await second_factor.remove(conn, user_id=person.id)
    await second_factor.delete_pending_for_user(conn, user_id=person.id)
    await session_rows.delete_for_user(conn, user_id=person.id)
    await audit.record_by(conn, admin, action="totp_reset", object_type="user", object_id=person.id)
    return person


async def _open_step(conn: asyncpg.Connection, *, token: str, settings: Settings) -> SecondStep:
    step = await second_step(conn, token=token)
    if step is None:
        raise CodeRefused(EXPIRED, expired=True)
    if await auth_sessions.is_throttled(
        conn, email_key=_email_key(step.user), client=step.pending.client, settings=settings
    ):
        raise CodeRefused(THROTTLED, 429)
    return step


async def _failed(conn: asyncpg.Connection, step: SecondStep) -> None:
    await session_rows.record_attempt(
        conn, email_key=_email_key(step.user), client=step.pending.client, succeeded=False
    )


async def _sign_in(
    conn: asyncpg.Connection,
    *,
    token: str,
    step: SecondStep,
    settings: Settings,
    recovery_codes: list[str] | None = None,
) -> SignedIn:
    """The login succeeded: the pending login goes, the failures are forgotten, and the
    session opens (audited as login)."""
    await second_factor.delete_pending(conn, token_hash=auth_sessions.token_hash(token))
    await session_rows.record_attempt(
        conn, email_key=_email_key(step.user), client=step.pending.client, succeeded=True
    )
    session = await auth_sessions.open_session(conn, user=step.user, settings=settings)
    return SignedIn(step.user, session, step.pending.next_path, recovery_codes or [])


async def _new_recovery_codes(conn: asyncpg.Connection, user: User) -> list[str]:
    codes = totp.new_recovery_codes()
    hashes = [totp.recovery_hash(code) for code in codes]
    await second_factor.replace_recovery_codes(conn, user_id=user.id, code_hashes=hashes)
    return codes


def _email_key(user: User) -> str:
    return user.email.strip().lower()


async def _audit(conn: asyncpg.Connection, user: User, action: str) -> None:
    await audit.record_by(conn, user, action=action, object_type="user", object_id=user.id)
