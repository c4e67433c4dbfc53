"""Users: one role each, attached to one organisation."""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

ROLES = ("jobcoach", "agency", "candidate", "admin")
# Which kind of organisation each role belongs to: coaches, admins and candidates are the
# municipality's; an agency user works for a staffing agency or an employer. A jobcoach in
# an agency organisation would see that agency's world as their own (issue 11).
ORGANISATION_KINDS = {
    "jobcoach": ("municipality",),
    "admin": ("municipality",),
    "candidate": ("municipality",),
    "agency": ("agency", "employer"),
}
_ROLE_NAMES = {
    "jobcoach": "een jobcoach",
    "admin": "een beheerder",
    "candidate": "een kandidaat",
    "agency": "een gebruiker van een uitzendbureau of werkgever",
}
_KIND_NAMES = {
    "municipality": "een gemeente",
    "agency": "een uitzendbureau",
    "employer": "een werkgever",
}

_COLUMNS = "u.id, u.organisation_id, u.role, u.email, u.display_name, u.disabled_at IS NOT NULL"
INSERT = """
INSERT INTO users (organisation_id, role, email, display_name, password_hash)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT DO NOTHING
RETURNING id
"""
BY_EMAIL = f"""
SELECT {_COLUMNS} AS disabled, u.password_hash FROM users u WHERE lower(u.email) = lower($1)
"""
BY_ID = f"SELECT {_COLUMNS} AS disabled FROM users u WHERE u.id = $1"
ORGANISATION_KIND = "SELECT kind FROM organisations WHERE id = $1"
SET_PASSWORD = "UPDATE users SET password_hash = $2 WHERE id = $1"


@dataclass(frozen=True)
class User:
    id: int
    organisation_id: int
    role: str
    email: str
    display_name: str
    disabled: bool = False


class DuplicateUser(Exception):
    pass


class WrongOrganisation(ValueError):
    """A role that does not belong in this kind of organisation; the message is Dutch."""


def organisation_problem(role: str, kind: str | None) -> str | None:
    """Why a user with `role` cannot be made in an organisation of `kind`, or None."""
    allowed = ORGANISATION_KINDS.get(role, ())
    if kind in allowed:
        return None
    if kind is None:
        return "Deze organisatie bestaat niet."
    where = " of ".join(_KIND_NAMES[k] for k in allowed) or "geen organisatie"
    return (
        f"{_ROLE_NAMES.get(role, role).capitalize()} hoort bij {where}, "
        f"niet bij {_KIND_NAMES.get(kind, kind)}."
    )


async def create(
    conn: asyncpg.Connection,
    *,
    organisation_id: int,
    role: str,
    email: str,
    password_hash: str | None,
    display_name: str = "",
) -> User:
    """Create a user; raises WrongOrganisation when the role does not belong in that
    kind of organisation, DuplicateUser when the e-mail address is taken."""
    kind = await conn.fetchval(ORGANISATION_KIND, organisation_id)
    problem = organisation_problem(role, kind)
    if problem:
        raise WrongOrganisation(problem)
    user_id = await conn.fetchval(
        INSERT, organisation_id, role, email.strip(), display_name, password_hash
    )
    if user_id is None:
        raise DuplicateUser(f"a user with e-mail '{email}' already exists")
    user = await by_id(conn, user_id=user_id)
    assert user is not None
    return user


async def by_id(conn: asyncpg.Connection, *, user_id: int) -> User | None:
    row = await conn.fetchrow(BY_ID, user_id)
    return User(*row) if row else None


async def credentials(conn: asyncpg.Connection, *, email: str) -> tuple[User, str | None] | None:
    """The user with this e-mail address and their password hash, for login only."""
    row = await conn.fetchrow(BY_EMAIL, email.strip())
    if row is None:
        return None
    return User(*list(row)[:6]), row["password_hash"]


async def set_password(conn: asyncpg.Connection, *, user_id: int, password_hash: str) -> None:
    await conn.execute(SET_PASSWORD, user_id, password_hash)
