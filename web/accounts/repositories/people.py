"""The people an admin manages: their municipality's staff (jobcoaches, admins) and the
users of every agency and employer. Candidates are their coach's, not listed here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

# Which users a municipality's admin may manage. Agency users are shared: agencies work
# with the municipalities, and the admin overview already lists every organisation.
_MANAGED = """
(u.role IN ('jobcoach', 'admin') AND u.organisation_id = $1)
OR (u.role = 'agency' AND o.kind IN ('agency', 'employer'))
"""
DIRECTORY = f"""
SELECT u.id, u.email, u.display_name, u.role, u.organisation_id, o.name AS organisation,
       o.kind AS organisation_kind, u.disabled_at, u.password_hash IS NOT NULL AS has_password,
       EXISTS (SELECT 1 FROM totp_secrets t WHERE t.user_id = u.id) AS has_two_factor
FROM users u JOIN organisations o ON o.id = u.organisation_id
WHERE {_MANAGED}
ORDER BY o.kind <> 'municipality', o.name, u.disabled_at IS NOT NULL, u.display_name, u.email
"""
ONE = f"""
SELECT u.id, u.email, u.display_name, u.role, u.organisation_id, o.name AS organisation,
       o.kind AS organisation_kind, u.disabled_at, u.password_hash IS NOT NULL AS has_password,
       EXISTS (SELECT 1 FROM totp_secrets t WHERE t.user_id = u.id) AS has_two_factor
FROM users u JOIN organisations o ON o.id = u.organisation_id
WHERE u.id = $2 AND ({_MANAGED})
"""
# The organisations a new person may be put in: the admin's own municipality and every
# agency or employer.
ORGANISATIONS = """
SELECT id, kind, name FROM organisations
WHERE id = $1 OR kind IN ('agency', 'employer')
ORDER BY kind <> 'municipality', name
"""
# Locked, so two admins switching each other off at the same moment cannot both succeed
# and leave the municipality without one.
ENABLED_ADMINS = """
SELECT id FROM users
WHERE organisation_id = $1 AND role = 'admin' AND disabled_at IS NULL
ORDER BY id FOR UPDATE
"""
SET_DISABLED = """
UPDATE users SET disabled_at = CASE WHEN $2 THEN coalesce(disabled_at, now()) END
WHERE id = $1
"""


@dataclass(frozen=True)
class Person:
    id: int
    email: str
    display_name: str
    role: str
    organisation_id: int
    organisation: str
    organisation_kind: str
    disabled_at: datetime | None
    has_password: bool
    has_two_factor: bool

    @property
    def disabled(self) -> bool:
        return self.disabled_at is not None


@dataclass(frozen=True)
class OrganisationChoice:
    id: int
    kind: str
    name: str


async def directory(conn: asyncpg.Connection, *, municipality_id: int) -> list[Person]:
    return [Person(**dict(r)) for r in await conn.fetch(DIRECTORY, municipality_id)]


async def one(conn: asyncpg.Connection, *, municipality_id: int, user_id: int) -> Person | None:
    """The person when this municipality's admin may manage them, else None."""
    row = await conn.fetchrow(ONE, municipality_id, user_id)
    return Person(**dict(row)) if row else None


async def organisation_choices(
    conn: asyncpg.Connection, *, municipality_id: int
) -> list[OrganisationChoice]:
    return [OrganisationChoice(**dict(r)) for r in await conn.fetch(ORGANISATIONS, municipality_id)]


async def lock_enabled_admins(conn: asyncpg.Connection, *, organisation_id: int) -> list[int]:
    """The ids of the organisation's enabled admins, locked until the transaction ends."""
    return [r["id"] for r in await conn.fetch(ENABLED_ADMINS, organisation_id)]


async def set_disabled(conn: asyncpg.Connection, *, user_id: int, disabled: bool) -> None:
    await conn.execute(SET_DISABLED, user_id, disabled)
