"""A candidate's first visit: an invitation code from their jobcoach becomes an account.
For a candidate who already has one, the same kind of code is a reset link: it sets a
new password and ends every session of the account (a lost or shared phone is signed
out), audited as password_reset_used.

Using the invitation, creating the user and linking it to the candidate happen in one
savepoint: a second use of the same code, or an e-mail address taken a moment ago,
leaves the invitation unused and nothing half-made.

Codes are guessable only by trying: wrong codes are counted per client, a client that
tried too many in the window is refused (429) until it ends, and the audit log gets one
entry per client and window with the count, not one row per guess.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass

import asyncpg

from web.accounts import sessions as auth_sessions
from web.accounts.passwords import hash_password, password_problem
from web.accounts.repositories import invitations, users, welcome_failures
from web.accounts.repositories import sessions as auth_sessions_repo
from web.accounts.repositories.users import User
from web.candidates.repositories import candidates
from web.candidates.repositories.candidates import CandidateRecord
from web.errors import AppError
from web.oversight.repositories import audit
from web.settings import Settings

REFUSED = {
    "unknown": "Deze code kennen we niet. Kijk of je hem goed hebt overgetypt. "
    "Lukt het niet? Vraag je jobcoach om een nieuwe code.",
    "used": "Deze code is al gebruikt. Heb je al een account? Log dan in. "
    "Anders kan je jobcoach je een nieuwe code geven.",
    "expired": "Deze code is verlopen. Vraag je jobcoach om een nieuwe code.",
    "linked": "Je hebt al een account. Log in met je e-mailadres en wachtwoord.",
    "disabled": "Je account staat uit. Vraag je jobcoach om hulp.",
    "throttled": "Je hebt te vaak een verkeerde code geprobeerd. Wacht een kwartier en "
    "probeer het dan opnieuw. Lukt het niet? Vraag je jobcoach om hulp.",
}
# Refused codes: unknown → 404, used or expired → 410 (the page explains what to do),
# too many wrong codes from this client → 429.
REFUSED_STATUS = {"unknown": 404, "used": 410, "expired": 410, "throttled": 429}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class WelcomeError(AppError):
    """The account cannot be made; `errors` maps a form field ("" = whole form) to Dutch."""

    def __init__(
        self, errors: dict[str, str], status_code: int = 422, account_email: str | None = None
    ) -> None:
        super().__init__("; ".join(errors.values()), status_code)
        self.errors = errors
        self.account_email = account_email  # set for a reset link: the form to give back


@dataclass(frozen=True)
class Account:
    user: User
    token: str  # the new session's cookie value


def check_form(
    email: str, password: str, password_repeat: str, names: tuple[str, ...] = ()
) -> dict[str, str]:
    """Form errors by field; the password rule knows the person's address and name."""
    errors = {}
    if not EMAIL.match(email.strip()) or len(email) > 320:
        errors["email"] = "Vul een e-mailadres in, zoals naam@voorbeeld.nl."
    problem = password_problem(password, email=email, names=names)
    if problem:
        errors["password"] = problem
    elif password != password_repeat:
        errors["password_repeat"] = "De twee wachtwoorden zijn niet hetzelfde."
    return errors


async def code_status(
    conn: asyncpg.Connection, *, code: str, client: str, settings: Settings
) -> invitations.InvitationState:
    """Whether a code works, or "throttled" when this client tried too many wrong ones.

    An open code is audited (invitation_open, which invitation, never the code); a wrong
    one (unknown, used, expired) only counts towards the client's window."""
    window = settings.welcome_throttle_window_minutes
    tried = await welcome_failures.in_window(conn, client=client, window_minutes=window)
    if tried >= settings.welcome_max_failures_per_client:
        return invitations.InvitationState(None, None, "throttled")
    found = await invitations.state(conn, code=code)
    if found.status == "open":
        await audit.record(
            conn, action="invitation_open", object_type="invitation", object_id=found.id
        )
    else:
        await welcome_failures.add(conn, client=client, window_minutes=window)
    await _audit_closed_windows(conn, window)
    return found


async def _audit_closed_windows(conn: asyncpg.Connection, window_minutes: int) -> None:
    """One audit entry per client and ended window: how many wrong codes it tried."""
    for count in await welcome_failures.take_closed(conn, window_minutes=window_minutes):
        await audit.record_count(
            conn, action="welcome_failures", object_type="invitation", count=count
        )


async def account_of(conn: asyncpg.Connection, found: invitations.InvitationState) -> User | None:
    """The account an open code's candidate already has: then the code is a reset link."""
    candidate = await _candidate(conn, found.candidate_id)
    if candidate is None or candidate.user_id is None:
        return None
    return await users.by_id(conn, user_id=candidate.user_id)


async def use_code(
    conn: asyncpg.Connection,
    *,
    code: str,
    email: str,
    password: str,
    password_repeat: str,
    client: str,
    settings: Settings,
) -> Account:
    """Use the code: create the candidate's login, or give the account they already have a
    new password (`email` is then not asked); either way a new session is opened."""
    found = await code_status(conn, code=code, client=client, settings=settings)
    if found.status != "open":
        raise WelcomeError({"": REFUSED[found.status]}, REFUSED_STATUS[found.status])
    existing = await account_of(conn, found)
    if existing is not None:
        return await reset_password(
            conn,
            found=found,
            user=existing,
            code=code,
            password=password,
            password_repeat=password_repeat,
            settings=settings,
        )
    names = await _candidate_names(conn, found.candidate_id)
    # zxcvbn takes a few ms of CPU: in a thread, like the password hash.
    errors = await asyncio.to_thread(check_form, email, password, password_repeat, names)
    if errors:
        raise WelcomeError(errors)
    if await users.credentials(conn, email=email) is not None:
        raise WelcomeError({"email": "Dit e-mailadres heeft al een account. Kies een ander."})
    user = await _take_and_link(conn, code=code, email=email, password=password)
    await _audit(conn, user, "invitation_used", "invitation", found.id)
    await _audit(conn, user, "account_created", "user", user.id)
    token = await auth_sessions.open_session(conn, user=user, settings=settings)
    return Account(user, token)


async def reset_password(
    conn: asyncpg.Connection,
    *,
    found: invitations.InvitationState,
    user: User,
    code: str,
    password: str,
    password_repeat: str,
    settings: Settings,
) -> Account:
    """A reset link sets a new password: every session of the account ends, a new one
    opens here. Refused for an account that is switched off (it could not log in)."""
    if user.disabled:
        raise WelcomeError({"": REFUSED["disabled"]}, 403, user.email)
    names = await _candidate_names(conn, found.candidate_id)
    errors = await asyncio.to_thread(
        check_form, user.email, password, password_repeat, names
    )  # zxcvbn in a thread, as above
    if errors:
        raise WelcomeError(errors, account_email=user.email)
    password_hash = await asyncio.to_thread(hash_password, password)
    async with conn.transaction():  # a savepoint: the link is used only with the password
        if await invitations.take(conn, code=code) is None:
            raise WelcomeError({"": REFUSED["used"]}, 410, user.email)
        await users.set_password(conn, user_id=user.id, password_hash=password_hash)
        await auth_sessions_repo.delete_for_user(conn, user_id=user.id)
    await _audit(conn, user, "password_reset_used", "invitation", found.id)
    token = await auth_sessions.open_session(conn, user=user, settings=settings)
    return Account(user, token)


async def _candidate(conn: asyncpg.Connection, candidate_id: int | None) -> CandidateRecord | None:
    return await candidates.by_id(conn, candidate_id=candidate_id) if candidate_id else None


async def _candidate_names(conn: asyncpg.Connection, candidate_id: int | None) -> tuple[str, ...]:
    candidate = await _candidate(conn, candidate_id)
    return (candidate.first_name, candidate.last_name) if candidate else ()


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
