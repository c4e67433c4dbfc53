"""One-time links that let a staff member set their password (made by an admin).

Only the sha256 of the code is stored; the link is shown once to the admin. A newer link
for the same person makes the open ones expire."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

from web.accounts.repositories.invitations import code_hash

EXPIRE_OPEN = """
UPDATE staff_setup_links SET expires_at = now()
WHERE user_id = $1 AND used_at IS NULL AND expires_at > now()
"""
INSERT = """
INSERT INTO staff_setup_links (user_id, code_hash, created_by, expires_at)
VALUES ($1, $2, $3, now() + make_interval(hours => $4))
RETURNING id, expires_at
"""
STATE = """
SELECT id, user_id,
       CASE WHEN used_at IS NOT NULL THEN 'used'
            WHEN expires_at <= now() THEN 'expired'
            ELSE 'open' END AS status
FROM staff_setup_links WHERE code_hash = $1
"""
# Using a link is one atomic step: only an unused, unexpired one is taken.
TAKE = """
UPDATE staff_setup_links SET used_at = now()
WHERE code_hash = $1 AND used_at IS NULL AND expires_at > now()
RETURNING user_id
"""


@dataclass(frozen=True)
class IssuedLink:
    id: int
    code: str
    expires_at: datetime


@dataclass(frozen=True)
class LinkState:
    id: int | None
    user_id: int | None
    status: str  # "open", "used", "expired", "unknown" (or "throttled", set by the service)


async def issue(
    conn: asyncpg.Connection, *, user_id: int, code: str, created_by: int, hours: int
) -> IssuedLink:
    await conn.execute(EXPIRE_OPEN, user_id)
    row = await conn.fetchrow(INSERT, user_id, code_hash(code), created_by, hours)
    assert row is not None
    return IssuedLink(row["id"], code, row["expires_at"])


async def state(conn: asyncpg.Connection, *, code: str) -> LinkState:
    row = await conn.fetchrow(STATE, code_hash(code))
    return LinkState(**dict(row)) if row else LinkState(None, None, "unknown")


async def take(conn: asyncpg.Connection, *, code: str) -> int | None:
    """Use the link: the user id, or None when unknown, used or expired."""
    return await conn.fetchval(TAKE, code_hash(code))
