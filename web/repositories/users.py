"""Users: one role each, attached to one organisation."""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

ROLES = ("jobcoach", "agency", "candidate", "admin")

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
BY_ROLE = f"""
SELECT {_COLUMNS} AS disabled FROM users u
WHERE u.role = $1 AND u.organisation_id = $2 ORDER BY u.display_name
"""
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


async def create(
    conn: asyncpg.Connection,
    *,
    organisation_id: int,
    role: str,
    email: str,
    password_hash: str | None,
    display_name: str = "",
) -> User:
    """Create a user; raises DuplicateUser when the e-mail address is taken."""
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


async def with_role(conn: asyncpg.Connection, *, role: str, organisation_id: int) -> list[User]:
    return [User(*r) for r in await conn.fetch(BY_ROLE, role, organisation_id)]


async def set_password(conn: asyncpg.Connection, *, user_id: int, password_hash: str) -> None:
    await conn.execute(SET_PASSWORD, user_id, password_hash)
