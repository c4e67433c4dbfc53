"""A candidate's first visit: an invitation code from their jobcoach becomes an account.

Using the invitation, creating the user and linking it to the candidate happen in one
savepoint: a second use of the same code, or an e-mail address taken a moment ago,
leaves the invitation unused and nothing half-made.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass

import asyncpg

from web.auth import sessions as auth_sessions
from web.auth.passwords import hash_password, password_problem
from web.repositories import audit, candidates, invitations, users
from web.repositories.users import User
from web.settings import Settings

REFUSED = {
    "unknown": "Deze code kennen we niet. Kijk of je hem goed hebt overgetypt. "
    "Lukt het niet? Vraag je jobcoach om een nieuwe code.",
    "used": "Deze code is al gebruikt. Heb je al een account? Log dan in. "
    "Anders kan je jobcoach je een nieuwe code geven.",
    "expired": "Deze code is verlopen. Vraag je jobcoach om een nieuwe code.",
    "linked": "Je hebt al een account. Log in met je e-mailadres en wachtwoord.",
}
# Refused codes: unknown → 404, used or expired → 410 (the page explains what to do).
REFUSED_STATUS = {"unknown": 404, "used": 410, "expired": 410}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class WelcomeError(ValueError):
    """The account cannot be made; `errors` maps a form field ("" = whole form) to Dutch."""

    def __init__(self, errors: dict[str, str], status: int = 422) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors
        self.status = status


@dataclass(frozen=True)
class Account:
    user: User
    token: str  # the new session's cookie value


def check_form(email: str, password: str, password_repeat: str) -> dict[str, str]:
    errors = {}
    if not EMAIL.match(email.strip()) or len(email) > 320:
        errors["email"] = "Vul een e-mailadres in, zoals naam@voorbeeld.nl."
    problem = password_problem(password)
    if problem:
        errors["password"] = problem
    elif password != password_repeat:
        errors["password_repeat"] = "De twee wachtwoorden zijn niet hetzelfde."
    return errors


async def code_status(conn: asyncpg.Connection, *, code: str) -> invitations.InvitationState:
    """Whether a code works; every check is audited (which invitation, never the code):
    invitation_open, invitation_used, invitation_expired or invitation_unknown."""
    found = await invitations.state(conn, code=code)
    await audit.record(
        conn, action=f"invitation_{found.status}", object_type="invitation", object_id=found.id
    )
    return found


async def create_account(
    conn: asyncpg.Connection,
    *,
    code: str,
    email: str,
    password: str,
    password_repeat: str,
    settings: Settings,
) -> Account:
    """Use the invitation, create the candidate's login and open a session."""
    errors = check_form(email, password, password_repeat)
    if errors:
        raise WelcomeError(errors)
    found = await code_status(conn, code=code)
    if found.status != "open":
        raise WelcomeError({"": REFUSED[found.status]}, REFUSED_STATUS[found.status])
    if await users.credentials(conn, email=email) is not None:
        raise WelcomeError({"email": "Dit e-mailadres heeft al een account. Kies een ander."})
    user = await _take_and_link(conn, code=code, email=email, password=password)
    await _audit(conn, user, "invitation_used", "invitation", found.id)
    await _audit(conn, user, "account_created", "user", user.id)
    token = await auth_sessions.open_session(conn, user=user, settings=settings)
    return Account(user, token)


async def _take_and_link(conn: asyncpg.Connection, *, code: str, email: str, password: str) -> User:
    # Hashed before the savepoint, in a thread: argon2 is slow on purpose.
    password_hash = await asyncio.to_thread(hash_password, password)
    async with conn.transaction():  # a savepoint inside the request's transaction
        candidate_id = await invitations.take(conn, code=code)
        candidate = (
            await candidates.by_id(conn, candidate_id=candidate_id) if candidate_id else None
        )
        if candidate is None:
            raise WelcomeError({"": REFUSED["used"]}, 410)
        if candidate.user_id is not None:
            raise WelcomeError({"": REFUSED["linked"]}, 409)
        try:
            user = await users.create(
                conn,
                organisation_id=candidate.organisation_id,
                role="candidate",
                email=email,
                password_hash=password_hash,
                display_name=candidate.first_name,
            )
        except users.DuplicateUser as exc:
            raise WelcomeError({"email": "Dit e-mailadres heeft al een account."}) from exc
        if not await candidates.link_user(conn, candidate_id=candidate.id, user_id=user.id):
            raise WelcomeError({"": REFUSED["linked"]}, 409)
        return user


async def _audit(
    conn: asyncpg.Connection, user: User, action: str, object_type: str, object_id: int | None
) -> None:
    await audit.record_by(
        conn,
        user,
        action=action,
        object_type=object_type,
        object_id=object_id,
    )
