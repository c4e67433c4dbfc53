"""A staff member's setup link (`/instellen/{code}`, made by an admin): it sets the
password of a new account, or a new one for someone who forgot theirs. It works once,
expires, and ends every session of the account. Then the person logs in, and a staff
login asks for the second factor (enrolment the first time).

Wrong links count towards the same per-client limit as wrong invitation codes at
/welkom (one table, one window), so trying links is no faster than trying codes.
"""

from __future__ import annotations

import asyncio

import asyncpg

from web.accounts.passwords import hash_password, password_problem
from web.accounts.repositories import sessions, setup_links, users, welcome_failures
from web.accounts.repositories.setup_links import LinkState
from web.accounts.repositories.users import User
from web.errors import AppError
from web.oversight.repositories import audit
from web.settings import Settings

REFUSED = {
    "unknown": "Deze link kennen we niet. Kijk of je de hele link hebt overgenomen, "
    "of vraag je beheerder om een nieuwe.",
    "used": "Deze link is al gebruikt. Log in met je e-mailadres en wachtwoord, "
    "of vraag je beheerder om een nieuwe link.",
    "expired": "Deze link is verlopen. Vraag je beheerder om een nieuwe.",
    "disabled": "Je account staat uit. Vraag je beheerder om hulp.",
    "throttled": "Te veel verkeerde links geprobeerd vanaf dit apparaat of netwerk. "
    "Probeer het over een kwartier opnieuw.",
}
REFUSED_STATUS = {"unknown": 404, "used": 410, "expired": 410, "disabled": 403, "throttled": 429}


class SetupRefused(AppError):
    """`errors` maps a form field ("" = the link itself) to Dutch."""

    def __init__(
        self, errors: dict[str, str], status_code: int = 422, email: str | None = None
    ) -> None:
        super().__init__(" ".join(errors.values()), status_code)
        self.errors = errors
        self.email = email  # the account's address, to give the form back


def refused(status: str) -> SetupRefused:
    return SetupRefused({"": REFUSED[status]}, REFUSED_STATUS[status])


async def person_for(
    conn: asyncpg.Connection, *, code: str, client: str, settings: Settings
) -> tuple[LinkState, User]:
    """The account an open link is for; raises SetupRefused otherwise (a wrong link
    counts towards the client's limit)."""
    window = settings.welcome_throttle_window_minutes
    tried = await welcome_failures.in_window(conn, client=client, window_minutes=window)
    if tried >= settings.welcome_max_failures_per_client:
        raise refused("throttled")
    found = await setup_links.state(conn, code=code)
    if found.status != "open" or found.user_id is None:
        await welcome_failures.add(conn, client=client, window_minutes=window)
        raise refused(found.status)
    user = await users.by_id(conn, user_id=found.user_id)
    if user is None or user.disabled:
        raise refused("disabled")
    return found, user


async def set_password(
    conn: asyncpg.Connection,
    *,
    code: str,
    password: str,
    password_repeat: str,
    client: str,
    settings: Settings,
) -> User:
    """Use the link: the new password counts, every session of the account ends."""
    found, user = await person_for(conn, code=code, client=client, settings=settings)
    names = (user.display_name,)
    # zxcvbn and argon2 take CPU time: in a thread, off the event loop.
    problem = await asyncio.to_thread(password_problem, password, email=user.email, names=names)
    if problem:
        raise SetupRefused({"password": problem}, email=user.email)
    if password != password_repeat:
        raise SetupRefused(
            {"password_repeat": "De twee wachtwoorden zijn niet hetzelfde."}, email=user.email
        )
    password_hash = await asyncio.to_thread(hash_password, password)
    async with conn.transaction():  # a savepoint: the link is used only with the password
        if await setup_links.take(conn, code=code) is None:
            raise refused("used")
        await users.set_password(conn, user_id=user.id, password_hash=password_hash)
        await sessions.delete_for_user(conn, user_id=user.id)
    await audit.record_by(
        conn, user, action="setup_link_used", object_type="user", object_id=found.user_id
    )
    return user
