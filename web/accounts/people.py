"""An admin manages people in the browser: creates jobcoaches, agency users and other
admins, switches them off and on, hands out a link to set a password, and resets a lost
second factor. Every change is audited (object: the user).

Which people: the admin's own municipality's staff, and the users of every agency and
employer (agencies work with the municipalities; see repositories/people.py). Candidates
are managed by their jobcoach.

The admin never chooses or sees a password: a new person gets a one-time setup link
(`/instellen/{code}`) that the admin hands over; it works once and expires.
Switching someone off ends their sessions and pending logins at once, and their API keys
stop working (a key acts for the user who made it). An admin cannot switch themselves
off, nor the last enabled admin of a municipality.
"""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

from web.accounts.passwords import new_invitation_code
from web.accounts.repositories import people, second_factor, setup_links, users
from web.accounts.repositories import sessions as session_rows
from web.accounts.repositories.people import OrganisationChoice, Person
from web.accounts.repositories.setup_links import IssuedLink
from web.accounts.repositories.users import User
from web.accounts.welcome import EMAIL
from web.errors import AppError, NotFound
from web.oversight.repositories import audit
from web.settings import Settings

STAFF_ROLES = ("jobcoach", "agency", "admin")
EMAIL_MAX = 320
NAME_MAX = 200


class PersonRefused(AppError):
    """A form that cannot be saved; `errors` maps a field ("" = the whole form) to Dutch."""

    def __init__(self, errors: dict[str, str], status_code: int = 422) -> None:
        super().__init__(" ".join(errors.values()), status_code)
        self.errors = errors


@dataclass(frozen=True)
class NewPerson:
    email: str
    display_name: str
    role: str
    organisation_id: int | None


@dataclass(frozen=True)
class Created:
    person: User
    link: IssuedLink


async def directory(conn: asyncpg.Connection, *, admin: User) -> list[Person]:
    return await people.directory(conn, municipality_id=admin.organisation_id)


async def organisation_choices(
    conn: asyncpg.Connection, *, admin: User
) -> list[OrganisationChoice]:
    return await people.organisation_choices(conn, municipality_id=admin.organisation_id)


async def managed(conn: asyncpg.Connection, *, admin: User, user_id: int) -> Person:
    """A person this admin manages; anyone else is answered as absent."""
    found = await people.one(conn, municipality_id=admin.organisation_id, user_id=user_id)
    if found is None:
        raise NotFound("Deze persoon bestaat niet of valt niet onder jouw beheer.")
    return found


async def create(
    conn: asyncpg.Connection, *, admin: User, new: NewPerson, settings: Settings
) -> Created:
    """Make the account without a password, and the link that lets them set one."""
    errors = await form_problems(conn, admin=admin, new=new)
    if errors:
        raise PersonRefused(errors)
    assert new.organisation_id is not None
    try:
        async with conn.transaction():  # a savepoint: a taken address leaves nothing
            person = await users.create(
                conn,
                organisation_id=new.organisation_id,
                role=new.role,
                email=new.email.strip(),
                display_name=new.display_name.strip(),
                password_hash=None,
            )
    except users.DuplicateUser as exc:
        raise PersonRefused({"email": "Er is al een account met dit e-mailadres."}) from exc
    except users.WrongOrganisation as exc:
        raise PersonRefused({"organisation_id": str(exc)}) from exc
    await _audit(conn, admin, "user_created", person.id)
    link = await _issue_link(conn, admin=admin, user_id=person.id, settings=settings)
    return Created(person, link)


async def form_problems(conn: asyncpg.Connection, *, admin: User, new: NewPerson) -> dict[str, str]:
    """What is wrong with the form, by field, in Dutch (empty when it can be saved)."""
    errors: dict[str, str] = {}
    if not EMAIL.match(new.email.strip()) or len(new.email) > EMAIL_MAX:
        errors["email"] = "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."
    if not new.display_name.strip() or len(new.display_name) > NAME_MAX:
        errors["display_name"] = "Vul de naam in (hoogstens 200 tekens)."
    if new.role not in STAFF_ROLES:
        errors["role"] = "Kies een rol: jobcoach, uitzendbureau of beheerder."
    choices = {o.id: o for o in await organisation_choices(conn, admin=admin)}
    chosen = choices.get(new.organisation_id or 0)
    if chosen is None:
        errors["organisation_id"] = "Kies een organisatie uit de lijst."
    elif "role" not in errors:
        problem = users.organisation_problem(new.role, chosen.kind)
        if problem:
            errors["organisation_id"] = problem
    return errors


async def new_setup_link(
    conn: asyncpg.Connection, *, admin: User, user_id: int, settings: Settings
) -> tuple[Person, IssuedLink]:
    """A new link for someone who lost theirs or forgot their password (older ones stop)."""
    person = await managed(conn, admin=admin, user_id=user_id)
    if person.disabled:
        raise PersonRefused({"": "Dit account staat uit. Zet het eerst weer aan."}, 409)
    return person, await _issue_link(conn, admin=admin, user_id=person.id, settings=settings)


async def disable(conn: asyncpg.Connection, *, admin: User, user_id: int) -> Person:
    """Switch the account off: its sessions end now, its API keys stop working."""
    person = await managed(conn, admin=admin, user_id=user_id)
    if person.id == admin.id:
        raise PersonRefused({"": "Je kunt jezelf niet uitzetten. Vraag een andere beheerder."})
    if person.role == "admin" and not person.disabled:
        enabled = await people.lock_enabled_admins(conn, organisation_id=person.organisation_id)
        if set(enabled) <= {person.id}:
            raise PersonRefused(
                {"": "Dit is de laatste beheerder van de gemeente. Die kun je niet uitzetten."}
            )
    await people.set_disabled(conn, user_id=person.id, disabled=True)
    await session_rows.delete_for_user(conn, user_id=person.id)
    await second_factor.delete_pending_for_user(conn, user_id=person.id)
    await _audit(conn, admin, "user_disabled", person.id)
    return person


async def enable(conn: asyncpg.Connection, *, admin: User, user_id: int) -> Person:
    """Switch the account on again: the same password and second factor work again."""
    person = await managed(conn, admin=admin, user_id=user_id)
    await people.set_disabled(conn, user_id=person.id, disabled=False)
    await _audit(conn, admin, "user_enabled", person.id)
    return person


async def _issue_link(
    conn: asyncpg.Connection, *, admin: User, user_id: int, settings: Settings
) -> IssuedLink:
    link = await setup_links.issue(
        conn,
        user_id=user_id,
        code=new_invitation_code(),
        created_by=admin.id,
        hours=settings.setup_link_hours,
    )
    await _audit(conn, admin, "setup_link_created", user_id)
    return link


async def _audit(conn: asyncpg.Connection, admin: User, action: str, user_id: int) -> None:
    await audit.record_by(conn, admin, action=action, object_type="user", object_id=user_id)
